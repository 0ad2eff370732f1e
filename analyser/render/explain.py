"""Text output of `rapport explain`: every utterance with its codes and their evidence, in French or English."""

from __future__ import annotations

from analyser.profile.numbers import format_clock
from analyser.render.report_text import ReportText
from analyser.session import SessionAnalysis
from analyser.textnorm import printable


def render_explanation(analysis: SessionAnalysis, *, lang: str = "fr") -> str:
    """Each utterance, then one line per code: its name, the words that carry it, the rule and the characters.

    Code names and headings are in `lang` ("fr" or "en"); the rule is rapport's internal id, as it is.
    """
    words = ReportText.for_lang(lang)
    transcript = analysis.transcript
    lines = [
        f"{words.format('session_heading', session=printable(transcript.session_id))}  ({printable(transcript.source)})",
        words["explain_intro"],
        "",
    ]
    for coded in analysis.utterances:
        u = coded.utterance
        where = words.location(u) or f"#{u.index + 1}"
        clock = f" [{format_clock(u.start)}]" if u.start is not None else ""
        if u.overlap:
            clock += f" ({words['badge_overlap']})"
        summary = []
        if coded.question:
            summary.append(words[f"badge_question_{coded.question}"])
        if coded.reflection:
            summary.append(words[f"badge_reflection_{coded.reflection}"])
        head = f"{where}{clock} " + words.format("labelled", label=f"{u.speaker} ({words[f'role_{u.role}']})", value=u.text)
        lines.append(head + (f"   ⇒ {' · '.join(summary)}" if summary else ""))
        for marker in coded.markers:
            rule = words.format("explain_rule", rule=marker.rule)
            lines.append(f"    {words.marker_name(marker.label):<30} «{marker.text}»  {rule}  [{marker.start_char}–{marker.end_char}]")
    return "\n".join(lines) + "\n"
