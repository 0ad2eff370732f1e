"""The metric registry: every figure of a session profile, and how each is read, kept, shown, judged and named.

The CSV columns and the check's metric names (analyser/rows.py), the text, Markdown and HTML outputs
and the HTML index all follow this table. Adding a banded metric takes a profile function (in RATIOS
of analyser/profile/miti.py), a row here, a row of models/bands.tsv, its labels in
models/report_labels.tsv (`short_<name>`, `metric_<name>`, `source_<name>`: where its thresholds come from) and new golden files;
tests/profile/test_registry.py names whatever a row still lacks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from analyser import labels as L
from analyser.profile.miti import RATIOS, THIRDS
from analyser.profile.session import SessionProfile
from analyser.profile.turn_balance import TIMELINE_WINDOWS

Figure = str | int | float | None
# How a figure is read back from a session's JSON profile (`SessionProfile.to_dict()`): for `rapport trend` on JSON Lines.
FromJson = Callable[[Mapping[str, Any]], Figure]
Kind = Literal["count", "share", "ratio", "rate", "seconds", "average", "score", "category"]

COUNT: Kind = "count"  # a whole number of things: utterances, words, coded behaviours
SHARE: Kind = "share"  # a part of 1, shown as a percentage
RATIO: Kind = "ratio"  # one count per another (reflections per question)
RATE: Kind = "rate"  # occurrences per 1,000 words
SECONDS: Kind = "seconds"  # a time, shown as h:mm:ss
AVERAGE: Kind = "average"  # a mean or median of counts (words per turn)
SCORE: Kind = "score"  # a reading-ease score
CATEGORY: Kind = "category"  # a name, not a number (the time rule)

# The profile module that measures each family's figures.
SESSION = "session"
TURN_BALANCE = "turn_balance"
READABILITY = "readability"
MITI = "miti"
OPENING = "opening"
ALLIANCE = "alliance"

# Decimals of each kind: kept in the CSV (as in the JSON), and shown to a reader (of the percentage, for a share).
_KEPT_DIGITS: Mapping[Kind, int | None] = {COUNT: None, CATEGORY: None, SHARE: 4, RATIO: 4, RATE: 4, SECONDS: 2, AVERAGE: 2, SCORE: 1}
_SHOWN_DIGITS: Mapping[Kind, int] = {COUNT: 0, CATEGORY: 0, SHARE: 0, RATIO: 1, RATE: 1, SECONDS: 0, AVERAGE: 1, SCORE: 1}
# The coding profile's ratios: each is in RATIOS and in the JSON's `metrics`, with its band and minimum count.
_RATIO_KINDS = (SHARE, RATIO, RATE)


@dataclass(frozen=True, slots=True)
class Metric:
    """One figure of a session profile: its session column, its kind, how it is read from the profile, its band and labels."""

    name: str  # the session column; for a coding ratio, also its name in RATIOS and in the JSON's `metrics`
    family: str  # the profile module that measures it
    kind: Kind
    read: Callable[[SessionProfile], Figure]
    banded: bool = False  # judged low, fair or good by the row of models/bands.tsv of the same name
    in_index: bool = False  # a column of the HTML report's index
    decimals: int | None = None  # decimals shown to a reader, when not those of its kind
    trend: bool = False  # one of the key figures a series of sessions follows (analyser/series/trend.py)
    # For a trend figure, the session columns its sampling margin is counted over: a share's whole, a ratio's
    # numerator and denominator; none for a count, which is its own basis (docs/trends.md).
    basis: tuple[str, ...] = ()
    from_json: FromJson | None = None  # the figure read back from the JSON profile, as `value` gives it

    @property
    def digits(self) -> int | None:
        """Decimals kept in the CSV; None for a count or a category, kept as it is."""
        return _KEPT_DIGITS[self.kind]

    @property
    def shown_digits(self) -> int:
        """Decimals a reader sees in the text and HTML outputs: of the percentage for a share, of the number otherwise."""
        return _SHOWN_DIGITS[self.kind] if self.decimals is None else self.decimals

    @property
    def numeric(self) -> bool:
        """Whether it holds a number: what a check may set a threshold on."""
        return self.kind != CATEGORY

    @property
    def is_ratio(self) -> bool:
        """Whether it is one of the coding profile's ratios (RATIOS), read with its band and minimum count."""
        return self.family == MITI and self.kind in _RATIO_KINDS

    @property
    def columns(self) -> tuple[str, ...]:
        """Its session columns: the figure, then its band when it has one."""
        return (self.name, f"{self.name}_band") if self.banded else (self.name,)

    @property
    def short_key(self) -> str:
        """The label that names it in the text, Markdown and check outputs and in short lists."""
        return f"short_{self.name}"

    @property
    def source_key(self) -> str:
        """The label that says where its band's thresholds come from (MITI, or rapport's provisional ones)."""
        return f"source_{self.name}"

    @property
    def card_key(self) -> str:
        """The label of its card's title in the HTML session page."""
        return f"metric_{self.name}"

    @property
    def column_key(self) -> str:
        """The label of its column in the HTML index."""
        return f"col_{self.name}"

    @property
    def trend_key(self) -> str:
        """The label that names it in a series' trend (`rapport trend`, the report's series pages)."""
        return f"trend_{self.name}"

    @property
    def label_keys(self) -> tuple[str, ...]:
        """The keys of models/report_labels.tsv it needs, in French and in English."""
        needed = [(self.is_ratio, self.short_key), (self.banded, self.card_key), (self.banded, self.source_key), (self.in_index, self.column_key)]
        needed.append((self.trend, self.trend_key))
        return tuple(key for wanted, key in needed if wanted)

    def value(self, profile: SessionProfile) -> Figure:
        """The figure as the CSV keeps it: rounded to `digits` decimals."""
        figure = self.read(profile)
        if self.digits is None or figure is None or isinstance(figure, str):
            return figure
        return round(figure, self.digits)


