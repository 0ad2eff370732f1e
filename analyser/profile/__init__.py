"""The session profile: one module per metric family (turn balance, timing, readability, MITI, the opening), and the
metric registry every output derives from."""

from __future__ import annotations

from analyser.profile.registry import BANDED, BY_NAME, METRICS, Metric
from analyser.profile.session import SessionProfile

__all__ = ["BANDED", "BY_NAME", "METRICS", "Metric", "SessionProfile"]
