"""Text output of `rapport explain`: every utterance with its codes and their evidence."""

from __future__ import annotations

from analyser.profile.numbers import format_clock
from analyser.session import SessionAnalysis
from analyser.textnorm import printable


def render_explanation(analysis: SessionAnalysis) -> str:
    """Each utterance, then one line per code: label, the words that carry it, the rule and the characters."""
    transcript = analysis.transcript
    lines = [
        f"Session {printable(transcript.session_id)}  ({printable(transcript.source)})",
        "Automatic coding: each code shows the words it rests on and the rule that found it.",
        "",
    ]
    for coded in analysis.utterances:
        u = coded.utterance
        where = u.location or f"#{u.index + 1}"
        clock = f" [{format_clock(u.start)}]" if u.start is not None else ""
        if u.overlap:
            clock += " (overlapping)"
        summary = []
        if coded.question:
            summary.append(f"question: {coded.question}")
        if coded.reflection:
            summary.append(f"reflection: {coded.reflection}")
        head = f"{where}{clock} {u.speaker} ({u.role}): {u.text}"
        lines.append(head + (f"   ⇒ {' · '.join(summary)}" if summary else ""))
        for marker in coded.markers:
            lines.append(f"    {marker.label:<22} «{marker.text}»  rule {marker.rule}  [{marker.start_char}–{marker.end_char}]")
    return "\n".join(lines) + "\n"
