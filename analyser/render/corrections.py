"""A supervisor's corrections said to people: the summary on standard error and in the report's index, the warnings, the names of codes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PureWindowsPath
from typing import Any

from analyser.corrections import CorrectionSummary, Unmatched
from analyser.labels import UTTERANCE_CODES
from analyser.render.report_text import ReportText
from analyser.textnorm import printable

# The badge labels (report_labels.tsv) that name each code's values: badge_question_open, badge_talk_change…
_BADGE_PREFIX = {"question": "question", "reflection": "reflection", "input": "input", "client_talk": "talk"}


@dataclass(frozen=True, slots=True)
class SummaryText:
    """The summary's sentences in one language: what was corrected, then rapport's agreement with the supervisor."""

    heading: str
    counts: str
    agreement: str
    figures: tuple[str, ...]
    unmatched: str | None


def code_value_name(code: str, value: str | None, text: ReportText) -> str:
    """How people read a code's value: "reflet simple", "pas de question", "discours neutre"."""
    if value is None:
        return text[f"code_none_{code}"] if code != "client_talk" else text["badge_talk_neutral"]
    return text[f"badge_{_BADGE_PREFIX[code]}_{value}"]


def summary_text(summary: CorrectionSummary, text: ReportText, *, source: str | None = None) -> SummaryText:
    """The summary's sentences; `source` names the corrections file (its path as given, by default)."""
    by_code = ", ".join(f"{text[f'corrections_code_{code}']} {summary.changed.get(code, 0)}" for code in UTTERANCE_CODES)
    figures = summary.agreement.to_dict()
    question, reflection = figures["question"], figures["reflection"]
    return SummaryText(
        heading=text.format("corrections_heading", source=source if source is not None else summary.source),
        counts=text.format(
            "corrections_counts",
            corrected=summary.corrected,
            by_code=by_code,
            reviewed=len(summary.reviewed_sessions),
            corrected_sessions=len(summary.corrected_sessions),
        ),
        agreement=text.format("corrections_agreement", utterances=figures["utterances"]),
        figures=(
            text.format("corrections_agreement_question", f1=_two(question["detection"]["f1"], text), kappa=_two(question["kind_on_both_found"]["cohen_kappa"], text)),
            text.format("corrections_agreement_reflection", f1=_two(reflection["detection"]["f1"], text), kappa=_two(reflection["kind_on_both_found"]["cohen_kappa"], text)),
            text.format("corrections_agreement_input", f1=_two(figures["input"]["detection"]["f1"], text)),
            text.format("corrections_agreement_client_talk", f1=_two(figures["client_talk"]["macro_f1"], text)),
        ),
        unmatched=text.format("corrections_unmatched", count=len(summary.unmatched)) if summary.unmatched else None,
    )


def render_summary(summary: CorrectionSummary, *, lang: str = "fr") -> str:
    """The short block printed on standard error after a run with --corrections."""
    said = summary_text(summary, ReportText.for_lang(lang), source=printable(summary.source))
    lines = [said.heading, f"  {said.counts}", f"  {said.agreement}", *(f"    {figure}" for figure in said.figures)]
    if said.unmatched:
        lines.append(f"  {said.unmatched}")
    return "\n".join(lines) + "\n"


def warning_lines(summary: CorrectionSummary, *, lang: str = "fr") -> list[str]:
    """One line per correction that matches nothing, for standard error, naming the corrections file and its line."""
    text = ReportText.for_lang(lang)
    return [
        text.format("corrections_warning", source=printable(summary.source), row=item.correction.row, message=printable(unmatched_reason(item, text)))
        for item in summary.unmatched
    ]


def unmatched_reason(item: Unmatched, text: ReportText) -> str:
    """Why a correction matches nothing: "aucune séance « x » parmi les entrées…"."""
    c = item.correction
    fields: dict[str, Any] = {"session": c.session, "count": item.count}
    if item.reason != "no_session":
        fields["where"] = text.format("line_n", line=c.line) if c.line is not None else text.format("utterance_n", n=c.number)
    if item.reason == "not_for_role":
        fields.update(role=text[f"role_{item.role}"], code=text[f"corrections_code_{c.code}"])
    return text.format(f"corrections_{item.reason}", **fields)


def html_source_name(source: str) -> str:
    """The corrections file's name alone: a report may be shared, the folders it came from should not be."""
    return PureWindowsPath(source).name or source


def _two(value: float | None, text: ReportText) -> str:
    return text.number(value, 2)
