"""Competency bands (low, fair, good) from models/bands.tsv: MITI thresholds where MITI has them."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .errors import DataFileError
from .resources import models_dir, threshold_table

LOW, FAIR, GOOD = "low", "fair", "good"

# How the text and Markdown outputs name the banded metrics.
METRIC_NAMES = {
    "open_question_share": "% open questions",
    "complex_reflection_share": "% complex reflections",
    "reflection_to_question": "reflections per question (R:Q)",
    "shared_goal_per_1000_words": "shared-goal language /1000 words",
    "collaboration_per_1000_words": "seeking collaboration /1000 words",
}

# Decimals to show a ratio with, so that a value just under a threshold never reads as the threshold
# (R:Q 0.96 would show as "1.0" beside the band "low").
METRIC_DIGITS = {"reflection_to_question": 2}


def metric_digits(metric: str) -> int:
    """Decimals to show a non-percentage metric with."""
    return METRIC_DIGITS.get(metric, 1)


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
