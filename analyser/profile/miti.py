"""The coding part of the session profile: question and reflection counts, MITI ratios and summary figures, marker rates."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from analyser import labels as L
from analyser.domain import NO_TARGET, CodedUtterance, TargetBehaviour, read_only
from analyser.errors import DataFileError
from analyser.profile.bands import Band, MinimumCount, bands, minimum_counts
from analyser.profile.numbers import rounded
from analyser.resources import models_dir

RATE_LABELS = (L.SHARED_GOAL, L.SEEKING_COLLABORATION, L.AFFIRMATION, L.EMPHASIZING_AUTONOMY, L.CLIENT_SHARED_GOAL, L.BACKCHANNEL)
PER_WORDS = 1000
# MITI 4.2.1's summary scores: "MI-adherent" and "MI non-adherent" behaviour counts. Persuade with
# permission is in neither: MITI codes it apart.
MI_ADHERENT_LABELS = (L.SEEKING_COLLABORATION, L.AFFIRMATION, L.EMPHASIZING_AUTONOMY)
MI_NON_ADHERENT_LABELS = (L.CONFRONT, L.PERSUADE)
# Input that answers sustain talk without reflecting it: persuading, with permission or not, is input too.
_INPUT_LABELS = (L.PERSUADE, L.PERSUADE_WITH_PERMISSION, L.CONFRONT)
THIRDS = (1, 2, 3)
SUSTAIN_ANSWERS = ("reflection", "input", "other")


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
            **{label: {"count": self.counts.get(label, 0), "per_1000_words": rounded(self.rate(label), 2)} for label in RATE_LABELS},
        }


@dataclass(frozen=True, slots=True)
class MetricReading:
    """One metric of a session as the outputs show it: value, band and the count behind it.

    The band is None when the metric has no published band (`scale` None), when it has no value,
    or when the count behind it is below its minimum (models/minimum_counts.tsv): too few to conclude.
    """

    metric: str
    value: float | None
    scale: Band | None = None
    count: int | None = None
    minimum: int | None = None

    @property
    def too_few(self) -> bool:
        """Whether the count behind the value is below the metric's minimum."""
        return self.minimum is not None and self.count is not None and self.count < self.minimum

    @property
    def band(self) -> str | None:
        """low, fair or good; None without thresholds, without a value, or with too few to conclude."""
        return None if self.scale is None or self.too_few else self.scale.of(self.value)

    def to_dict(self) -> dict[str, Any]:
        scale = self.scale
        return {
            "value": rounded(self.value, 4),
            "band": self.band,
            "fair": None if scale is None else scale.fair,
            "good": None if scale is None else scale.good,
            "source": None if scale is None else scale.source,
            "count": self.count,
            "minimum": self.minimum,
        }


