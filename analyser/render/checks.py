"""The outcome of `rapport check` for people: a plain-text summary, and a Markdown table for CI summaries, in French or English.

Session ids, metric names, values, thresholds and bands only: no transcript text, no speaker name.
Shares are written as percentages ("69,2 %"), thresholds too ("≥ 50 %"), counts as whole numbers.
"""

from __future__ import annotations

from analyser.gate.checks import CheckResult, CheckRun, SessionCheck, Threshold, UnreadableInput
from analyser.profile.bands import bands
from analyser.profile.numbers import NONE, format_clock
from analyser.profile.registry import BY_NAME, COUNT, SECONDS, SHARE
from analyser.render.markdown import bands_table, markdown_table, markdown_text
from analyser.render.report_text import ReportText
from analyser.textnorm import printable

_MARK = {"pass": "✓", "fail": "✗", "skip": "–"}
# Decimals of a measured value: of the percentage for a share, of the number otherwise; more when fewer would make a
# value that misses its threshold read as the threshold itself.
_SHARE_DIGITS, _NUMBER_DIGITS, _MOST_DIGITS = 1, 2, 4


def metric_name(metric: str, words: ReportText) -> str:
    """How the outputs name a checked metric: its short name ("% questions ouvertes"), else its session column."""
    known = BY_NAME.get(metric)
    return words.labels.get(known.short_key, metric) if known is not None else metric


def check_name(threshold: Threshold, words: ReportText) -> str:
    """A check as people read it: "% questions ouvertes ≥ 50 %"."""
    return f"{metric_name(threshold.metric, words)} {'≥' if threshold.kind == 'min' else '≤'} {threshold_value(threshold, words)}"


def threshold_value(threshold: Threshold, words: ReportText) -> str:
    """A threshold written as its metric is: "50 %" for a share, "1" for R:Q, "0:20:00" for a time."""
    kind = _kind(threshold.metric, threshold.value)
    if kind == SECONDS:
        return format_clock(threshold.value)
    return words.threshold(threshold.value, share=kind == SHARE)


def measured_value(result: CheckResult, words: ReportText) -> str:
    """A measured value written as its metric is, with enough decimals not to read as its threshold when it misses it."""
    value, threshold = result.value, result.threshold
    if value is None:
        return NONE
    kind = _kind(threshold.metric, value)
    if kind == SECONDS:
        return format_clock(value)
    if kind == COUNT:
        return str(round(value))
    share = kind == SHARE

    def shown(number: float, digits: int) -> str:
        return words.percent(number, digits) if share else words.number(number, digits)

    digits = _SHARE_DIGITS if share else _NUMBER_DIGITS
    while digits < _MOST_DIGITS and value != threshold.value and shown(value, digits) == shown(threshold.value, digits):
        digits += 1
    return shown(value, digits)


def _kind(metric: str, value: float) -> str:
    """The kind of a checked metric; a session column outside the registry (warnings) is a count when whole."""
    known = BY_NAME.get(metric)
    if known is not None:
        return known.kind
    return COUNT if float(value).is_integer() else "number"


def too_few(result: CheckResult, words: ReportText) -> str:
    """"trop peu pour conclure (n = 2)", as every output says it (models/report_labels.tsv)."""
    return words.too_few(result.count or 0)


def _outcome(result: CheckResult, words: ReportText) -> str:
    """What the configuration made of a check without a verdict on its value (when_too_few, when_missing)."""
    setting = "too_few" if result.too_few else "missing"
    return words[f"check_when_{setting}_{result.status}"]


