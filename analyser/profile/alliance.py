"""The alliance profile: Bordin's goals, tasks and bond, the frame, empathy, ruptures and their repair, the opening.

Descriptors with their evidence, for a supervisor to discuss with the therapist: no alliance score. Predicting a
client's alliance rating from words alone is weak (ρ = 0.15 at best, Goldberg et al. 2020).

Ruptures (after Eubanks, Muran & Safran's 3RS): an episode opens on a confrontation, or on a withdrawal when another
came within the client's three turns before. It goes on while rupture markers follow within three client turns. It
is repaired when a repair comes within the therapist's four turns after it opens and the client then re-engages:
agrees, speaks of change, or elaborates (ENGAGED_WORDS words or more with no rupture marker).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from analyser import labels as L
from analyser.domain import CodedUtterance
from analyser.profile.attunement import NO_STYLE, Attunement, StyleCounts, measure_attunement
from analyser.profile.numbers import rounded, rounded_fields
from analyser.profile.opening import opening_size

EXAMPLES = 3
OPENING_SECONDS = 300.0  # the first five minutes, when the session is timed
RUPTURE_WINDOW_CLIENT_TURNS = 3
REPAIR_WINDOW_THERAPIST_TURNS = 4
ENGAGED_WORDS = 8
MOMENTS = 5
_RUPTURES = (L.RUPTURE_WITHDRAWAL, L.RUPTURE_CONFRONTATION)


@dataclass(frozen=True, slots=True)
class BordinPart:
    """Goals, tasks or bond: how often the therapist worked on it, how the client took it up, and where."""

    therapist: int
    rate: float | None  # per 10 minutes when timed, else per 100 utterances (`rate_unit`)
    client_agreement: int | None  # agreements with what was proposed (goals and tasks only)
    examples: tuple[int, ...]  # utterance indices

    def to_dict(self, unit: str) -> dict[str, Any]:
        return {
            "therapist": self.therapist,
            "rate": rounded(self.rate, 2),
            "rate_unit": unit,
            "client_agreement": self.client_agreement,
            "examples": list(self.examples),
        }


@dataclass(frozen=True, slots=True)
class RuptureEpisode:
    """A stretch of strain in the relationship: from the client utterance that opens it to the last one in it."""

    first_index: int
    last_index: int
    kind: str  # withdrawal | confrontation | mixed
    repaired: bool
    repair_index: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "first_index": self.first_index,
            "last_index": self.last_index,
            "kind": self.kind,
            "repaired": self.repaired,
            "repair_index": self.repair_index,
        }


@dataclass(frozen=True, slots=True)
class OpeningFigures:
    """Figures of a stretch of the session: the opening, or the rest."""

    utterances: int
    therapist_word_share: float | None
    open_questions: int
    closed_questions: int
    utterances_before_first_reflection: int | None
    frame: int
    goal_talk: int
    client_doubts: int

    def to_dict(self) -> dict[str, Any]:
        return rounded_fields(self, therapist_word_share=4)


@dataclass(frozen=True, slots=True)
class Moment:
    """A moment to discuss in supervision: the utterance (its text is the transcript's, redacted with it) and why."""

    index: int
    reason: str  # rupture | repair | unrepaired_rupture | missed_empathy | opening_without_goals

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class AllianceProfile:
    """Descriptors of the alliance in one session, each pointing to its utterances."""

    goals: BordinPart
    tasks: BordinPart
    bond: BordinPart
    rate_unit: str  # per_10_minutes | per_100_utterances
    frame_topics: tuple[str, ...]
    empathy: Mapping[str, int]  # reaction, interpretation, exploration
    missed_empathy: tuple[int, ...]  # client utterances whose emotion got a factual question or advice
    repairs: int
    ruptures: tuple[RuptureEpisode, ...]
    opening: OpeningFigures
    rest: OpeningFigures
    attunement: Attunement
    moments: tuple[Moment, ...] = field(default=())

    @property
    def repaired_share(self) -> float | None:
        return sum(e.repaired for e in self.ruptures) / len(self.ruptures) if self.ruptures else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "goals": self.goals.to_dict(self.rate_unit),
            "tasks": self.tasks.to_dict(self.rate_unit),
            "bond": self.bond.to_dict(self.rate_unit),
            "frame_topics": list(self.frame_topics),
            "empathy": {**self.empathy, "missed_opportunities": list(self.missed_empathy)},
            "repairs": self.repairs,
            "ruptures": [episode.to_dict() for episode in self.ruptures],
            "ruptures_repaired_share": rounded(self.repaired_share, 4),
            "opening": {"session": self.opening.to_dict(), "rest": self.rest.to_dict()},
            "attunement": self.attunement.to_dict(),
            "moments": [moment.to_dict() for moment in self.moments],
        }


