"""The index's section on a supervisor's corrections: what they changed, rapport's agreement with them, what matched nothing."""

from __future__ import annotations

from analyser.corrections import CorrectionSummary
from analyser.render.corrections import html_source_name, summary_text, unmatched_reason
from analyser.render.html.blocks import titled_section
from analyser.render.html.builder import Html, element
from analyser.render.report_text import ReportText


def corrections_section(summary: CorrectionSummary | None, text: ReportText) -> Html | None:
    """Section "corrections" of the index, None without corrections; the file is named without its folders."""
    if summary is None:
        return None
    said = summary_text(summary, text, source=html_source_name(summary.source))
    unmatched = [element("li", {}, text.format("corrections_row", row=item.correction.row, message=unmatched_reason(item, text))) for item in summary.unmatched]
    return titled_section(
        "corrections",
        said.heading,
        said.counts,
        element("p", {}, said.agreement),
        element("ul", {}, [element("li", {}, figure) for figure in said.figures]),
        element("p", {}, said.unmatched) if said.unmatched else None,
        element("ul", {"class": "corrections-unmatched"}, unmatched) if unmatched else None,
    )