ROLES = ("therapist", "client")
# The turn-balance figures of each role, with their kinds.
_BALANCE: tuple[tuple[str, Kind], ...] = (
    ("utterances", COUNT),
    ("turns", COUNT),
    ("words", COUNT),
    ("word_share", SHARE),
    ("talk_time_s", SECONDS),
    ("time_share", SHARE),
    ("overlap_s", SECONDS),
    ("interruptions", COUNT),
    ("mean_turn_words", AVERAGE),
    ("median_turn_words", AVERAGE),
    ("longest_turn_words", COUNT),
)
# A role nobody holds has none of these (zero), and no shares, times or averages (unknown).
_COUNTED_WITHOUT_SPEAKERS = ("utterances", "turns", "words", "longest_turn_words")
# Lexical markers counted per role: (column, label, role).
_ROLE_MARKERS = (
    ("therapist_shared_goal", L.SHARED_GOAL, "therapist"),
    ("therapist_collaboration", L.SEEKING_COLLABORATION, "therapist"),
    ("therapist_affirmation", L.AFFIRMATION, "therapist"),
    ("therapist_autonomy", L.EMPHASIZING_AUTONOMY, "therapist"),
    ("client_shared_goal", L.CLIENT_SHARED_GOAL, "client"),
)


def _role_balance(role: str, field: str) -> Callable[[SessionProfile], Figure]:
    def read(profile: SessionProfile) -> Figure:
        stats = profile.turn_balance.roles.get(role)
        if stats is None:
            return 0 if field in _COUNTED_WITHOUT_SPEAKERS else None
        figure: Figure = getattr(stats, field)
        return figure

    return read


def _role_balance_json(role: str, field: str) -> FromJson:
    def read(profile: Mapping[str, Any]) -> Figure:
        stats = profile["turn_balance"]["roles"].get(role)
        if stats is None:
            return 0 if field in _COUNTED_WITHOUT_SPEAKERS else None
        figure: Figure = stats[field]
        return figure

    return read


def _balance_row(role: str, field: str, kind: Kind) -> Metric:
    """A turn-balance figure of one role; the therapist's word share is in the index and in a series' trend."""
    talk_share = f"{role}_{field}" == "therapist_word_share"
    # Words come in turns: a turn, not a word, is what varies from one session to the next.
    basis = ("therapist_turns", "client_turns") if talk_share else ()
    return Metric(
        f"{role}_{field}", TURN_BALANCE, kind, _role_balance(role, field),
        in_index=talk_share, trend=talk_share, basis=basis, from_json=_role_balance_json(role, field),
    )


def _json(*path: str) -> FromJson:
    """A figure read back from the JSON profile at `path`."""

    def read(profile: Mapping[str, Any]) -> Figure:
        value: Any = profile
        for key in path:
            value = value[key]
        figure: Figure = value
        return figure

    return read


