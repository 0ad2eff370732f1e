"""A supervisor's corrections of rapport's codes: read them (`file`), apply them to analysed sessions and measure the agreement (`apply`)."""

from __future__ import annotations

from analyser.corrections.apply import CorrectionRun, CorrectionSummary, Unmatched, correct_session, corrected_code
from analyser.corrections.file import Correction, Corrections, read_corrections

__all__ = [
    "Correction",
    "CorrectionRun",
    "CorrectionSummary",
    "Corrections",
    "Unmatched",
    "correct_session",
    "corrected_code",
    "read_corrections",
]
