"""Flat rows for spreadsheets and CI gates: one row per session, one per coded utterance.

Column names are documented in README ("CSV output"). A session row holds figures and
bands only — no transcript text and no speaker names — so it is safe for CI logs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from analyser import labels as L
from analyser.profile.bands import bands
from analyser.profile.miti import MITI_COUNTS, UNBANDED_METRICS
from analyser.profile.turn_balance import TIMELINE_WINDOWS, BalanceStats
from analyser.session import SessionAnalysis

Cell = str | int | float | bool | None

_BALANCE_FIELDS = (
    "utterances",
    "turns",
    "words",
    "word_share",
    "talk_time_s",
    "time_share",
    "overlap_s",
    "interruptions",
    "mean_turn_words",
    "median_turn_words",
    "longest_turn_words",
)
_ROLES = ("therapist", "client")
# Lexical markers counted per role: (column suffix, label, role).
_MARKER_COLUMNS = (
    ("therapist_shared_goal", L.SHARED_GOAL, "therapist"),
    ("therapist_collaboration", L.SEEKING_COLLABORATION, "therapist"),
    ("therapist_affirmation", L.AFFIRMATION, "therapist"),
    ("therapist_autonomy", L.EMPHASIZING_AUTONOMY, "therapist"),
    ("client_shared_goal", L.CLIENT_SHARED_GOAL, "client"),
)

SESSION_COLUMNS: tuple[str, ...] = (
    "session_id",
    "source",
    "format",
    "utterances",
    "words",
    "speakers",
    "duration_s",
    "time_rule",
    "switches",
    "interruptions",
    *(f"{role}_{field}" for role in _ROLES for field in _BALANCE_FIELDS),
    *(
        f"therapist_word_share_w{window:02d}"
        for window in range(1, TIMELINE_WINDOWS + 1)
    ),
    "readability_therapist",
    "readability_client",
    "questions",
    "open_questions",
    "closed_questions",
    "reflections",
    "simple_reflections",
    "complex_reflections",
    *MITI_COUNTS,
    *(column for metric in bands() for column in (metric, f"{metric}_band")),
    *UNBANDED_METRICS,
    *(name for name, _, _ in _MARKER_COLUMNS),
    "opening_utterances",
    "opening_therapist_word_share",
    "opening_open_questions",
    "opening_closed_questions",
    "opening_reflections",
    "opening_shared_goal",
    "warnings",
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
    balance, coding, opening = profile.turn_balance, profile.coding, profile.opening
    row: dict[str, Cell] = {
        "session_id": transcript.session_id,
        "source": transcript.source,
        "format": transcript.metadata.get("format"),
        "utterances": profile.utterances,
        "words": profile.words,
        "speakers": profile.speakers,
        "duration_s": _round(profile.duration_s, 2),
        "time_rule": balance.time_rule,
        "switches": balance.switches,
        "interruptions": balance.interruptions,
    }
    for role in _ROLES:
        row.update(_balance_cells(role, balance.roles.get(role)))
    for window, share in enumerate(balance.therapist_word_share_timeline, start=1):
        row[f"therapist_word_share_w{window:02d}"] = _round(share, 4)
    row["readability_therapist"] = _round(profile.readability.get("therapist"), 1)
    row["readability_client"] = _round(profile.readability.get("client"), 1)
    row.update(coding.counts())
    for metric, reading in coding.readings().items():
        row[metric] = _round(reading.value, 4)
        if reading.scale is not None:
            # Empty when the count behind the metric is below its minimum (models/minimum_counts.tsv).
            row[f"{metric}_band"] = reading.band
    roles = transcript.roles
    for name, label, role in _MARKER_COLUMNS:
        row[name] = sum(
            markers.counts.get(label, 0)
            for speaker, markers in coding.speakers.items()
            if roles.get(speaker) == role
        )
    row.update(
        opening_utterances=opening.utterances,
        opening_therapist_word_share=_round(opening.therapist_word_share, 4),
        opening_open_questions=opening.open_questions,
        opening_closed_questions=opening.closed_questions,
        opening_reflections=opening.simple_reflections + opening.complex_reflections,
        opening_shared_goal=opening.shared_goal,
        warnings=len(transcript.warnings),
    )
    return {column: row[column] for column in SESSION_COLUMNS}


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
    text_columns = {"session_id", "source", "format", "time_rule"}
    return tuple(
        c for c in SESSION_COLUMNS if c not in text_columns and not c.endswith("_band")
    )


def _balance_cells(role: str, stats: BalanceStats | None) -> dict[str, Any]:
    values = stats.to_dict() if stats is not None else {}
    if stats is None:
        # A role nobody holds: counts are zero, shares and times unknown.
        values = {
            field: 0 for field in ("utterances", "turns", "words", "longest_turn_words")
        }
    return {f"{role}_{field}": values.get(field) for field in _BALANCE_FIELDS}


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
