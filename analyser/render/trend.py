"""`rapport trend`'s outputs: a series' key figures session by session, with their changes, as text, CSV or JSON.

Text speaks the reader's language (French by default, decimal commas); CSV and JSON keep stable English keys.
The CSV has one row per series × session × figure (long form, for a spreadsheet's pivot table or a plot).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from typing import Any, TextIO

from analyser.profile.numbers import NONE, rounded
from analyser.profile.registry import COUNT, SHARE, Figure, Metric
from analyser.render.csv import CsvDialect, CsvTable
from analyser.render.json import SCHEMA_VERSION
from analyser.render.report_text import ReportText
from analyser.rows import Cell
from analyser.series.margin import UNKNOWN, Change, Z, coding_errors
from analyser.series.membership import SeriesWarning
from analyser.series.trend import FigureTrend, SeriesTrend

TREND_FORMATS = ("text", "csv", "json")
TREND_CSV_COLUMNS = (
    "series",
    "number",
    "position",
    "date",
    "session_id",
    "source",
    "figure",
    "value",
    "since_first",
    "since_first_margin",
    "since_first_verdict",
    "since_previous",
    "since_previous_margin",
    "since_previous_verdict",
)


def warning_text(warning: SeriesWarning, text: ReportText) -> str:
    """A series warning in the reader's language, on one line."""
    return text.format(f"series_warning_{warning.key}", **warning.fields)


def date_text(date: datetime.date | None, text: ReportText) -> str:
    """A session's date as its reader writes it: 14/03/2026 in French, 2026-03-14 in English."""
    if date is None:
        return NONE
    return date.strftime("%d/%m/%Y") if text.lang == "fr" else date.isoformat()


def change_text(metric: Metric, change: Change, text: ReportText) -> str:
    """"+43 pts (± 62) : dans la marge d'erreur", or a dash for the first session and a figure not measured."""
    if change.change is None:
        return NONE
    shown = _signed(metric, change.change, text)
    if change.margin is None or change.verdict == UNKNOWN:
        return text.format("trend_change_unknown", change=shown)
    return text.format("trend_change", change=shown, margin=_amount(metric, change.margin, text), verdict=text[f"trend_verdict_{change.verdict}"])


def verdict_text(change: Change, text: ReportText) -> str:
    """The verdict alone: hausse, baisse, dans la marge d'erreur, non mesuré."""
    return text[f"trend_verdict_{change.verdict}"]


def value_text(metric: Metric, value: Figure, text: ReportText) -> str:
    """A session's value of a trend figure, as the reports show it."""
    return text.figure(metric, value)


def _amount(metric: Metric, amount: float, text: ReportText) -> str:
    """A size of change: percentage points for a share, one decimal for a count's margin, the figure's decimals otherwise."""
    if metric.kind == SHARE:
        return text.format("trend_points", value=text.number(amount * 100, 0))
    if metric.kind == COUNT:
        return str(round(amount)) if float(amount).is_integer() else text.number(amount, 1)
    return text.number(amount, metric.shown_digits)


def _signed(metric: Metric, change: float, text: ReportText) -> str:
    shown = _amount(metric, abs(change), text)
    if not any(digit in "123456789" for digit in shown):  # a change that rounds to nothing has no sign
        return "±" + shown
    return ("+" if change > 0 else "-") + shown


def people_text(trend: SeriesTrend, text: ReportText) -> str | None:
    """"thérapeute : Mme Leroy ; client : M. Dupont", from the manifest; None when it names neither."""
    therapists = _distinct(session.membership.therapist for session in trend.sessions if session.membership)
    clients = _distinct(session.membership.client for session in trend.sessions if session.membership)
    if not therapists and not clients:
        return None
    return text.format("trend_people", therapist=", ".join(therapists) or NONE, client=", ".join(clients) or NONE)


def summary_text(trend: SeriesTrend, text: ReportText) -> str:
    """What changed beyond its margin over the series, in one sentence: the recent sessions against the early ones
    when the series is long enough to pool them, else the last session against the first."""
    if len(trend.sessions) < 2:
        return text["trend_one_session"]
    pooled = "pooled" if trend.pool_size else "first"
    beyond = trend.beyond()
    if not beyond:
        return text.format(f"trend_{pooled}_none", count=trend.pool_size)
    named = [f"{text[figure.metric.trend_key]} ({verdict_text(trend.overall(figure), text)})" for figure in beyond]
    return text.format(f"trend_{pooled}_summary", count=trend.pool_size, figures="; ".join(named))