@dataclass(frozen=True, slots=True)
class CodingProfile:
    """MITI-style summary of a session's coded utterances. Automatic estimates.

    MITI counts behaviours per utterance: an utterance holding two affirmations is one affirmation,
    and one holding an affirmation and a marker of autonomy counts once for each.
    """

    open_questions: int
    closed_questions: int
    simple_reflections: int
    complex_reflections: int
    therapist_words: int
    therapist_shared_goal: int
    therapist_collaboration: int
    speakers: Mapping[str, SpeakerMarkers]
    therapist_utterances: int = 0
    mi_adherent: int = 0
    mi_non_adherent: int = 0
    inputs: Mapping[str, int] = field(default_factory=lambda: read_only({}))  # input kind (labels.INPUT_KINDS) -> therapist utterances
    input_utterances: int = 0  # therapist utterances with any input
    change_talk_thirds: tuple[int, int, int] = (0, 0, 0)  # client utterances of change talk in each third of the session
    sustain_talk_thirds: tuple[int, int, int] = (0, 0, 0)
    sustain_answers: Mapping[str, int] = field(default_factory=lambda: read_only({}))  # reflection | input | other -> sustain-talk utterances
    target: TargetBehaviour = NO_TARGET
    roles: Mapping[str, SpeakerMarkers] = field(default_factory=lambda: read_only({}))  # role -> the markers of all its speakers

    @property
    def questions(self) -> int:
        return self.open_questions + self.closed_questions

    @property
    def reflections(self) -> int:
        return self.simple_reflections + self.complex_reflections

    @property
    def change_talk(self) -> int:
        return sum(self.change_talk_thirds)

    @property
    def sustain_talk(self) -> int:
        return sum(self.sustain_talk_thirds)

    def input_count(self, kind: str) -> int:
        """Therapist utterances whose input is `kind` (information, advice, negotiation, options)."""
        return self.inputs.get(kind, 0)

    def sustain_answered(self, answer: str) -> int:
        """Client sustain-talk utterances that the therapist answered by `answer` (reflection, input, other)."""
        return self.sustain_answers.get(answer, 0)

    def role_markers(self, role: str, label: str) -> int:
        """How often the speakers of `role` use the marker `label` (one of RATE_LABELS)."""
        markers = self.roles.get(role)
        return 0 if markers is None else markers.counts.get(label, 0)

    def counts(self) -> dict[str, int]:
        """The counts behind the metrics, by their session-row names (what models/minimum_counts.tsv names)."""
        counts = {
            "questions": self.questions,
            "open_questions": self.open_questions,
            "closed_questions": self.closed_questions,
            "reflections": self.reflections,
            "simple_reflections": self.simple_reflections,
            "complex_reflections": self.complex_reflections,
            "mi_adherent": self.mi_adherent,
            "mi_non_adherent": self.mi_non_adherent,
            **{f"input_{kind}": self.input_count(kind) for kind in L.INPUT_KINDS},
            "input_utterances": self.input_utterances,
            "change_talk": self.change_talk,
            "sustain_talk": self.sustain_talk,
        }
        for third, change, sustain in zip(THIRDS, self.change_talk_thirds, self.sustain_talk_thirds, strict=True):
            counts[f"change_talk_t{third}"] = change
            counts[f"sustain_talk_t{third}"] = sustain
        counts["sustain_answered_by_reflection"] = self.sustain_answered("reflection")
        counts["sustain_answered_by_input"] = self.sustain_answered("input")
        counts["sustain_answered_other"] = self.sustain_answered("other")
        return counts

    def metrics(self) -> dict[str, float | None]:
        """Every ratio of the profile (RATIOS), by name."""
        return {name: ratio(self) for name, ratio in RATIOS.items()}

    def readings(self) -> dict[str, MetricReading]:
        """Every metric with its band, and the count and minimum behind it where models/minimum_counts.tsv sets one."""
        table, minimums, counts = bands(), minimum_counts(), self.counts()
        readings = {}
        for metric, value in self.metrics().items():
            minimum = minimums.get(metric)
            count = None if minimum is None else _count(minimum, counts)
            readings[metric] = MetricReading(metric, value, table.get(metric), count, None if minimum is None else minimum.minimum)
        return readings

    def to_dict(self) -> dict[str, Any]:
        return {
            "estimate": "automatic",
            "target": self.target.to_dict(),
            "questions": {"open": self.open_questions, "closed": self.closed_questions, "total": self.questions},
            "reflections": {"simple": self.simple_reflections, "complex": self.complex_reflections, "total": self.reflections},
            "mi_adherence": {"adherent": self.mi_adherent, "non_adherent": self.mi_non_adherent},
            "input": {
                **{kind: self.input_count(kind) for kind in L.INPUT_KINDS},
                "utterances": self.input_utterances,
                "therapist_utterances": self.therapist_utterances,
            },
            "client_talk": {
                "change": self.change_talk,
                "sustain": self.sustain_talk,
                "thirds": [{"change": change, "sustain": sustain} for change, sustain in zip(self.change_talk_thirds, self.sustain_talk_thirds, strict=True)],
            },
            "sustain_answers": {answer: self.sustain_answered(answer) for answer in SUSTAIN_ANSWERS},
            "metrics": {metric: reading.to_dict() for metric, reading in self.readings().items()},
            "markers_by_speaker": {speaker: markers.to_dict() for speaker, markers in self.speakers.items()},
        }


def change_talk_share_in_third(coding: CodingProfile, third: int) -> float | None:
    """Change talk among the client's change and sustain talk in one third (1, 2 or 3) of the session."""
    change, sustain = coding.change_talk_thirds[third - 1], coding.sustain_talk_thirds[third - 1]
    return _ratio(change, change + sustain)


# Every ratio of the coding profile, by name, in the order of the JSON's `metrics`: the banded ones first.
# analyser/profile/registry.py says how each is kept, shown and judged.
RATIOS: Mapping[str, Callable[[CodingProfile], float | None]] = read_only(
    {
        "open_question_share": lambda c: _ratio(c.open_questions, c.questions),
        "complex_reflection_share": lambda c: _ratio(c.complex_reflections, c.reflections),
        "reflection_to_question": lambda c: _ratio(c.reflections, c.questions),
        "mi_adherent_share": lambda c: _ratio(c.mi_adherent, c.mi_adherent + c.mi_non_adherent),
        "shared_goal_per_1000_words": lambda c: _per_words(c.therapist_shared_goal, c.therapist_words),
        "collaboration_per_1000_words": lambda c: _per_words(c.therapist_collaboration, c.therapist_words),
        # Of all the therapist's utterances, those with input (information, advice, negotiation, options).
        "input_share": lambda c: _ratio(c.input_utterances, c.therapist_utterances),
        "change_talk_share": lambda c: _ratio(c.change_talk, c.change_talk + c.sustain_talk),
        **{f"change_talk_share_t{third}": functools.partial(change_talk_share_in_third, third=third) for third in THIRDS},
        "sustain_answered_by_reflection_share": lambda c: _ratio(c.sustain_answered("reflection"), c.sustain_talk),
    }
)


