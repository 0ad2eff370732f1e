"""Readability of each side's speech, through textstat, always in French (Kandel & Moles)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

LANGUAGE = "fr"
_SENTENCE_END = ".!?…"


def kandel_moles(docs: Iterable[Doc]) -> float | None:
    """Kandel & Moles reading ease (Flesch adapted to French) of the given utterances.

    Transcripts from speech recognition carry little punctuation, so sentences come from
    spaCy's parse and are closed with a full stop before textstat counts them; textstat
    counts syllables with its French hyphenation dictionary. Returns None for no text.
    """
    from textstat.backend.metrics import flesch_reading_ease

    sentences = [sentence.text.strip() for doc in docs for sentence in doc.sents if sentence.text.strip()]
    if not sentences:
        return None
    text = " ".join(s if s[-1] in _SENTENCE_END else s + "." for s in sentences)
    return float(flesch_reading_ease(text, LANGUAGE))
