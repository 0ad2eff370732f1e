"""Each client's figures, for the outputs of a session with several clients (a family, a couple): text lines and table cells."""

from __future__ import annotations

from analyser.profile.clients import ClientFigures
from analyser.profile.registry import BY_NAME
from analyser.profile.session import SessionProfile
from analyser.render.report_text import ReportText

# The columns of the per-client table (keys of models/report_labels.tsv), after the client's name.
CLIENT_COLUMNS = ("col_utterances", "col_words", "clients_col_share", "clients_col_session_share", "clients_col_change", "clients_col_sustain", "short_change_talk_share")


def client_lines(profile: SessionProfile, words: ReportText) -> list[str]:
    """The text output's per-client block, after a blank line: a heading, then one line per client; nothing with one client."""
    if not profile.clients:
        return []
    lines = ["", words.format("clients_heading_text", count=len(profile.clients))]
    for speaker, figures in profile.clients.items():
        lines.append(
            "  "
            + words.format(
                "clients_line",
                speaker=speaker,
                words=figures.words,
                share=words.percent(figures.clients_word_share),
                session_share=words.percent(figures.word_share),
                change=figures.change_talk,
                sustain=figures.sustain_talk,
                change_share=change_talk_share(figures, words),
            )
        )
    return lines


def client_cells(figures: ClientFigures, words: ReportText) -> tuple[str, ...]:
    """One client's cells of the per-client table, in the order of CLIENT_COLUMNS."""
    return (
        str(figures.utterances),
        str(figures.words),
        words.percent(figures.clients_word_share),
        words.percent(figures.word_share),
        str(figures.change_talk),
        str(figures.sustain_talk),
        change_talk_share(figures, words),
    )


def change_talk_share(figures: ClientFigures, words: ReportText) -> str:
    """A client's % change talk, followed by "trop peu pour conclure (n = 2)" below the session figure's minimum."""
    reading = figures.change_talk_share
    shown = words.figure(BY_NAME[reading.metric], reading.value)
    return f"{shown}, {words.too_few(reading.count or 0)}" if reading.too_few else shown
