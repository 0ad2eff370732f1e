"""Readability of each side's speech, always in French (Kandel & Moles), counted as textstat counts it.

textstat's `flesch_reading_ease(text, "fr")` is reproduced here rather than called: importing
textstat pulls in nltk and scipy (most of a second per process, for its English dictionary), and
its caches are keyed on the whole text, so each new session recounted every word's syllables.
tests/profile/test_readability.py checks that both give the same number.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyphen import Pyphen
    from spacy.tokens import Doc

LANGUAGE = "fr"
_SENTENCE_END = ".!?…"
# textstat's French settings for Flesch's formula: Kandel & Moles.
_BASE = 207
_PER_WORD_IN_SENTENCE = 1.015
_PER_SYLLABLE_IN_WORD = 73.6
# textstat's word and sentence rules: punctuation goes, apostrophes stay unless they open an
# English contraction's ending, words are split on white space; sentences of two words or fewer
# are not counted as sentences.
_QUOTE_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
_MAX_WORDS_OF_NON_SENTENCE = 2


def kandel_moles(docs: Iterable[Doc]) -> float | None:
    """Kandel & Moles reading ease (Flesch adapted to French) of the given utterances.

    Transcripts from speech recognition carry little punctuation, so sentences come from
    spaCy's parse and are closed with a full stop before they are counted; syllables are
    counted with pyphen's French hyphenation dictionary, as textstat does. Returns None for no text.
    """
    from spacy.attrs import IDX, SENT_START

    sentences = []
    for doc in docs:
        if not len(doc):
            continue
        # The parse's sentence starts, read as one array: doc.sents would build every token and span anew.
        # A sentence runs from its first character to the next sentence's: the space between is stripped.
        text = doc.text
        starts = [idx for position, (idx, start) in enumerate(doc.to_array([IDX, SENT_START]).tolist()) if start == 1 or position == 0]
        for begin, end in zip(starts, [*starts[1:], len(text)], strict=True):
            stripped = text[begin:end].strip()
            if stripped:
                sentences.append(stripped)
    if not sentences:
        return None
    return flesch_reading_ease_fr(" ".join(s if s[-1] in _SENTENCE_END else s + "." for s in sentences))


def flesch_reading_ease_fr(text: str) -> float:
    """textstat's `flesch_reading_ease(text, "fr")`, with the same counts and the same arithmetic."""
    cleaned = _without_punctuation(text)
    words = len(cleaned.split())
    if not words:
        return 0.0
    sentences = max(
        1, sum(1 for sentence in _SENTENCE.findall(text) if len(_without_punctuation(sentence).split()) > _MAX_WORDS_OF_NON_SENTENCE)
    )
    syllables = sum(map(_syllables, cleaned.lower().split()))
    return _BASE - _PER_WORD_IN_SENTENCE * (words / sentences) - _PER_SYLLABLE_IN_WORD * (syllables / words)


def _without_punctuation(text: str) -> str:
    return _PUNCTUATION.sub("", _QUOTE_APOSTROPHE.sub("", text))


@functools.lru_cache(maxsize=1 << 16)
def _syllables(word: str) -> int:
    """Syllables of a lower-case word: one more than its hyphenation points. Cached, since words repeat."""
    return len(_hyphenation().positions(word)) + 1


@functools.cache
def _hyphenation() -> Pyphen:
    from pyphen import Pyphen

    return Pyphen(lang=LANGUAGE)
