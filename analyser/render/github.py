"""GitHub Actions workflow commands for `rapport check`: one annotation per failing check, not one per session, in French or English."""

from __future__ import annotations

from collections.abc import Iterable

from analyser.gate.checks import CheckResult, CheckRun
from analyser.render.checks import check_name, measured_value, metric_name, too_few
from analyser.render.report_text import ReportText
from analyser.textnorm import printable

TITLE = "rapport check"


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (title=…): the message's escapes, and ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, message: str, *, title: str) -> str:
    """`::error title=…::message` and its kin, escaped."""
    return f"::{command} title={escape_property(title)}::{escape_data(message)}"


def annotations(run: CheckRun, *, warnings: bool = True, lang: str = "fr") -> list[str]:
    """The run's annotations, in `lang`: an ::error per failing check and for unreadable inputs, a ::warning for
    sessions a check could not measure or had too few codes to conclude on (and, unless `warnings` is
    False, for transcript warnings), a ::notice when everything passes.
    """
    words = ReportText.for_lang(lang)
    lines = []
    total = len(run.sessions)

    def title(what: str) -> str:
        return words.format("labelled", label=TITLE, value=what)

    for index, threshold in enumerate(run.config.thresholds):
        name, check = metric_name(threshold.metric, words), check_name(threshold, words)
        results = [session.results[index] for session in run.sessions]
        failed = [result for result in results if result.status == "fail"]
        if failed:
            message = words.format("check_gh_failed", check=check, count=len(failed), total=total, listed=_listed(failed, words))
            lines.append(workflow_command("error", message, title=title(check)))
        scant = [result for result in results if result.too_few and result.status != "fail"]
        if scant:
            when = run.config.when_too_few
            message = words.format(
                "check_gh_too_few", name=name, minimum=scant[0].minimum, count=len(scant), total=total, outcome=_outcome(when, words), when=when, listed=_listed(scant, words)
            )
            lines.append(workflow_command("warning", message, title=title(check)))
        unmeasured = [result for result in results if result.value is None and not result.too_few and result.status != "fail"]
        if unmeasured:
            when = run.config.when_missing
            message = words.format(
                "check_gh_unmeasured", name=name, count=len(unmeasured), total=total, outcome=_outcome(when, words), when=when, listed=_listed(unmeasured, words)
            )
            lines.append(workflow_command("warning", message, title=title(check)))
    if run.unreadable:
        shown = ", ".join(printable(item.session_id) + (f" ({words.numbered_place(item.place)})" if item.place else "") for item in run.unreadable)
        message = words.format("check_gh_unreadable", count=len(run.unreadable), shown=shown)
        lines.append(workflow_command("error", message, title=title(words["check_gh_unreadable_title"])))
    warned = [session for session in run.sessions if session.warnings]
    if warnings and warned:
        shown = ", ".join(f"{printable(session.session_id)} ({session.warnings})" for session in warned)
        message = words.format("check_gh_warned", count=len(warned), shown=shown)
        lines.append(workflow_command("warning", message, title=title(words["check_gh_warned_title"])))
    if run.passed:
        profile = run.config.profile or words["check_no_profile"]
        message = words.format("check_gh_passed", sessions=total, checks=len(run.config.thresholds), profile=profile)
        lines.append(workflow_command("notice", message, title=TITLE))
    return lines


def _outcome(when: str, words: ReportText) -> str:
    """What a check without a verdict counted as: skipped, or passing."""
    return words["check_gh_skipped" if when == "skip" else "check_gh_passing"]


def _listed(results: Iterable[CheckResult], words: ReportText) -> str:
    """Session ids with their measured values: "a (32 %, bas), b (non mesuré), c (trop peu pour conclure (n = 2))"."""
    shown = []
    for result in results:
        if result.too_few:
            detail = too_few(result, words)
        elif result.value is None:
            detail = words["check_not_measured"]
        else:
            detail = measured_value(result, words) + (f", {words[f'band_{result.band}']}" if result.band else "")
        shown.append(f"{printable(result.session_id)} ({detail})")
    return ", ".join(shown)
