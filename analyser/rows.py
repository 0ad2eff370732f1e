"""Flat rows for spreadsheets and CI gates: one row per session, one per coded utterance.

Column names are documented in docs/outputs.md ("CSV columns"); the figures follow analyser/profile/registry.py. A session row holds figures and
bands only — no transcript text and no speaker names — so it is safe for CI logs.
"""

from __future__ import annotations

from collections.abc import Iterator

from analyser.profile.registry import METRICS
from analyser.session import SessionAnalysis

Cell = str | int | float | bool | None
# What spreadsheet programs read as the start of a formula (OWASP "CSV injection"): a CSV cell starting so is made
# inert with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# What a session row says beyond the profile's figures (analyser/profile/registry.py): which file it is, and how
# many warnings reading it gave.
_SOURCE_COLUMNS = ("session_id", "source", "format")
_WARNINGS = "warnings"

SESSION_COLUMNS: tuple[str, ...] = (
    *_SOURCE_COLUMNS,
    *(column for metric in METRICS for column in metric.columns),
    _WARNINGS,
)

UTTERANCE_COLUMNS: tuple[str, ...] = (
    "session_id",
    "index",
    "source_line",
    "place",
    "start",
    "end",
    "overlap",
    "speaker",
    "role",
    "words",
    "question",
    "reflection",
    "input",
    "client_talk",
    "markers",
    "text",
)


def session_row(analysis: SessionAnalysis) -> dict[str, Cell]:
    """The session's figures under the names of SESSION_COLUMNS, in that order."""
    transcript, profile = analysis.transcript, analysis.profile
    readings = profile.coding.readings()
    row: dict[str, Cell] = {
        "session_id": transcript.session_id,
        "source": transcript.source,
        "format": transcript.metadata.get("format"),
    }
    for metric in METRICS:
        row[metric.name] = metric.value(profile)
        if metric.banded:
            # Empty when the count behind the metric is below its minimum (models/minimum_counts.tsv).
            row[f"{metric.name}_band"] = readings[metric.name].band
    row[_WARNINGS] = len(transcript.warnings)
    return row


def utterance_rows(analysis: SessionAnalysis) -> Iterator[dict[str, Cell]]:
    """One row per coded utterance; `markers` lists "LABEL@start-end" codes separated by spaces."""
    session_id = analysis.transcript.session_id
    for coded in analysis.utterances:
        u = coded.utterance
        yield {
            "session_id": session_id,
            "index": u.index + 1,
            "source_line": u.source_line,
            "place": u.place,
            "start": u.start,
            "end": u.end,
            "overlap": u.overlap,
            "speaker": u.speaker,
            "role": u.role,
            "words": coded.words,
            "question": coded.question,
            "reflection": coded.reflection,
            "input": coded.input,
            "client_talk": coded.client_talk,
            "markers": " ".join(
                f"{m.label}@{m.start_char}-{m.end_char}" for m in coded.markers
            ),
            "text": u.text,
        }


def numeric_columns() -> tuple[str, ...]:
    """Session columns that hold a number: the metrics a check may set a threshold on."""
    return (*(metric.name for metric in METRICS if metric.numeric), _WARNINGS)