def describe(result: CheckResult, *, lang: str = "fr") -> str:
    """One sentence on a check's outcome, with the measured value and band, or why there is no verdict."""
    words = ReportText.for_lang(lang)
    threshold, name = result.threshold, metric_name(result.threshold.metric, words)
    if result.too_few:
        value = words["check_no_value"] if result.value is None else f"= {measured_value(result, words)}"
        minimum = words.format("minimum_count", minimum=result.minimum)
        return words.format("check_describe_too_few", name=name, value=value, too_few=too_few(result, words), minimum=minimum, outcome=_outcome(result, words))
    if result.value is None:
        return words.format("check_describe_missing", name=name, outcome=_outcome(result, words))
    relation = words.format(f"check_{threshold.kind}_{'pass' if result.status == 'pass' else 'fail'}", threshold=threshold_value(threshold, words))
    value = measured_value(result, words)
    if result.band:
        return words.format("check_describe_banded", name=name, value=value, band=words[f"band_{result.band}"], relation=relation)
    return words.format("check_describe", name=name, value=value, relation=relation)


def unreadable_line(item: UnreadableInput, *, lang: str = "fr") -> str:
    """"<session> : ligne 6 : illisible ; …" — never the reader's message, which may quote the file."""
    words = ReportText.for_lang(lang)
    reason = words["check_unreadable"]
    if item.place:
        reason = words.format("labelled", label=words.numbered_place(item.place), value=reason)
    return words.format("labelled", label=printable(item.session_id), value=reason)


def verdict(run: CheckRun, words: ReportText) -> str:
    """The run in one line: RÉUSSI or ÉCHEC, then its tally (our words and numbers only: nothing to escape)."""
    return words.format("check_verdict", verdict=words["check_session_pass" if run.passed else "check_session_fail"], tally=tally(run, words))


def tally(run: CheckRun, words: ReportText) -> str:
    """How many sessions fall short, how many inputs could not be read."""
    sessions, failed = len(run.sessions), len(run.failed_sessions)
    parts = [words.format("check_tally_short", failed=failed, sessions=sessions) if failed else words.format("check_tally_pass", sessions=sessions)]
    if run.unreadable:
        parts.append(words.format("check_tally_unreadable", count=len(run.unreadable)))
    return " · ".join(parts)


def _profile(run: CheckRun, words: ReportText) -> str:
    return run.config.profile or words["check_no_profile"]


def render_summary(run: CheckRun, *, lang: str = "fr") -> str:
    """The plain-text summary: per session RÉUSSI or ÉCHEC, then each check with its value, threshold and band.

    Then the legend of the bands of the checked metrics, and the verdict as the last line.
    """
    words = ReportText.for_lang(lang)
    config = run.config
    lines = [
        words.format(
            "check_heading",
            profile=_profile(run, words),
            when_missing=config.when_missing,
            when_too_few=config.when_too_few,
            checks=len(config.thresholds),
            sessions=len(run.sessions),
        ),
        "",
    ]
    names = [check_name(threshold, words) for threshold in config.thresholds]
    width = max(map(len, names), default=0)
    verdicts = {failed: words["check_session_fail" if failed else "check_session_pass"] for failed in (True, False)}
    statuses = {status: words[f"check_status_{status}"] for status in _MARK}
    verdict_width, status_width = max(map(len, verdicts.values())), max(map(len, statuses.values()))
    for session in run.sessions:
        lines.append(f"{verdicts[session.failed]:<{verdict_width}}  {printable(session.session_id)}")
        for result, name in zip(session.results, names, strict=True):
            lines.append(f"      {statuses[result.status]:<{status_width}}  {name:<{width}}  {_measured(result, words)}")
    for item in run.unreadable:
        lines.append(f"{words['check_error']}  {unreadable_line(item, lang=lang)}")
    lines += ["", *_legend_lines(run, words), "", words["check_note"], "", verdict(run, words)]
    return "\n".join(lines) + "\n"


def _measured(result: CheckResult, words: ReportText) -> str:
    shown = measured_value(result, words)
    if result.too_few:
        minimum = words.format("minimum_count", minimum=result.minimum)
        return f"{shown:>8}  {too_few(result, words)}, " + words.format("labelled", label=minimum, value=_outcome(result, words))
    if result.value is None:
        return words.format("labelled", label=words["check_not_measured"], value=_outcome(result, words))
    band = f"  {words.format('check_band', band=words[f'band_{result.band}'])}" if result.band else ""
    return f"{shown:>8}{band}"