def pooled_text(trend: SeriesTrend, figure: FigureTrend, text: ReportText) -> str | None:
    """"3 premières séances → 3 dernières : 20 % → 45 %, +25 pts (± 18 pts) : hausse"; None when the series is too short to pool."""
    if not trend.pool_size:
        return None
    return text.format(
        "trend_pooled_line",
        count=trend.pool_size,
        early=value_text(figure.metric, figure.early_value, text),
        recent=value_text(figure.metric, figure.recent_value, text),
        change=change_text(figure.metric, figure.early_to_recent, text),
    )


def _distinct(values: Any) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


def write_trend_text(trends: Sequence[SeriesTrend], stream: TextIO, *, lang: str = "fr") -> None:
    """Each series: its heading, the note on margins, what changed, then a small table per figure."""
    text = ReportText.for_lang(lang)
    if not trends:
        stream.write(text["trend_no_series"] + "\n")
        return
    for number, trend in enumerate(trends):
        if number:
            stream.write("\n")
        heading = " — ".join(
            part for part in (text.format("trend_heading", series=trend.name), text.format("trend_sessions", count=len(trend.sessions)), people_text(trend, text)) if part
        )
        stream.write(f"{heading}\n{'=' * len(heading)}\n{text['estimate_note']}\n{text['trend_note']}\n{summary_text(trend, text)}\n")
        numbers = trend.numbers()
        dates = [date_text(session.membership.date if session.membership else None, text) for session in trend.sessions]
        for figure in trend.figures:
            rows = [[text[key] for key in ("trend_col_session", "trend_col_date", "trend_col_value", "trend_col_since_first", "trend_col_since_previous")]]
            rows += [
                [str(n), date, value_text(figure.metric, value, text), change_text(figure.metric, first, text), change_text(figure.metric, previous, text)]
                for n, date, value, first, previous in zip(numbers, dates, figure.values, figure.since_first, figure.since_previous, strict=True)
            ]
            widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
            stream.write(f"\n{text[figure.metric.trend_key]}\n")
            stream.writelines("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() + "\n" for row in rows)
            pooled = pooled_text(trend, figure, text)
            if pooled:
                stream.write(f"  {pooled}\n")


def write_trend_csv(trends: Sequence[SeriesTrend], stream: TextIO, *, dialect: CsvDialect | None = None) -> None:
    """One row per series × session × figure (TREND_CSV_COLUMNS); a change is figure units (a share as a part of 1)."""
    table = CsvTable(stream, TREND_CSV_COLUMNS, dialect or CsvDialect())
    for trend in trends:
        for number, (position, session) in zip(trend.numbers(), enumerate(trend.sessions), strict=True):
            membership = session.membership
            for figure in trend.figures:
                first, previous = figure.since_first[position], figure.since_previous[position]
                row: dict[str, Cell] = {
                    "series": trend.name,
                    "number": number,
                    "position": None if membership is None else membership.position,
                    "date": None if membership is None or membership.date is None else membership.date.isoformat(),
                    "session_id": session.session_id,
                    "source": session.source,
                    "figure": figure.metric.name,
                    "value": figure.values[position],
                    **_change_cells("since_first", first),
                    **_change_cells("since_previous", previous),
                }
                table.write(row)


def _change_cells(prefix: str, change: Change) -> dict[str, Cell]:
    return {prefix: rounded(change.change, 4), f"{prefix}_margin": rounded(change.margin, 4), f"{prefix}_verdict": change.verdict}


def write_trend_json(
    trends: Sequence[SeriesTrend], stream: TextIO, *, generator: dict[str, Any], warnings: Sequence[SeriesWarning] = (), errors: Sequence[dict[str, Any]] = ()
) -> None:
    """{"schema_version", "generator", "margin", "series": [...], "warnings": [...], "errors": [...]}, keys in English."""
    document = {
        "schema_version": SCHEMA_VERSION,
        "generator": generator,
        "margin": {
            "z": Z,
            "coding_errors": {name: {"error": error.error, "sessions": error.sessions, "measured_on": error.measured_on} for name, error in coding_errors().items()},
        },
        "series": [trend.to_dict() for trend in trends],
        "warnings": [warning.to_dict() for warning in warnings],
        "errors": list(errors),
    }
    json.dump(document, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
