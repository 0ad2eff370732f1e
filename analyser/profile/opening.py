"""The opening of a session (its first tenth of utterances): where the alliance starts, measured apart."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from analyser import labels as L
from analyser.domain import CodedUtterance
from analyser.profile.numbers import rounded

OPENING_SHARE = 0.10


def opening_size(utterances: int) -> int:
    """How many utterances the opening holds: a tenth, rounded up, and at least one in a non-empty session."""
    return math.ceil(utterances * OPENING_SHARE) if utterances else 0


@dataclass(frozen=True, slots=True)
class OpeningProfile:
    """Figures of the opening alone. Automatic estimates."""

    utterances: int
    therapist_word_share: float | None
    open_questions: int
    closed_questions: int
    simple_reflections: int
    complex_reflections: int
    shared_goal: int  # the therapist's shared-goal markers

    def to_dict(self) -> dict[str, Any]:
        return {
            "utterances": self.utterances,
            "share_of_session": OPENING_SHARE,
            "therapist_word_share": rounded(self.therapist_word_share, 4),
            "questions": {"open": self.open_questions, "closed": self.closed_questions},
            "reflections": {
                "simple": self.simple_reflections,
                "complex": self.complex_reflections,
            },
            "shared_goal": self.shared_goal,
        }


def measure_opening(coded: Sequence[CodedUtterance]) -> OpeningProfile:
    """Measure the first `opening_size` coded utterances of a session."""
    opening = coded[: opening_size(len(coded))]
    therapist = [c for c in opening if c.utterance.role == "therapist"]
    words = sum(c.words for c in opening)
    return OpeningProfile(
        utterances=len(opening),
        therapist_word_share=sum(c.words for c in therapist) / words if words else None,
        open_questions=sum(c.question == "open" for c in therapist),
        closed_questions=sum(c.question == "closed" for c in therapist),
        simple_reflections=sum(c.reflection == "simple" for c in therapist),
        complex_reflections=sum(c.reflection == "complex" for c in therapist),
        shared_goal=sum(c.count(L.SHARED_GOAL) for c in therapist),
    )
