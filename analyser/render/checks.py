"""The outcome of `rapport check` for people: a plain-text summary, and a Markdown table for CI summaries.

Session ids, metric names, values, thresholds and bands only: no transcript text, no speaker name.
"""

from __future__ import annotations

from analyser.gate.checks import CheckResult, CheckRun, SessionCheck, Threshold, UnreadableInput
from analyser.profile.numbers import format_number
from analyser.render.markdown import markdown_table, markdown_text
from analyser.render.report_text import ReportText
from analyser.textnorm import printable

_WHEN_MISSING = {
    "fail": "a session that cannot be measured does not pass a competency gate (when_missing = fail)",
    "skip": "check skipped (when_missing = skip)",
    "pass": "counted as passing (when_missing = pass)",
}
_WHEN_TOO_FEW = {
    "fail": "a session with too few to measure does not pass a competency gate (when_too_few = fail)",
    "skip": "check skipped (when_too_few = skip)",
    "pass": "counted as passing (when_too_few = pass)",
}
_MARK = {"pass": "✓", "fail": "✗", "skip": "–"}


def too_few(result: CheckResult) -> str:
    """"too few to conclude (n = 2)", as every output says it (models/report_labels.tsv, in English)."""
    return ReportText.for_lang("en").too_few(result.count or 0)


def describe(result: CheckResult) -> str:
    """One sentence on a check's outcome, with the measured value and band, or why there is no verdict."""
    threshold, value = result.threshold, result.value
    if result.too_few:
        shown = "no value" if value is None else f"= {format_number(value)}"
        return f"{threshold.metric} {shown}, {too_few(result)}, minimum {result.minimum}: {_WHEN_TOO_FEW[result.status]}"
    if value is None:
        return f"{threshold.metric} has no value for this session: {_WHEN_MISSING[result.status]}"
    band = f" (band {result.band})" if result.band else ""
    bound = "minimum" if threshold.kind == "min" else "maximum"
    if result.status == "pass":
        relation = "at or above" if threshold.kind == "min" else "at or below"
    else:
        relation = "below" if threshold.kind == "min" else "above"
    return f"{threshold.metric} = {format_number(value)}{band}, {relation} the {bound} {format_number(threshold.value)}"


def unreadable_line(item: UnreadableInput) -> str:
    """"<session>: <place>: could not be read; …" — never the reader's message, which may quote the file."""
    where = f"{item.place}: " if item.place else ""
    return f"{printable(item.session_id)}: {where}{item.reason}"


def verdict(run: CheckRun) -> str:
    """The run in one line: PASS or FAIL, then its tally."""
    return f"{'PASS' if run.passed else 'FAIL'}: {tally(run)}"


def tally(run: CheckRun) -> str:
    """How many sessions fall short, how many inputs could not be read."""
    sessions, failed = len(run.sessions), len(run.failed_sessions)
    parts = [f"{failed} of {plural(sessions, 'session')} fall{'s' if failed == 1 else ''} short" if failed else f"{sessions} of {plural(sessions, 'session')} pass"]
    if run.unreadable:
        parts.append(f"{plural(len(run.unreadable), 'input')} could not be read")
    return "; ".join(parts)


def plural(count: int, noun: str) -> str:
    """"1 session", "2 sessions"."""
    return f"{count} {noun}{'s' if count != 1 else ''}"


def render_summary(run: CheckRun) -> str:
    """The plain-text summary: per session PASS or FAIL, then each check with its value, threshold and band."""
    config = run.config
    checks = f"{plural(len(config.thresholds), 'check')} on each of {plural(len(run.sessions), 'session')}"
    lines = [f"rapport check: profile {config.profile or 'none'}, when_missing = {config.when_missing}, when_too_few = {config.when_too_few}; {checks}", ""]
    width = max((len(t.label) for t in config.thresholds), default=0)
    for session in run.sessions:
        lines.append(f"{'FAIL' if session.failed else 'PASS'}  {printable(session.session_id)}")
        for result in session.results:
            lines.append(f"      {result.status.upper() if result.status == 'fail' else result.status:<4}  {result.threshold.label:<{width}}  {_measured(result)}")
    for item in run.unreadable:
        lines.append(f"ERROR {unreadable_line(item)}")
    lines += ["", verdict(run)]
    return "\n".join(lines) + "\n"


def _measured(result: CheckResult) -> str:
    if result.too_few:
        shown = "–" if result.value is None else format_number(result.value)
        return f"{shown:>8}  {too_few(result)}, minimum {result.minimum}: {_WHEN_TOO_FEW[result.status]}"
    if result.value is None:
        return "not measured: " + _WHEN_MISSING[result.status]
    band = f"  band {result.band}" if result.band else ""
    return f"{format_number(result.value):>8}{band}"


def render_markdown_summary(run: CheckRun) -> str:
    """A Markdown summary: one row per session, one column per check (value, ✓/✗, band), then totals."""
    thresholds = run.config.thresholds
    header = ["session", "result", *(_threshold_header(t) for t in thresholds)]
    rows = [[markdown_text(session.session_id), "✗ fail" if session.failed else "✓ pass", *map(_cell, session.results)] for session in run.sessions]
    for item in run.unreadable:
        where = f" ({item.place})" if item.place else ""
        rows.append([markdown_text(item.session_id), f"⚠ unreadable{where}", *("–" for _ in thresholds)])
    passed = len(run.sessions) - len(run.failed_sessions)
    rows.append(["**all sessions**", f"**{passed} of {len(run.sessions)} pass**", *(_column_total(run.sessions, index) for index in range(len(thresholds)))])
    lines = [
        f"## rapport check: {'✓ PASS' if run.passed else '✗ FAIL'}",
        "",
        (
            f"Profile `{run.config.profile or 'none'}`, when_missing = `{run.config.when_missing}`, when_too_few = `{run.config.when_too_few}`. "
            f"{markdown_text(tally(run)).capitalize()}."
        ),
        "",
        markdown_table(header, rows, numeric_from=2),
    ]
    if run.unreadable:
        lines += ["Unreadable inputs could not be read; run `rapport analyse` on them locally to see why.", ""]
    lines.append(
        "Automatic estimates by rapport, to be read by a person; bands: low, fair, good (MITI thresholds where MITI has them). "
        "A share drawn from fewer codes than its minimum is too few to conclude (n = the count): no band, no verdict unless when_too_few says so."
    )
    return "\n".join(lines) + "\n"


def _threshold_header(threshold: Threshold) -> str:
    # Metric names are checked against the session columns: letters, digits and "_" only, safe in a code span.
    return f"`{threshold.metric}` {'≥' if threshold.kind == 'min' else '≤'} {format_number(threshold.value)}"


def _cell(result: CheckResult) -> str:
    if result.too_few:
        shown = "–" if result.value is None else format_number(result.value)
        return f"{shown} {_MARK[result.status]} {too_few(result)}"
    if result.value is None:
        return "– skipped" if result.status == "skip" else f"{_MARK[result.status]} not measured"
    band = f" ({result.band})" if result.band else ""
    return f"{format_number(result.value)} {_MARK[result.status]}{band}"


def _column_total(sessions: tuple[SessionCheck, ...], index: int) -> str:
    passed = sum(1 for session in sessions if session.results[index].status == "pass")
    return f"{passed} of {len(sessions)} ✓"
