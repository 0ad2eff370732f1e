"""The per-session rapport profile: what a supervisor reads about one session."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from analyser.domain import NO_TARGET, CodedUtterance, TargetBehaviour, Transcript, read_only
from analyser.profile.alliance import AllianceProfile, measure_alliance
from analyser.profile.attunement import Attunement
from analyser.profile.clients import ClientFigures, clients_to_dict, measure_clients
from analyser.profile.miti import CodingProfile, measure_coding
from analyser.profile.numbers import rounded
from analyser.profile.opening import OpeningProfile, measure_opening
from analyser.profile.turn_balance import TurnBalance, measure_turn_balance


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
    # Each client's figures when there are several (a family, a couple); the figures above count them together.
    clients: Mapping[str, ClientFigures] = field(default_factory=lambda: read_only({}))

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
            "clients": clients_to_dict(self.clients),
        }


def measure_profile(
    transcript: Transcript,
    coded: Sequence[CodedUtterance],
    *,
    readability: Mapping[str, float | None],
    attunement: Attunement,
    target: TargetBehaviour = NO_TARGET,
) -> SessionProfile:
    """The profile of a coded session: every figure the codes give, measured from `coded`.

    What only the parse gives comes measured: `readability` (role -> reading ease) and `attunement`. The analysis
    measures a profile here, and so does a supervisor's correction of the codes, so their figures cannot differ.

    Args:
        transcript: the session, its roles decided.
        coded: its coded utterances, in order.
        readability: each role's Kandel & Moles reading ease.
        attunement: the session's style attunement (`alliance.session_attunement`).
        target: the behaviour the client's change talk is about.
    """
    words = [c.words for c in coded]
    duration = session_duration(transcript)
    balance = measure_turn_balance(transcript, words)
    return SessionProfile(
        utterances=len(transcript.utterances),
        words=sum(words),
        speakers=len(transcript.speakers),
        duration_s=duration,
        turn_balance=balance,
        readability=readability,
        coding=measure_coding(coded, target=target),
        opening=measure_opening(coded),
        alliance=measure_alliance(coded, duration_s=duration, attunement=attunement),
        clients=measure_clients(transcript, coded, balance),
    )


def session_duration(transcript: Transcript) -> float | None:
    """From the first start to the last end (or the last start when no end is given)."""
    starts = [u.start for u in transcript.utterances if u.start is not None]
    if not starts:
        return None
    ends = [u.end if u.end is not None else u.start for u in transcript.utterances if u.start is not None]
    return max(0.0, max(ends) - min(starts))
