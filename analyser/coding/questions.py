"""The question code of a therapist utterance: which of its typed segments (nlp.questions) count, and open or closed.

The typing of each segment by its form runs in the pipeline (`nlp/questions.py`); the utterance's code is decided
here, once its reflection is known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analyser import labels as L
from analyser.nlp.questions import CLOSED, OPEN, is_intonation_rule

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from analyser.coding.reflections import Reflection

_ASKING = (L.QUESTION_OPEN, L.QUESTION_CLOSED)


@dataclass(frozen=True, slots=True)
class UtteranceQuestions:
    """The typed segments an utterance keeps (questions, and advice phrased as a question), and its question code."""

    spans: tuple[Span, ...]
    kind: str | None  # open | closed | None


def typed_segments(doc: Doc) -> list[Span]:
    """The segments the pipeline typed as questions, or as advice phrased as one."""
    return list(doc.spans.get(L.QUESTIONS_KEY, []))


def asks_by_form(spans: Sequence[Span]) -> bool:
    """A question by its form, not by rising intonation alone: what a reflection can lead into (MITI)."""
    return any(span.label_ in _ASKING and not is_intonation_rule(span.id_) for span in spans)


def code_questions(spans: Sequence[Span], reflection: Reflection | None) -> UtteranceQuestions:
    """The utterance's question code, given its reflection.

    A statement that mirrors the client, said with rising intonation, is a reflection and not a question when
    its words mark it as a reflection ("Donc vous vous sentez seule ?"). Of several questions in one turn, the
    code is the last one's: the question the client answers.
    """
    if reflection is not None:
        spans = [span for span in spans if not (reflection.covers(span) and is_intonation_rule(span.id_))]
    asked = [span for span in spans if span.label_ in _ASKING]
    kind = None if not asked else OPEN if asked[-1].label_ == L.QUESTION_OPEN else CLOSED
    return UtteranceQuestions(tuple(spans), kind)
