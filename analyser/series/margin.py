"""When a change between two sessions counts: larger than what sampling and the coding's measured error can produce.

For a figure measured in two sessions a and b, the margin of its change is

    Z · sqrt(var_a + var_b + cod_a + cod_b)

- `var` is the sampling variance of the figure in one session, from the counts behind it (the registry's `basis`):
  a share p of n (questions, reflections, therapist utterances, change and sustain talk, turns for the talk share)
  is read as Agresti and Caffo do, p̃ = (p·n + 1) / (n + 2), var = p̃(1 − p̃) / (n + 2); a ratio R/Q (reflections
  to questions) takes the delta method with 0.5 added to each count, var = r̃²(1/(R + 0.5) + 1/(Q + 0.5)),
  r̃ = (R + 0.5)/(Q + 0.5); a count c (goal talk, ruptures…) is a Poisson count, var = c.
- `cod` is what the coding's own errors add, from the error `e` measured for that figure against expert coders
  (models/trend_error.tsv, written by benchmarks/trend_error.py): cod = e² / n for a share or a ratio read from n
  codes (the basis counts summed), cod = e² · c for a count c (at least 1). Coding errors are per code: they weigh
  less on a share of many codes, and more on a large count. A constant bias cancels in a difference and is left out.

Sampling and coding errors are independent, so their variances add. A change beyond the margin is a rise or a fall
of the figure; anything smaller is within the margin of error. Neither says anything of the therapist or the client.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from analyser.errors import DataFileError
from analyser.profile.numbers import rounded
from analyser.profile.registry import COUNT, RATIO, SHARE, Figure, Metric
from analyser.resources import models_dir, threshold_table

Z = 1.96  # two-sided 95 %
UP, DOWN, WITHIN, UNKNOWN = "up", "down", "within", "unknown"
VERDICTS = (UP, DOWN, WITHIN, UNKNOWN)


@dataclass(frozen=True, slots=True)
class CodingError:
    """The coding's measured error on one figure, per code (see `coding_scale`), the sessions it was measured on, and where."""

    figure: str
    error: float
    sessions: int
    measured_on: str


@dataclass(frozen=True, slots=True)
class Change:
    """A figure's change from one session to a later one, its margin, and the verdict: up, down, within, unknown."""

    change: float | None
    margin: float | None
    verdict: str

    @property
    def beyond(self) -> bool:
        """Whether the change is larger than its margin: a rise or a fall."""
        return self.verdict in (UP, DOWN)

    def to_dict(self) -> dict[str, Any]:
        return {"change": rounded(self.change, 4), "margin": rounded(self.margin, 4), "verdict": self.verdict}


NO_CHANGE = Change(None, None, UNKNOWN)


@functools.cache
def coding_errors() -> Mapping[str, CodingError]:
    """Every measured coding error of models/trend_error.tsv, by figure.

    Raises:
        DataFileError: a line that is not figure, error (a number of 0 or more), sessions (a whole number), where.
    """
    table = {}
    for figure, fields in threshold_table("trend_error.tsv").items():
        try:
            error, sessions, where = float(fields[0]), int(fields[1]), fields[2].strip()
        except (IndexError, ValueError):
            error, sessions, where = -1.0, 0, ""
        if not error >= 0 or sessions < 1 or not where:
            raise DataFileError(f"{models_dir() / 'trend_error.tsv'}: {figure}: expected figure, error (0 or more), sessions (1 or more), where it was measured")
        table[figure] = CodingError(figure, error, sessions, where)
    return MappingProxyType(table)


