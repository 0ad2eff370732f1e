"""The per-session rapport profile: what a supervisor reads about one session."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from analyser.domain import Transcript
from analyser.profile.alliance import AllianceProfile
from analyser.profile.miti import CodingProfile
from analyser.profile.numbers import rounded
from analyser.profile.opening import OpeningProfile
from analyser.profile.turn_balance import TurnBalance


@dataclass(frozen=True, slots=True)
class SessionProfile:
    """Figures measured on one session. All are automatic estimates."""

    utterances: int
    words: int
    speakers: int
    duration_s: float | None
    turn_balance: TurnBalance
    readability: Mapping[str, float | None]  # role -> Kandel & Moles reading ease
    coding: CodingProfile
    opening: OpeningProfile
    alliance: AllianceProfile

    def to_dict(self) -> dict[str, Any]:
        return {
            "utterances": self.utterances,
            "words": self.words,
            "speakers": self.speakers,
            "duration_s": rounded(self.duration_s, 2),
            "turn_balance": self.turn_balance.to_dict(),
            "readability": {
                "measure": "kandel_moles",
                **{role: rounded(value, 1) for role, value in self.readability.items()},
            },
            "coding": self.coding.to_dict(),
            "opening": self.opening.to_dict(),
            "alliance": self.alliance.to_dict(),
        }


def session_duration(transcript: Transcript) -> float | None:
    """From the first start to the last end (or the last start when no end is given)."""
    starts = [u.start for u in transcript.utterances if u.start is not None]
    if not starts:
        return None
    ends = [u.end if u.end is not None else u.start for u in transcript.utterances if u.start is not None]
    return max(0.0, max(ends) - min(starts))
