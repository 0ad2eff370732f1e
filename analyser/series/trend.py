"""A series' trend: its sessions in order, the key figures of each, and their change since the first and the previous session.

The key figures are the registry's trend rows (analyser/profile/registry.py, `trend=True`); each session keeps only
those and the counts behind them (a `SessionFigures`), never its transcript, so a long series stays small.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from analyser.errors import InputError
from analyser.messages import Notice
from analyser.profile.registry import BY_NAME, TREND_METRICS, Figure, Metric
from analyser.series.margin import NO_CHANGE, Change, coding_errors, compare, pooled
from analyser.series.membership import SeriesMembership
from analyser.session import SessionAnalysis
from analyser.textnorm import fold

# The early and the recent sessions compared as two pools: half the series each, at most this many sessions.
POOL_LIMIT = 5
# Fewer sessions than this: no pools (with 2 or 3 they are the first and the last session, already compared).
POOL_MINIMUM = 4
# The trend's figures, then the counts their margins need.
KEPT: tuple[Metric, ...] = (
    *TREND_METRICS,
    *(BY_NAME[name] for name in dict.fromkeys(name for metric in TREND_METRICS for name in metric.basis) if not BY_NAME[name].trend),
)


@dataclass(frozen=True, slots=True)
class SessionFigures:
    """What a trend keeps of a session: which one it is, its series, and its key figures with their counts."""

    session_id: str
    source: str
    values: Mapping[str, Figure]
    membership: SeriesMembership | None = None

    @classmethod
    def from_analysis(cls, analysis: SessionAnalysis, membership: SeriesMembership | None = None) -> SessionFigures:
        """The figures of an analysed session."""
        values = {metric.name: metric.value(analysis.profile) for metric in KEPT}
        return cls(analysis.transcript.session_id, analysis.transcript.source, MappingProxyType(values), membership)

    @classmethod
    def from_record(cls, record: Mapping[str, Any], *, source: str, place: str | None = None) -> SessionFigures:
        """The figures of a session as the JSON and JSON Lines outputs hold it (`rapport analyse --format jsonl`).

        Raises:
            InputError: the record is not a session of rapport's JSON (`source` and `place` name where it is).
        """
        try:
            profile = record["profile"]
            values = {metric.name: metric.from_json(profile) for metric in KEPT if metric.from_json is not None}
            session = cls(str(record["session_id"]), str(record["source"]), MappingProxyType(values))
        except (KeyError, TypeError, IndexError) as exc:
            raise InputError(source, Notice("trend.not_a_session", missing=str(exc)), place=place) from None
        if len(values) != len(KEPT):
            raise InputError(source, Notice("trend.figure_not_in_json"), place=place)
        return session

    def placed(self, membership: SeriesMembership | None) -> SessionFigures:
        """The same figures, in a series."""
        return replace(self, membership=membership)


@dataclass(frozen=True, slots=True)
class FigureTrend:
    """One figure over a series: its value in each session, and its change since the first and since the previous one.

    The changes of the first session are NO_CHANGE.
    """

    metric: Metric
    values: tuple[Figure, ...]
    since_first: tuple[Change, ...]
    since_previous: tuple[Change, ...]
    # The recent sessions taken together against the early ones (`SeriesTrend.pool_size`): more codes, a narrower margin.
    early_to_recent: Change = NO_CHANGE
    early_value: Figure = None
    recent_value: Figure = None

    def to_dict(self) -> dict[str, Any]:
        error = coding_errors().get(self.metric.name)
        return {
            "figure": self.metric.name,
            "kind": self.metric.kind,
            "coding_error": None if error is None else error.error,
            "values": list(self.values),
            "since_first": [change.to_dict() for change in self.since_first],
            "since_previous": [change.to_dict() for change in self.since_previous],
            "early_to_recent": {"early": self.early_value, "recent": self.recent_value, **self.early_to_recent.to_dict()},
        }


@dataclass(frozen=True, slots=True)
class SeriesTrend:
    """A series: its name, its sessions in order, and each key figure over them."""

    name: str
    sessions: tuple[SessionFigures, ...]
    figures: tuple[FigureTrend, ...]

    def numbers(self) -> tuple[int, ...]:
        """The number each session goes by: its number in the series when given, else its rank (from 1)."""
        return tuple(
            session.membership.position if session.membership and session.membership.position is not None else rank
            for rank, session in enumerate(self.sessions, start=1)
        )

    @property
    def pool_size(self) -> int:
        """How many early and how many recent sessions are pooled (`pool_size`)."""
        return pool_size(len(self.sessions))

    def overall(self, figure: FigureTrend) -> Change:
        """The series' change of a figure: the recent sessions against the early ones when pooled, else the last against the first."""
        if self.pool_size:
            return figure.early_to_recent
        return figure.since_first[-1] if figure.since_first else NO_CHANGE

    def beyond(self) -> tuple[FigureTrend, ...]:
        """The figures whose series change (`overall`) is beyond the margin."""
        return tuple(figure for figure in self.figures if self.overall(figure).beyond)

    def to_dict(self) -> dict[str, Any]:
        return {
            "series": self.name,
            "sessions": [
                {"number": number, "session_id": session.session_id, "source": session.source, **_membership_dict(session.membership)}
                for number, session in zip(self.numbers(), self.sessions, strict=True)
            ],
            "pooled_sessions": self.pool_size,
            "figures": [figure.to_dict() for figure in self.figures],
        }


def _membership_dict(membership: SeriesMembership | None) -> dict[str, Any]:
    figures = (membership or SeriesMembership("")).to_dict()
    del figures["series"]
    return figures


def pool_size(sessions: int) -> int:
    """How many early and how many recent sessions of a series of `sessions` are pooled: half, at most POOL_LIMIT; none under POOL_MINIMUM."""
    return min(sessions // 2, POOL_LIMIT) if sessions >= POOL_MINIMUM else 0


def build_trends(sessions: Iterable[SessionFigures]) -> tuple[SeriesTrend, ...]:
    """The trend of every series among `sessions` (those without a series are left out), series ordered by name.

    A series is named as its first session names it; names that differ only by case or accents are one series.
    """
    groups: dict[str, list[SessionFigures]] = {}
    for session in sessions:
        if session.membership is not None:
            groups.setdefault(fold(session.membership.series).strip(), []).append(session)
    trends = []
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda s: s.membership.order_key(fold(s.session_id)) + (s.source,))  # type: ignore[union-attr]
        trends.append(series_trend(groups[key][0].membership.series, members))  # type: ignore[union-attr]
    return tuple(trends)


def series_trend(name: str, sessions: Sequence[SessionFigures]) -> SeriesTrend:
    """The trend of one series whose sessions are given in order."""
    size = pool_size(len(sessions))
    figures = []
    for metric in TREND_METRICS:
        values = tuple(session.values.get(metric.name) for session in sessions)
        first = sessions[0].values if sessions else {}
        since_first = tuple(NO_CHANGE if n == 0 else compare(metric, first, session.values) for n, session in enumerate(sessions))
        since_previous = tuple(NO_CHANGE if n == 0 else compare(metric, sessions[n - 1].values, session.values) for n, session in enumerate(sessions))
        figure = FigureTrend(metric, values, since_first, since_previous)
        if size:
            early = pooled(metric, [session.values for session in sessions[:size]])
            recent = pooled(metric, [session.values for session in sessions[-size:]])
            figure = replace(figure, early_to_recent=compare(metric, early, recent), early_value=early[metric.name], recent_value=recent[metric.name])
        figures.append(figure)
    return SeriesTrend(name, tuple(sessions), tuple(figures))
