"""GitHub Actions workflow commands for `rapport check`: one annotation per failing check, not one per session."""

from __future__ import annotations

from collections.abc import Iterable

from analyser.gate.checks import CheckResult, CheckRun
from analyser.profile.numbers import format_number
from analyser.render.checks import plural, too_few
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


def annotations(run: CheckRun, *, warnings: bool = True) -> list[str]:
    """The run's annotations: an ::error per failing check and for unreadable inputs, a ::warning for
    sessions a check could not measure or had too few codes to conclude on (and, unless `warnings` is
    False, for transcript warnings), a ::notice when everything passes.
    """
    lines = []
    total = len(run.sessions)
    for index, threshold in enumerate(run.config.thresholds):
        results = [session.results[index] for session in run.sessions]
        failed = [result for result in results if result.status == "fail"]
        if failed:
            lines.append(
                workflow_command(
                    "error",
                    f"{len(failed)} of {total} sessions fall short of {threshold.label}: {_listed(failed)}",
                    title=f"{TITLE}: {threshold.label}",
                )
            )
        scant = [result for result in results if result.too_few and result.status != "fail"]
        if scant:
            outcome = "skipped" if run.config.when_too_few == "skip" else "counted as passing"
            minimum = scant[0].minimum
            lines.append(
                workflow_command(
                    "warning",
                    f"{len(scant)} of {total} sessions have too few codes to conclude on {threshold.metric} (minimum {minimum}), {outcome} "
                    f"(when_too_few = {run.config.when_too_few}): {_listed(scant)}",
                    title=f"{TITLE}: {threshold.label}",
                )
            )
        unmeasured = [result for result in results if result.value is None and not result.too_few and result.status != "fail"]
        if unmeasured:
            outcome = "skipped" if run.config.when_missing == "skip" else "counted as passing"
            lines.append(
                workflow_command(
                    "warning",
                    f"{len(unmeasured)} of {total} sessions could not be measured on {threshold.metric}, {outcome} "
                    f"(when_missing = {run.config.when_missing}): {_listed(unmeasured)}",
                    title=f"{TITLE}: {threshold.label}",
                )
            )
    if run.unreadable:
        shown = ", ".join(printable(item.session_id) + (f" ({item.place})" if item.place else "") for item in run.unreadable)
        lines.append(
            workflow_command(
                "error",
                f"{plural(len(run.unreadable), 'input')} could not be read; run rapport analyse on them locally to see why: {shown}",
                title=f"{TITLE}: unreadable inputs",
            )
        )
    warned = [session for session in run.sessions if session.warnings]
    if warnings and warned:
        shown = ", ".join(f"{printable(session.session_id)} ({session.warnings})" for session in warned)
        lines.append(
            workflow_command(
                "warning",
                f"{plural(len(warned), 'session')} with transcript warnings, not shown here; run rapport analyse on them locally: {shown}",
                title=f"{TITLE}: transcript warnings",
            )
        )
    if run.passed:
        checks = len(run.config.thresholds)
        lines.append(
            workflow_command(
                "notice",
                f"Every session passes: {plural(total, 'session')}, {plural(checks, 'check')} each (profile {run.config.profile or 'none'})",
                title=TITLE,
            )
        )
    return lines


def _listed(results: Iterable[CheckResult]) -> str:
    """Session ids with their measured values: "a (0.32, low), b (not measured), c (too few to conclude (n = 2))"."""
    shown = []
    for result in results:
        if result.too_few:
            detail = too_few(result)
        elif result.value is None:
            detail = "not measured"
        else:
            detail = format_number(result.value) + (f", {result.band}" if result.band else "")
        shown.append(f"{printable(result.session_id)} ({detail})")
    return ", ".join(shown)