def measure_alliance(
    coded: Sequence[CodedUtterance],
    *,
    duration_s: float | None,
    styles: Sequence[StyleCounts] = (),
    seed: str = "",
    attunement: Attunement | None = None,
) -> AllianceProfile:
    """The alliance profile of a coded session; `styles` are the utterances' function words (for attunement).

    `attunement`, when given, is the session's attunement already measured (`session_attunement`): it reads no code,
    only the parse, so a session whose codes a supervisor corrected keeps it.
    """
    unit = "per_10_minutes" if duration_s else "per_100_utterances"

    def rate(count: int) -> float | None:
        if duration_s:
            return count / (duration_s / 600)
        return count / len(coded) * 100 if coded else None

    def part(labels: Sequence[str], agreed: int | None) -> BordinPart:
        indices = tuple(c.utterance.index for c in coded if c.utterance.role == "therapist" and any(c.count(label) for label in labels))
        return BordinPart(len(indices), rate(len(indices)), agreed, indices[:EXAMPLES])

    goal_agreed, task_agreed = _agreements(coded)
    ruptures = find_ruptures(coded)
    missed = missed_empathy(coded)
    size = _opening_length(coded)
    profile = AllianceProfile(
        goals=part((L.GOAL_TALK,), goal_agreed),
        tasks=part((L.TASK_TALK,), task_agreed),
        bond=part(L.EMPATHY_LABELS, None),
        rate_unit=unit,
        frame_topics=_frame_topics(coded),
        empathy={label.removeprefix("EMPATHY_").lower(): sum(c.count(label) for c in coded) for label in L.EMPATHY_LABELS},
        missed_empathy=missed,
        repairs=sum(c.count(L.REPAIR) for c in coded),
        ruptures=ruptures,
        opening=_figures(coded[:size]),
        rest=_figures(coded[size:]),
        attunement=attunement if attunement is not None else session_attunement(coded, styles, seed=seed),
    )
    return _with_moments(profile, coded)


def session_attunement(coded: Sequence[CodedUtterance], styles: Sequence[StyleCounts], *, seed: str) -> Attunement:
    """The attunement of a session's turns; backchannels are no turn. `styles` are the utterances' function words."""
    roles = [c.utterance.role if not c.count(L.BACKCHANNEL) else None for c in coded]
    return measure_attunement(roles, list(styles) or [NO_STYLE] * len(coded), seed=seed)


def find_ruptures(coded: Sequence[CodedUtterance]) -> tuple[RuptureEpisode, ...]:
    """The rupture episodes of a session, in order (see the module's docstring for the rules)."""
    client_turns = [position for position, c in enumerate(coded) if c.utterance.role == "client"]
    episodes: list[RuptureEpisode] = []
    current: list[int] = []  # positions in `coded` of the episode's rupture utterances
    last_in_episode = last_withdrawal_turn = -1  # client turns; -1 for none yet
    for turn, position in enumerate(client_turns):
        c = coded[position]
        confronts, withdraws = c.count(L.RUPTURE_CONFRONTATION) > 0, c.count(L.RUPTURE_WITHDRAWAL) > 0
        if current and turn - last_in_episode > RUPTURE_WINDOW_CLIENT_TURNS:
            episodes.append(_episode(coded, current))
            current = []
        if confronts or (withdraws and current):
            current.append(position)
            last_in_episode = turn
        elif withdraws and last_withdrawal_turn >= 0 and turn - last_withdrawal_turn <= RUPTURE_WINDOW_CLIENT_TURNS:
            current = [client_turns[last_withdrawal_turn], position]
            last_in_episode = turn
        if withdraws:
            last_withdrawal_turn = turn
    if current:
        episodes.append(_episode(coded, current))
    return tuple(episodes)


def _episode(coded: Sequence[CodedUtterance], positions: Sequence[int]) -> RuptureEpisode:
    kinds = {label for p in positions for label in _RUPTURES if coded[p].count(label)}
    kind = "mixed" if len(kinds) > 1 else "confrontation" if L.RUPTURE_CONFRONTATION in kinds else "withdrawal"
    first, last = positions[0], positions[-1]
    repair = _repair_after(coded, first)
    repaired = repair is not None and _client_reengages(coded, repair)
    return RuptureEpisode(coded[first].utterance.index, coded[last].utterance.index, kind, repaired, None if repair is None else coded[repair].utterance.index)


