"""Phrases as tuples of words: split from a text, and found one after another at its start, the longest first."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

# A word keeps its inner hyphens (« mm-hmm », « peut-être ») but not a dash that cuts it off (« ouais- », « -et »).
_PHRASE_WORD = re.compile(r"\w(?:[\w-]*\w)?'?|'")


def phrase_words(text: str) -> tuple[str, ...]:
    """Lower-case words of a phrase, apostrophes kept with the word they elide: "d'accord" -> ("d'", "accord")."""
    return tuple(_PHRASE_WORD.findall(text.lower()))


def made_of(text: str, phrases: frozenset[tuple[str, ...]]) -> bool:
    """Whether `text` is a sequence of the given phrases and nothing else (punctuation aside)."""
    lowered = text.lower()
    first = _PHRASE_WORD.search(lowered)
    if first is not None and first.group() not in phrase_shape(phrases)[1]:
        return False  # its first word starts no phrase: most texts end here, without splitting all their words
    words = _PHRASE_WORD.findall(lowered)
    return sum(map(len, leading_phrases(words, phrases))) == len(words)


def leading_phrases(words: Sequence[str], phrases: frozenset[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    """The phrases that `words` open with, one after another, the longest first at each step.

    The run stops at the first word that starts none of them: ("merci", "pour", "votre") with a list
    holding "merci" gives (("merci",),).
    """
    longest, starts = phrase_shape(phrases)
    run = []
    index = 0
    while index < len(words) and words[index] in starts:
        size = next((n for n in range(longest, 0, -1) if tuple(words[index : index + n]) in phrases), 0)
        if not size:
            break
        run.append(tuple(words[index : index + size]))
        index += size
    return tuple(run)


@functools.cache
def phrase_shape(phrases: frozenset[tuple[str, ...]]) -> tuple[int, frozenset[str]]:
    """The most words a phrase has, and the words phrases start with (where no phrase starts, none is tried).

    Worked out once per phrase list: `resources.phrase_list` caches the lists, so the same sets come back.
    """
    return max((len(p) for p in phrases), default=1), frozenset(p[0] for p in phrases if p)
