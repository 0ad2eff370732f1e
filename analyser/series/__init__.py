"""Series of sessions (a dyad, a trainee): which series each session belongs to, and the trend of its key figures.

The public API: `read_manifest`, `SeriesAssigner`, `SessionFigures`, `build_trends`; the margin rule is in `margin`.
"""

from __future__ import annotations

from analyser.series.assign import SeriesAssigner
from analyser.series.manifest import Manifest, read_manifest
from analyser.series.margin import Change, compare
from analyser.series.membership import SeriesMembership, SeriesWarning
from analyser.series.names import name_place
from analyser.series.trend import FigureTrend, SeriesTrend, SessionFigures, build_trends

__all__ = [
    "Change",
    "FigureTrend",
    "Manifest",
    "SeriesAssigner",
    "SeriesMembership",
    "SeriesTrend",
    "SeriesWarning",
    "SessionFigures",
    "build_trends",
    "compare",
    "name_place",
    "read_manifest",
]
