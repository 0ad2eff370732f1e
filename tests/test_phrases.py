"""Phrase lists: `made_of` and `leading_phrases` against their plain definition."""

from __future__ import annotations

import pytest

from analyser.resources import leading_phrases, made_of, phrase_list, phrase_words


def plain_leading_phrases(words, phrases):
    """The definition, with no shortcut: at each word, the longest phrase that starts there."""
    longest = max(len(p) for p in phrases)
    run, index = [], 0
    while index < len(words):
        size = next((n for n in range(longest, 0, -1) if tuple(words[index : index + n]) in phrases), 0)
        if not size:
            break
        run.append(tuple(words[index : index + size]))
        index += size
    return tuple(run)


TEXTS = [
    "Mm-hmm.",
    "D'accord, oui.",
    "Oui oui, tout à fait.",
    "Oui, mais je ne sais pas.",
    "Je vois.",
    "Vous dormez mal.",
    "Euh… bah, voilà.",
    "Au revoir, et bonne semaine !",
    "Merci pour votre confiance.",
    "…",
    "",
]
LISTS = [("backchannels.txt",), ("backchannels.txt", "discourse_fillers.txt"), ("social_formulas.txt", "backchannels.txt", "discourse_fillers.txt")]


@pytest.mark.parametrize("names", LISTS)
@pytest.mark.parametrize("text", TEXTS)
def test_made_of_and_leading_phrases_follow_the_definition(text, names):
    phrases = phrase_list(*names)
    words = phrase_words(text)
    run = plain_leading_phrases(words, phrases)
    assert leading_phrases(words, phrases) == run
    assert made_of(text, phrases) is (sum(map(len, run)) == len(words))


def test_a_text_without_words_is_made_of_any_list():
    assert made_of("… ?", phrase_list("backchannels.txt"))