def sampling_variance(metric: Metric, figures: Mapping[str, Figure]) -> float | None:
    """The sampling variance of `metric` in one session whose figures (the metric and its basis columns) are `figures`.

    None when the figure or a count behind it is unknown.
    """
    value = figures.get(metric.name)
    counts = [figures.get(name) for name in metric.basis]
    if not isinstance(value, (int, float)) or not all(isinstance(count, int) for count in counts):
        return None
    if metric.kind == COUNT:
        return float(value)
    if metric.kind == RATIO:
        top, bottom = (count + 0.5 for count in counts)  # type: ignore[operator]
        return (top / bottom) ** 2 * (1 / top + 1 / bottom)
    if metric.kind == SHARE:
        n = sum(counts)  # type: ignore[arg-type]
        adjusted = (value * n + 1) / (n + 2)
        return adjusted * (1 - adjusted) / (n + 2)
    raise ValueError(f"{metric.name}: no sampling margin for a figure of kind {metric.kind}")


def coding_scale(metric: Metric, figures: Mapping[str, Figure]) -> float | None:
    """How the coding's per-code error `e` scales to the figure's error in one session: 1/sqrt(n) for a share or a
    ratio of n codes, sqrt(c) for a count c (n and c at least 1); None when a count behind the figure is unknown."""
    value = figures.get(metric.name)
    if metric.kind == COUNT:
        return math.sqrt(max(value, 1)) if isinstance(value, int) else None
    counts = [figures.get(name) for name in metric.basis]
    if not counts or not all(isinstance(count, int) for count in counts):
        return None
    return 1 / math.sqrt(max(sum(counts), 1))  # type: ignore[arg-type]


def compare(metric: Metric, before: Mapping[str, Figure], after: Mapping[str, Figure]) -> Change:
    """The change of `metric` from the session whose figures are `before` to the one whose figures are `after`.

    Raises:
        DataFileError: the figure has no measured coding error in models/trend_error.tsv.
    """
    first, second = before.get(metric.name), after.get(metric.name)
    if not isinstance(first, (int, float)) or not isinstance(second, (int, float)):
        return NO_CHANGE
    change = float(second) - float(first)
    error = coding_errors().get(metric.name)
    if error is None:
        raise DataFileError(f"{models_dir() / 'trend_error.tsv'}: no measured error for {metric.name}, a figure of the trend")
    variance = 0.0
    for figures in (before, after):
        sampling, scale = sampling_variance(metric, figures), coding_scale(metric, figures)
        if sampling is None or scale is None:
            return Change(change, None, UNKNOWN)
        variance += sampling + (error.error * scale) ** 2
    margin = Z * math.sqrt(variance)
    return Change(change, margin, verdict(change, margin))


def pooled(metric: Metric, sessions: Sequence[Mapping[str, Figure]]) -> dict[str, Figure]:
    """The figures of several sessions taken as one: the counts behind `metric` summed, and the figure read from them.

    A share is the sum of its parts over the sum of its counts, a ratio the sum of its numerators over the sum of its
    denominators, a count the sum of the counts. A session where the figure or a count behind it is unknown is left
    out of a share or a ratio (it holds no codes of it); for a count, it makes the pooled figure unknown. The margin
    of a pooled change (`compare`) is read from the summed counts, so it narrows as the pools grow.
    """
    known = [
        figures for figures in sessions
        if isinstance(figures.get(metric.name), (int, float)) and all(isinstance(figures.get(name), int) for name in metric.basis)
    ]
    if metric.kind == COUNT:
        if len(known) < len(sessions) or not known:
            return {metric.name: None}
        return {metric.name: sum(int(figures[metric.name]) for figures in known)}  # type: ignore[arg-type]
    counts = {name: sum(int(figures[name]) for figures in known) for name in metric.basis}  # type: ignore[arg-type]
    if metric.kind == RATIO:
        top, bottom = (counts[name] for name in metric.basis)
        return {**counts, metric.name: top / bottom if bottom else None}
    total = sum(counts.values())
    parts = sum(float(figures[metric.name]) * sum(int(figures[name]) for name in metric.basis) for figures in known)  # type: ignore[arg-type]
    return {**counts, metric.name: parts / total if total else None}


def verdict(change: float, margin: float) -> str:
    """up or down when the change is beyond the margin, else within."""
    if change > margin:
        return UP
    return DOWN if change < -margin else WITHIN