def _window(window: int) -> Callable[[SessionProfile], Figure]:
    return lambda profile: profile.turn_balance.therapist_word_share_timeline[window - 1]


def _input(kind: str) -> Callable[[SessionProfile], Figure]:
    return lambda profile: profile.coding.input_count(kind)


def _talk_in_third(talk: str, third: int) -> Callable[[SessionProfile], Figure]:
    if talk == "change_talk":
        return lambda profile: profile.coding.change_talk_thirds[third - 1]
    return lambda profile: profile.coding.sustain_talk_thirds[third - 1]


def _sustain_answered(answer: str) -> Callable[[SessionProfile], Figure]:
    return lambda profile: profile.coding.sustain_answered(answer)


def _role_markers(role: str, label: str) -> Callable[[SessionProfile], Figure]:
    return lambda profile: profile.coding.role_markers(role, label)


def _ratio(
    name: str, kind: Kind, *, banded: bool = False, in_index: bool = False, decimals: int | None = None, trend: bool = False, basis: tuple[str, ...] = ()
) -> Metric:
    """A row for the coding profile's ratio `name`; RATIOS is looked up on reading, so a row without its function says so in the test."""
    return Metric(
        name, MITI, kind, lambda profile: RATIOS[name](profile.coding),
        banded=banded, in_index=in_index, decimals=decimals, trend=trend, basis=basis, from_json=_json("coding", "metrics", name, "value"),
    )


