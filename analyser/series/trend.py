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
from analyser.profile.registry import BY_NAME, TREND_METRICS, Figure, Metric
from analyser.series.margin import NO_CHANGE, Change, coding_errors, compare
from analyser.series.membership import SeriesMembership
from analyser.session import SessionAnalysis
from analyser.textnorm import fold

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
            raise InputError(source, f"not a session of rapport's JSON output: {exc} is missing", place=place) from None
        if len(values) != len(KEPT):
            raise InputError(source, "a figure of the trend cannot be read back from the JSON", place=place)
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

    def to_dict(self) -> dict[str, Any]:
        error = coding_errors().get(self.metric.name)
        return {
            "figure": self.metric.name,
            "kind": self.metric.kind,
            "coding_error": None if error is None else error.error,
            "values": list(self.values),
            "since_first": [change.to_dict() for change in self.since_first],
            "since_previous": [change.to_dict() for change in self.since_previous],
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

    def beyond(self) -> tuple[FigureTrend, ...]:
        """The figures whose last session differs from the first beyond the margin."""
        return tuple(figure for figure in self.figures if figure.since_first and figure.since_first[-1].beyond)

    def to_dict(self) -> dict[str, Any]:
        return {
            "series": self.name,
            "sessions": [
                {"number": number, "session_id": session.session_id, "source": session.source, **_membership_dict(session.membership)}
                for number, session in zip(self.numbers(), self.sessions, strict=True)
            ],
            "figures": [figure.to_dict() for figure in self.figures],
        }


def _membership_dict(membership: SeriesMembership | None) -> dict[str, Any]:
    figures = (membership or SeriesMembership("")).to_dict()
    del figures["series"]
    return figures


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
    figures = []
    for metric in TREND_METRICS:
        values = tuple(session.values.get(metric.name) for session in sessions)
        first = sessions[0].values if sessions else {}
        since_first = tuple(NO_CHANGE if n == 0 else compare(metric, first, session.values) for n, session in enumerate(sessions))
        since_previous = tuple(NO_CHANGE if n == 0 else compare(metric, sessions[n - 1].values, session.values) for n, session in enumerate(sessions))
        figures.append(FigureTrend(metric, values, since_first, since_previous))
    return SeriesTrend(name, tuple(sessions), tuple(figures))
