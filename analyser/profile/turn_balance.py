"""Turn balance: who speaks how much, per role and per speaker, and how it moves over the session."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from analyser.domain import Transcript
from analyser.profile.numbers import rounded, rounded_fields
from analyser.profile.timing import NO_TIMES, measure_timing

TIMELINE_WINDOWS = 10


@dataclass(frozen=True, slots=True)
class BalanceStats:
    """How much one speaker, or all the speakers of one role, took part."""

    utterances: int
    turns: int
    words: int
    word_share: float | None
    talk_time_s: float | None
    time_share: float | None
    overlap_s: float | None
    interruptions: int | None
    mean_turn_words: float | None
    median_turn_words: float | None
    longest_turn_words: int

    def to_dict(self) -> dict[str, Any]:
        return rounded_fields(self, word_share=4, talk_time_s=2, time_share=4, overlap_s=2, mean_turn_words=2, median_turn_words=2)


@dataclass(frozen=True, slots=True)
class TurnBalance:
    """Turn balance of a session."""

    roles: Mapping[str, BalanceStats]
    speakers: Mapping[str, BalanceStats]
    switches: int
    interruptions: int | None
    time_rule: str
    therapist_word_share_timeline: tuple[float | None, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "roles": {role: stats.to_dict() for role, stats in self.roles.items()},
            "speakers": {speaker: stats.to_dict() for speaker, stats in self.speakers.items()},
            "switches": self.switches,
            "interruptions": self.interruptions,
            "time_rule": self.time_rule,
            "therapist_word_share_timeline": [rounded(value, 4) for value in self.therapist_word_share_timeline],
        }


def measure_turn_balance(transcript: Transcript, words: Sequence[int]) -> TurnBalance:
    """Turn balance from a transcript with roles decided and each utterance's word count.

    A turn is a maximal run of utterances by one speaker; a role's turns are its speakers'
    turns. The timeline splits the utterances into ten equal windows by position and gives
    the therapist's share of the words in each (None for a window without words).
    """
    utterances = transcript.utterances
    timing = measure_timing(utterances, transcript.overlaps)
    timed = timing.rule != NO_TIMES
    # (speaker, words of the turn) for each maximal run of one speaker.
    turns = [(speaker, sum(words[u.index] for u in run)) for speaker, run in groupby(utterances, key=lambda u: u.speaker)]
    total_words = sum(words)
    total_talk = sum(timing.talk_time.values())
    role_of = transcript.roles

    def stats(members: set[str]) -> BalanceStats:
        member_words = sum(words[u.index] for u in utterances if u.speaker in members)
        turn_words = [count for speaker, count in turns if speaker in members]
        talk = sum(timing.talk_time.get(s, 0.0) for s in members) if timed else None
        return BalanceStats(
            utterances=sum(1 for u in utterances if u.speaker in members),
            turns=len(turn_words),
            words=member_words,
            word_share=member_words / total_words if total_words else None,
            talk_time_s=talk,
            time_share=(talk / total_talk if total_talk else None) if talk is not None else None,
            overlap_s=sum(timing.overlap.get(s, 0.0) for s in members) if timed else None,
            interruptions=sum(timing.interruptions.get(s, 0) for s in members) if timed else None,
            mean_turn_words=statistics.fmean(turn_words) if turn_words else None,
            median_turn_words=float(statistics.median(turn_words)) if turn_words else None,
            longest_turn_words=max(turn_words, default=0),
        )

    present_roles = [role for role in ("therapist", "client", "other") if role != "other" or "other" in role_of.values()]
    return TurnBalance(
        roles={role: stats({s for s, r in role_of.items() if r == role}) for role in present_roles},
        speakers={speaker: stats({speaker}) for speaker in transcript.speakers},
        switches=max(0, len(turns) - 1),
        interruptions=sum(timing.interruptions.values()) if timed else None,
        time_rule=timing.rule,
        therapist_word_share_timeline=_timeline(transcript, words),
    )


def _timeline(transcript: Transcript, words: Sequence[int]) -> tuple[float | None, ...]:
    count = len(transcript.utterances)
    therapist = [0] * TIMELINE_WINDOWS
    total = [0] * TIMELINE_WINDOWS
    for utterance in transcript.utterances:
        window = utterance.index * TIMELINE_WINDOWS // count
        total[window] += words[utterance.index]
        if utterance.role == "therapist":
            therapist[window] += words[utterance.index]
    return tuple(t / n if n else None for t, n in zip(therapist, total, strict=True))