# Every figure of a session profile, in the order of the CSV's columns.
METRICS: tuple[Metric, ...] = (
    Metric("utterances", SESSION, COUNT, lambda p: p.utterances, in_index=True),
    Metric("words", SESSION, COUNT, lambda p: p.words),
    Metric("speakers", SESSION, COUNT, lambda p: p.speakers),
    Metric("duration_s", SESSION, SECONDS, lambda p: p.duration_s, in_index=True),
    Metric("time_rule", TURN_BALANCE, CATEGORY, lambda p: p.turn_balance.time_rule),
    Metric("switches", TURN_BALANCE, COUNT, lambda p: p.turn_balance.switches),
    Metric("interruptions", TURN_BALANCE, COUNT, lambda p: p.turn_balance.interruptions),
    *(_balance_row(role, field, kind) for role in ROLES for field, kind in _BALANCE),
    *(Metric(f"therapist_word_share_w{window:02d}", TURN_BALANCE, SHARE, _window(window)) for window in range(1, TIMELINE_WINDOWS + 1)),
    Metric("readability_therapist", READABILITY, SCORE, lambda p: p.readability.get("therapist"), in_index=True),
    Metric("readability_client", READABILITY, SCORE, lambda p: p.readability.get("client")),
    Metric("questions", MITI, COUNT, lambda p: p.coding.questions, from_json=_json("coding", "questions", "total")),
    Metric("open_questions", MITI, COUNT, lambda p: p.coding.open_questions),
    Metric("closed_questions", MITI, COUNT, lambda p: p.coding.closed_questions),
    Metric("reflections", MITI, COUNT, lambda p: p.coding.reflections, from_json=_json("coding", "reflections", "total")),
    Metric("simple_reflections", MITI, COUNT, lambda p: p.coding.simple_reflections),
    Metric("complex_reflections", MITI, COUNT, lambda p: p.coding.complex_reflections),
    Metric("mi_adherent", MITI, COUNT, lambda p: p.coding.mi_adherent),
    Metric("mi_non_adherent", MITI, COUNT, lambda p: p.coding.mi_non_adherent),
    *(Metric(f"input_{kind}", MITI, COUNT, _input(kind)) for kind in L.INPUT_KINDS),
    Metric("input_utterances", MITI, COUNT, lambda p: p.coding.input_utterances),
    Metric("change_talk", MITI, COUNT, lambda p: p.coding.change_talk, from_json=_json("coding", "client_talk", "change")),
    Metric("sustain_talk", MITI, COUNT, lambda p: p.coding.sustain_talk, from_json=_json("coding", "client_talk", "sustain")),
    *(Metric(f"{talk}_t{third}", MITI, COUNT, _talk_in_third(talk, third)) for third in THIRDS for talk in ("change_talk", "sustain_talk")),
    Metric("sustain_answered_by_reflection", MITI, COUNT, _sustain_answered("reflection")),
    Metric("sustain_answered_by_input", MITI, COUNT, _sustain_answered("input")),
    Metric("sustain_answered_other", MITI, COUNT, _sustain_answered("other")),
    # The banded ratios, each followed in the CSV by its band.
    _ratio("open_question_share", SHARE, banded=True, in_index=True, trend=True, basis=("questions",)),
    _ratio("complex_reflection_share", SHARE, banded=True, in_index=True, trend=True, basis=("reflections",)),
    # Two decimals, so that a value just under a threshold never reads as the threshold (R:Q 0.96 would show as "1.0" beside "low").
    _ratio("reflection_to_question", RATIO, banded=True, in_index=True, decimals=2, trend=True, basis=("reflections", "questions")),
    _ratio("mi_adherent_share", SHARE, banded=True),
    _ratio("shared_goal_per_1000_words", RATE, banded=True, in_index=True),
    _ratio("collaboration_per_1000_words", RATE, banded=True, in_index=True),
    # Ratios without a published band: given, never judged (lower input is not always better).
    _ratio("input_share", SHARE, trend=True, basis=("therapist_utterances",)),
    _ratio("change_talk_share", SHARE, trend=True, basis=("change_talk", "sustain_talk")),
    *(_ratio(f"change_talk_share_t{third}", SHARE) for third in THIRDS),
    _ratio("sustain_answered_by_reflection_share", SHARE),
    *(Metric(column, MITI, COUNT, _role_markers(role, label)) for column, label, role in _ROLE_MARKERS),
    Metric("opening_utterances", OPENING, COUNT, lambda p: p.opening.utterances),
    Metric("opening_therapist_word_share", OPENING, SHARE, lambda p: p.opening.therapist_word_share),
    Metric("opening_open_questions", OPENING, COUNT, lambda p: p.opening.open_questions),
    Metric("opening_closed_questions", OPENING, COUNT, lambda p: p.opening.closed_questions),
    Metric("opening_reflections", OPENING, COUNT, lambda p: p.opening.simple_reflections + p.opening.complex_reflections),
    Metric("opening_shared_goal", OPENING, COUNT, lambda p: p.opening.shared_goal),
    # The alliance: descriptors with their evidence in the JSON; no band, no score.
    # Counts per session, followed by a series' trend: sessions of a series are of much the same length.
    Metric("goal_talk", ALLIANCE, COUNT, lambda p: p.alliance.goals.therapist, trend=True, from_json=_json("alliance", "goals", "therapist")),
    Metric("task_talk", ALLIANCE, COUNT, lambda p: p.alliance.tasks.therapist, trend=True, from_json=_json("alliance", "tasks", "therapist")),
    Metric("empathy", ALLIANCE, COUNT, lambda p: p.alliance.bond.therapist, trend=True, from_json=_json("alliance", "bond", "therapist")),
    Metric("client_agreement", ALLIANCE, COUNT, lambda p: (p.alliance.goals.client_agreement or 0) + (p.alliance.tasks.client_agreement or 0)),
    Metric("frame_topics", ALLIANCE, COUNT, lambda p: len(p.alliance.frame_topics)),
    Metric("missed_empathy", ALLIANCE, COUNT, lambda p: len(p.alliance.missed_empathy)),
    Metric("repairs", ALLIANCE, COUNT, lambda p: p.alliance.repairs, trend=True, from_json=_json("alliance", "repairs")),
    Metric("ruptures", ALLIANCE, COUNT, lambda p: len(p.alliance.ruptures), in_index=True, trend=True, from_json=lambda p: len(p["alliance"]["ruptures"])),
    Metric("ruptures_repaired_share", ALLIANCE, SHARE, lambda p: p.alliance.repaired_share),
    Metric("attunement_therapist", ALLIANCE, RATIO, lambda p: p.alliance.attunement.therapist_follows, decimals=3),
    Metric("attunement_client", ALLIANCE, RATIO, lambda p: p.alliance.attunement.client_follows, decimals=3),
    Metric("attunement_baseline", ALLIANCE, RATIO, lambda p: p.alliance.attunement.baseline, decimals=3),
)

BY_NAME: Mapping[str, Metric] = MappingProxyType({metric.name: metric for metric in METRICS})
BANDED: tuple[Metric, ...] = tuple(metric for metric in METRICS if metric.banded)
INDEX_METRICS: tuple[Metric, ...] = tuple(metric for metric in METRICS if metric.in_index)
# The key figures a series of sessions follows, with the columns their margins are counted over.
TREND_METRICS: tuple[Metric, ...] = tuple(metric for metric in METRICS if metric.trend)
