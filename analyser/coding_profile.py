"""The coding part of the session profile: question and reflection counts, MITI ratios, marker rates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import labels as L
from .bands import bands
from .coding import CodedUtterance

RATE_LABELS = (L.SHARED_GOAL, L.SEEKING_COLLABORATION, L.AFFIRMATION, L.EMPHASIZING_AUTONOMY, L.CLIENT_SHARED_GOAL, L.BACKCHANNEL)
PER_WORDS = 1000


@dataclass(frozen=True, slots=True)
class SpeakerMarkers:
    """How often one speaker uses each lexical marker."""

    words: int
    counts: Mapping[str, int]

    def rate(self, label: str) -> float | None:
        """Occurrences per 1,000 words; None for a speaker without words."""
        return self.counts.get(label, 0) * PER_WORDS / self.words if self.words else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "words": self.words,
            **{label: {"count": self.counts.get(label, 0), "per_1000_words": _round(self.rate(label), 2)} for label in RATE_LABELS},
        }


@dataclass(frozen=True, slots=True)
class CodingProfile:
    """MITI-style summary of the therapist's coded utterances. Automatic estimates."""

    open_questions: int
    closed_questions: int
    simple_reflections: int
    complex_reflections: int
    therapist_words: int
    therapist_shared_goal: int
    therapist_collaboration: int
    speakers: Mapping[str, SpeakerMarkers]

    @property
    def questions(self) -> int:
        return self.open_questions + self.closed_questions

    @property
    def reflections(self) -> int:
        return self.simple_reflections + self.complex_reflections

    def metrics(self) -> dict[str, float | None]:
        """The banded metrics, by the names of models/bands.tsv."""
        words = self.therapist_words
        return {
            "open_question_share": self.open_questions / self.questions if self.questions else None,
            "complex_reflection_share": self.complex_reflections / self.reflections if self.reflections else None,
            "reflection_to_question": self.reflections / self.questions if self.questions else None,
            "shared_goal_per_1000_words": self.therapist_shared_goal * PER_WORDS / words if words else None,
            "collaboration_per_1000_words": self.therapist_collaboration * PER_WORDS / words if words else None,
        }

    def to_dict(self) -> dict[str, Any]:
        table = bands()
        return {
            "estimate": "automatic",
            "questions": {"open": self.open_questions, "closed": self.closed_questions, "total": self.questions},
            "reflections": {"simple": self.simple_reflections, "complex": self.complex_reflections, "total": self.reflections},
            "metrics": {
                name: {
                    "value": _round(value, 4),
                    "band": table[name].of(value) if name in table else None,
                    "fair": table[name].fair if name in table else None,
                    "good": table[name].good if name in table else None,
                    "source": table[name].source if name in table else None,
                }
                for name, value in self.metrics().items()
            },
            "markers_by_speaker": {speaker: markers.to_dict() for speaker, markers in self.speakers.items()},
        }


def measure_coding(coded: Sequence[CodedUtterance]) -> CodingProfile:
    """Count the codes of a session's therapist utterances and every speaker's markers."""
    therapist = [c for c in coded if c.utterance.role == "therapist"]
    words: dict[str, int] = {}
    counts: dict[str, dict[str, int]] = {}
    for c in coded:
        speaker = c.utterance.speaker
        words[speaker] = words.get(speaker, 0) + c.words
        per_label = counts.setdefault(speaker, {})
        for marker in c.markers:
            if marker.label in RATE_LABELS:
                per_label[marker.label] = per_label.get(marker.label, 0) + 1
    return CodingProfile(
        open_questions=sum(c.question == "open" for c in therapist),
        closed_questions=sum(c.question == "closed" for c in therapist),
        simple_reflections=sum(c.reflection == "simple" for c in therapist),
        complex_reflections=sum(c.reflection == "complex" for c in therapist),
        therapist_words=sum(c.words for c in therapist),
        therapist_shared_goal=sum(c.count(L.SHARED_GOAL) for c in therapist),
        therapist_collaboration=sum(c.count(L.SEEKING_COLLABORATION) for c in therapist),
        speakers={speaker: SpeakerMarkers(words[speaker], counts[speaker]) for speaker in words},
    )


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