def _repair_after(coded: Sequence[CodedUtterance], start: int) -> int | None:
    therapist_turns = 0
    for position in range(start + 1, len(coded)):
        if coded[position].utterance.role != "therapist":
            continue
        therapist_turns += 1
        if therapist_turns > REPAIR_WINDOW_THERAPIST_TURNS:
            return None
        if coded[position].count(L.REPAIR):
            return position
    return None


def _client_reengages(coded: Sequence[CodedUtterance], repair: int) -> bool:
    """A client utterance after the repair, before the therapist's next two turns, that agrees, speaks of change or elaborates."""
    therapist_turns = 0
    for c in coded[repair + 1 :]:
        if c.utterance.role == "therapist":
            therapist_turns += 1
            if therapist_turns > 2:
                return False
            continue
        if c.utterance.role != "client" or any(c.count(label) for label in _RUPTURES):
            continue
        if c.count(L.CLIENT_AGREEMENT) or c.client_talk == "change" or c.words >= ENGAGED_WORDS:
            return True
    return False


def missed_empathy(coded: Sequence[CodedUtterance]) -> tuple[int, ...]:
    """Client utterances voicing an emotion that the therapist's next utterance meets with a closed question or input."""
    missed = []
    for before, after in itertools.pairwise(coded):
        if before.utterance.role != "client" or not before.count(L.CLIENT_EMOTION) or after.utterance.role != "therapist":
            continue
        attuned = after.reflection is not None or any(after.count(label) for label in (*L.EMPATHY_LABELS, L.REPAIR))
        if not attuned and (after.question == "closed" or after.input in ("information", "advice")):
            missed.append(before.utterance.index)
    return tuple(missed)


def _agreements(coded: Sequence[CodedUtterance]) -> tuple[int, int]:
    goals = tasks = 0
    for before, after in itertools.pairwise(coded):
        if after.utterance.role == "client" and after.count(L.CLIENT_AGREEMENT) and before.utterance.role == "therapist":
            goals += before.count(L.GOAL_TALK) > 0
            tasks += before.count(L.TASK_TALK) > 0
    return goals, tasks


def _frame_topics(coded: Sequence[CodedUtterance]) -> tuple[str, ...]:
    topics: list[str] = []
    for c in coded:
        for marker in c.markers:
            if marker.label == L.FRAME:
                topic = marker.rule.split(":")[-1]
                if topic not in topics:
                    topics.append(topic)
    return tuple(topics)


def _opening_length(coded: Sequence[CodedUtterance]) -> int:
    """The first five minutes when the session is timed, else the first tenth of its utterances (at least 10)."""
    starts = [c.utterance.start for c in coded]
    if coded and all(start is not None for start in starts):
        first = starts[0] or 0.0
        return sum(1 for start in starts if start is not None and start - first < OPENING_SECONDS)
    return opening_size(len(coded))


def _figures(part: Sequence[CodedUtterance]) -> OpeningFigures:
    therapist = [c for c in part if c.utterance.role == "therapist"]
    words = sum(c.words for c in part)
    first_reflection = next((n for n, c in enumerate(part) if c.reflection is not None), None)
    return OpeningFigures(
        utterances=len(part),
        therapist_word_share=sum(c.words for c in therapist) / words if words else None,
        open_questions=sum(c.question == "open" for c in therapist),
        closed_questions=sum(c.question == "closed" for c in therapist),
        utterances_before_first_reflection=first_reflection,
        frame=sum(c.count(L.FRAME) > 0 for c in therapist),
        goal_talk=sum(c.count(L.GOAL_TALK) > 0 for c in therapist),
        client_doubts=sum(c.count(L.CLIENT_DOUBT) > 0 for c in part if c.utterance.role == "client"),
    )


def _with_moments(profile: AllianceProfile, coded: Sequence[CodedUtterance]) -> AllianceProfile:
    """Three to five moments to discuss: ruptures and their repair (or its absence), missed empathy, the opening."""
    picked: list[tuple[int, str]] = []
    for episode in profile.ruptures:
        picked.append((episode.first_index, "rupture" if episode.repaired else "unrepaired_rupture"))
        if episode.repair_index is not None:
            picked.append((episode.repair_index, "repair"))
    picked += [(index, "missed_empathy") for index in profile.missed_empathy]
    if profile.opening.goal_talk == 0 and profile.opening.frame == 0 and coded:
        first_therapist = next((c.utterance.index for c in coded if c.utterance.role == "therapist"), None)
        if first_therapist is not None:
            picked.append((first_therapist, "opening_without_goals"))
    seen: set[int] = set()
    moments = []
    for index, reason in picked:
        if index not in seen:
            seen.add(index)
            moments.append(Moment(index, reason))
    moments.sort(key=lambda m: m.index)
    return replace(profile, moments=tuple(moments[:MOMENTS]))