def _banded_metrics(run: CheckRun) -> list[str]:
    """The checked metrics that have a band, once each, in the order of the checks."""
    table = bands()
    return list(dict.fromkeys(t.metric for t in run.config.thresholds if t.metric in table))


def _legend_lines(run: CheckRun, words: ReportText) -> list[str]:
    """The bands' legend, and each checked metric's band thresholds and their source."""
    table = bands()
    lines = [words.bands_legend()]
    for metric in _banded_metrics(run):
        band = table[metric]
        detail = words.format("text_band_detail", thresholds=words.band_thresholds(band), source=words.band_source(band))
        lines.append("  " + words.format("labelled", label=f"{metric_name(metric, words)} [{metric}]", value=detail))
    return lines


def render_markdown_summary(run: CheckRun, *, lang: str = "fr") -> str:
    """A Markdown summary: one row per session, one column per check (value, ✓/✗, band), then totals and the bands' legend."""
    words = ReportText.for_lang(lang)
    thresholds = run.config.thresholds
    header = [words["col_session_id"], words["check_col_result"], *(_threshold_header(t, words) for t in thresholds)]
    results = {"fail": f"✗ {words['check_status_fail'].lower()}", "pass": f"✓ {words['check_status_pass']}"}
    rows = [[markdown_text(session.session_id), results["fail" if session.failed else "pass"], *(_cell(r, words) for r in session.results)] for session in run.sessions]
    for item in run.unreadable:
        where = f" ({words.numbered_place(item.place)})" if item.place else ""
        rows.append([markdown_text(item.session_id), f"⚠ {words['check_unreadable_short']}{where}", *("–" for _ in thresholds)])
    passed = len(run.sessions) - len(run.failed_sessions)
    totals = [f"{words.format('check_column_total', passed=_column_passes(run.sessions, index), sessions=len(run.sessions))} ✓" for index in range(len(thresholds))]
    rows.append([f"**{words['check_all_sessions']}**", f"**{words.format('check_sessions_passed', passed=passed, sessions=len(run.sessions))}**", *totals])
    config = run.config
    lines = [
        "## " + words.format("labelled", label="rapport check", value=f"✓ {words['check_session_pass']}" if run.passed else f"✗ {words['check_session_fail']}"),
        "",
        words.format("check_md_config", profile=_profile(run, words), when_missing=config.when_missing, when_too_few=config.when_too_few)
        + f" {_capitalised(tally(run, words))}.",
        "",
        markdown_table(header, rows, numeric_from=2),
    ]
    if run.unreadable:
        lines += [words["check_md_unreadable"], ""]
    lines += [words["check_md_note"], "", words.bands_legend()]
    banded = _banded_metrics(run)
    if banded:
        lines += ["", bands_table(words, banded).rstrip("\n")]
    return "\n".join(lines) + "\n"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _threshold_header(threshold: Threshold, words: ReportText) -> str:
    # A metric without a short name is shown by its column: letters, digits and "_" only, safe in a code span.
    known = BY_NAME.get(threshold.metric)
    name = words.labels.get(known.short_key) if known is not None else None
    shown = name if name is not None else f"`{threshold.metric}`"
    return f"{shown} {'≥' if threshold.kind == 'min' else '≤'} {threshold_value(threshold, words)}"


def _cell(result: CheckResult, words: ReportText) -> str:
    shown = measured_value(result, words)
    if result.too_few:
        return f"{shown} {_MARK[result.status]} {too_few(result, words)}"
    if result.value is None:
        return f"– {words['check_status_skip']}" if result.status == "skip" else f"{_MARK[result.status]} {words['check_not_measured']}"
    band = f" ({words[f'band_{result.band}']})" if result.band else ""
    return f"{shown} {_MARK[result.status]}{band}"


def _column_passes(sessions: tuple[SessionCheck, ...], index: int) -> int:
    return sum(1 for session in sessions if session.results[index].status == "pass")
