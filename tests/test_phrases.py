"""Phrase lists: which phrases lead a text (`leading_phrases`), and whether it is made of them only (`made_of`)."""

from __future__ import annotations

import pytest

from analyser.phrases import leading_phrases, made_of, phrase_words
from analyser.resources import phrase_list

BACKCHANNELS = ("backchannels.txt",)
WITH_FILLERS = ("backchannels.txt", "discourse_fillers.txt")
WITH_FORMULAS = ("social_formulas.txt", "backchannels.txt", "discourse_fillers.txt")

# (text, lists, the phrases that lead it, whether it is made of them only)
EXAMPLES = [
    # Punctuation and case do not count; a phrase is one word or several.
    ("Mm-hmm.", BACKCHANNELS, ["mm-hmm"], True),
    ("D'accord, oui.", BACKCHANNELS, ["d' accord", "oui"], True),
    ("Hm-hm.", BACKCHANNELS, ["hm-hm"], True),
    # A dash that cuts a word off is not part of it; inner hyphens are.
    ("Ouais-", BACKCHANNELS, ["ouais"], True),
    ("-et vous buvez le soir.", WITH_FILLERS, ["et"], False),
    # At each word the longest phrase that starts there wins: « tout à fait », not « tout ».
    ("Oui oui, tout à fait.", BACKCHANNELS, ["oui", "oui", "tout à fait"], True),
    ("Je vois.", BACKCHANNELS, ["je vois"], True),
    # The run stops at the first word no phrase starts: the rest is content.
    ("Oui, mais je ne sais pas.", BACKCHANNELS, ["oui"], False),
    ("Vous dormez mal.", BACKCHANNELS, [], False),
    # More lists, more phrases: « mais » is a discourse filler.
    ("Oui, mais je ne sais pas.", WITH_FILLERS, ["oui", "mais"], False),
    ("Euh… bah, voilà.", WITH_FILLERS, ["euh", "bah", "voilà"], True),
    # Greetings and wishes are social formulas; « merci pour votre confiance » goes on past the formula.
    ("Au revoir, et bonne semaine !", BACKCHANNELS, [], False),
    ("Au revoir, et bonne semaine !", WITH_FORMULAS, ["au revoir", "et", "bonne semaine"], True),
    ("Merci pour votre confiance.", WITH_FORMULAS, ["merci"], False),
]


@pytest.mark.parametrize(("text", "names", "leading", "only"), EXAMPLES)
def test_leading_phrases_and_made_of(text, names, leading, only):
    phrases = phrase_list(*names)
    assert [" ".join(phrase) for phrase in leading_phrases(phrase_words(text), phrases)] == leading
    assert made_of(text, phrases) is only


def test_a_text_without_words_is_made_of_any_list():
    assert made_of("… ?", phrase_list("backchannels.txt"))
