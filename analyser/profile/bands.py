"""Competency bands (low, fair, good) from models/bands.tsv, and the minimum counts of models/minimum_counts.tsv."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from analyser.errors import DataFileError
from analyser.resources import models_dir, threshold_table

LOW, FAIR, GOOD = "low", "fair", "good"


@dataclass(frozen=True, slots=True)
class Band:
    """The thresholds of one metric; higher values are better."""

    metric: str
    fair: float
    good: float
    source: str

    def of(self, value: float | None) -> str | None:
        """The band a value falls in; None when the value is unknown."""
        if value is None:
            return None
        if value >= self.good:
            return GOOD
        return FAIR if value >= self.fair else LOW


@functools.cache
def bands() -> Mapping[str, Band]:
    """Every band of models/bands.tsv, by metric."""
    table = {}
    for metric, fields in threshold_table("bands.tsv").items():
        try:
            fair, good, source = float(fields[0]), float(fields[1]), fields[2]
        except (IndexError, ValueError):
            raise DataFileError(f"{models_dir() / 'bands.tsv'}: {metric}: expected metric, fair, good, source") from None
        table[metric] = Band(metric, fair, good, source)
    return MappingProxyType(table)


# What models/minimum_counts.tsv names as counted: session columns joined by "+".
_COUNTED_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")


@dataclass(frozen=True, slots=True)
class MinimumCount:
    """The fewest coded behaviours a metric needs before it can be read: below it, no band and no verdict."""

    metric: str
    minimum: int
    counted: tuple[str, ...]  # session columns (and CodingProfile counts) whose sum is the count behind the metric
    why: str

    def count_in(self, figures: Mapping[str, object]) -> int | None:
        """The count behind the metric in a session row or a profile's counts; None when a column is absent or empty."""
        values = [figures.get(name) for name in self.counted]
        if not all(isinstance(value, int) and not isinstance(value, bool) for value in values):
            return None
        return sum(values)  # type: ignore[arg-type]

    def too_few(self, count: int | None) -> bool:
        """Whether `count` is below the minimum; an unknown count is not judged."""
        return count is not None and count < self.minimum


@functools.cache
def minimum_counts() -> Mapping[str, MinimumCount]:
    """Every minimum of models/minimum_counts.tsv, by metric.

    Raises:
        DataFileError: a line that is not metric, a whole number of at least 1, counted columns joined by "+", why.
    """
    table = {}
    for metric, fields in threshold_table("minimum_counts.tsv").items():
        try:
            minimum, counted, why = int(fields[0]), tuple(fields[1].split("+")), fields[2].strip()
        except (IndexError, ValueError):
            minimum, counted, why = 0, (), ""
        if minimum < 1 or not why or not all(_COUNTED_NAME.match(name) for name in counted):
            raise DataFileError(f"{models_dir() / 'minimum_counts.tsv'}: {metric}: expected metric, minimum (1 or more), counted columns joined by '+', why")
        table[metric] = MinimumCount(metric, minimum, counted, why)
    return MappingProxyType(table)