def measure_coding(coded: Sequence[CodedUtterance], *, target: TargetBehaviour = NO_TARGET) -> CodingProfile:
    """Count the codes of a session's utterances and every speaker's markers.

    Args:
        coded: the session's coded utterances, in order.
        target: the behaviour the client's change talk is about, kept to say which one was used.
    """
    therapist = [c for c in coded if c.utterance.role == "therapist"]
    change, sustain = client_talk_by_third(coded)
    return CodingProfile(
        open_questions=sum(c.question == "open" for c in therapist),
        closed_questions=sum(c.question == "closed" for c in therapist),
        simple_reflections=sum(c.reflection == "simple" for c in therapist),
        complex_reflections=sum(c.reflection == "complex" for c in therapist),
        therapist_words=sum(c.words for c in therapist),
        therapist_shared_goal=sum(c.count(L.SHARED_GOAL) for c in therapist),
        therapist_collaboration=sum(c.count(L.SEEKING_COLLABORATION) for c in therapist),
        speakers=_markers_by(coded, lambda c: c.utterance.speaker),
        therapist_utterances=len(therapist),
        mi_adherent=sum(_holds(c, label) for c in therapist for label in MI_ADHERENT_LABELS),
        mi_non_adherent=sum(_holds(c, label) for c in therapist for label in MI_NON_ADHERENT_LABELS),
        inputs=read_only({kind: sum(c.input == kind for c in therapist) for kind in L.INPUT_KINDS}),
        input_utterances=sum(c.input is not None for c in therapist),
        change_talk_thirds=change,
        sustain_talk_thirds=sustain,
        sustain_answers=read_only(sustain_answers(coded)),
        target=target,
        roles=read_only(_markers_by(coded, lambda c: c.utterance.role)),
    )


def _markers_by(coded: Sequence[CodedUtterance], key: Callable[[CodedUtterance], str]) -> dict[str, SpeakerMarkers]:
    """The words and RATE_LABELS markers of the utterances, grouped by `key` (the speaker, or the role)."""
    words: dict[str, int] = {}
    counts: dict[str, dict[str, int]] = {}
    for c in coded:
        group = key(c)
        words[group] = words.get(group, 0) + c.words
        per_label = counts.setdefault(group, {})
        for marker in c.markers:
            if marker.label in RATE_LABELS:
                per_label[marker.label] = per_label.get(marker.label, 0) + 1
    return {group: SpeakerMarkers(words[group], counts[group]) for group in words}


def third_of(position: int, size: int) -> int:
    """The third (1, 2 or 3) of a session of `size` utterances that the utterance at `position` (from 0) falls in."""
    return 3 * position // size + 1


def client_talk_by_third(coded: Sequence[CodedUtterance]) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """Client utterances of change talk and of sustain talk in each third of the session, by utterance position."""
    change, sustain = [0, 0, 0], [0, 0, 0]
    for position, c in enumerate(coded):
        if c.utterance.role != "client":
            continue
        third = third_of(position, len(coded)) - 1
        if c.client_talk == "change":
            change[third] += 1
        elif c.client_talk == "sustain":
            sustain[third] += 1
    return (change[0], change[1], change[2]), (sustain[0], sustain[1], sustain[2])


def sustain_answers(coded: Sequence[CodedUtterance]) -> dict[str, int]:
    """How the therapist answers each client utterance of sustain talk: by a reflection, by input, or otherwise.

    The answer is the therapist's next utterance that is not only a backchannel ("Mm-hmm" lets the
    client go on; what follows answers). It has a reflection: "reflection"; else input, persuasion or
    confrontation: "input"; else, or when the session ends first: "other".
    """
    answers = dict.fromkeys(SUSTAIN_ANSWERS, 0)
    answer = "other"
    # Backwards, so that each utterance knows the next therapist answer at once.
    for c in reversed(coded):
        role = c.utterance.role
        if role == "therapist" and not _only_backchannel(c):
            answer = _answer_kind(c)
        elif role == "client" and c.client_talk == "sustain":
            answers[answer] += 1
    return answers


def _answer_kind(c: CodedUtterance) -> str:
    if c.reflection is not None:
        return "reflection"
    if c.input is not None or any(_holds(c, label) for label in _INPUT_LABELS):
        return "input"
    return "other"


def _only_backchannel(c: CodedUtterance) -> bool:
    return bool(c.markers) and all(m.label == L.BACKCHANNEL for m in c.markers) and c.question is None and c.reflection is None and c.input is None


def _holds(c: CodedUtterance, label: str) -> bool:
    """Whether the utterance holds `label` at least once: MITI counts a behaviour once per utterance."""
    return any(marker.label == label for marker in c.markers)


def _count(minimum: MinimumCount, counts: Mapping[str, int]) -> int:
    count = minimum.count_in(counts)
    if count is None:
        # The data file names a count the profile does not have: a broken data file, not a session without a value.
        raise DataFileError(f"{models_dir() / 'minimum_counts.tsv'}: {minimum.metric}: counts {'+'.join(minimum.counted)}, not all counts of the profile")
    return count


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _per_words(count: int, words: int) -> float | None:
    return count * PER_WORDS / words if words else None
