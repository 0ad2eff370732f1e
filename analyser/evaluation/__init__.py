"""Agreement with expert codes: the statistics (`agreement`) and `rapport evaluate` (`evaluate`)."""

from __future__ import annotations

from analyser.evaluation.evaluate import Evaluation, compare, read_labels

__all__ = ["Evaluation", "compare", "read_labels"]
