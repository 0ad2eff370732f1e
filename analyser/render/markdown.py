"""Markdown output: one table of sessions with their key figures and bands, for a pull request or a wiki.

Figures, bands and session ids only — no transcript text, no speaker names, no error message
(some quote the file): it is safe to paste into CI logs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from analyser import labels as L
from analyser.errors import InputError
from analyser.messages import say
from analyser.profile.bands import bands, minimum_counts
from analyser.profile.miti import THIRDS
from analyser.profile.numbers import NONE
from analyser.profile.registry import BANDED, BY_NAME, SHARE, Metric
from analyser.render.report_text import ReportText
from analyser.rows import Cell, session_row
from analyser.session import SessionAnalysis, analyses

# Every figure that is not a percentage has two decimals here, whatever its decimals elsewhere.
_DECIMALS = 2

# Characters that Markdown (GitHub's included) would read as markup inside a table cell; "." and ":"
# too, since GitHub turns "www.x.org" and "https:…" into links unless they are escaped, and "$" (math).
# "-" is markup only at the start of a line, which a cell never is. An e-mail address still becomes a
# mailto link on GitHub whatever is escaped: its text is the address itself.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&.:$])")


def markdown_text(text: str) -> str:
    """Text shown as written in a Markdown table cell: markup characters escaped, line breaks flattened."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]], *, numeric_from: int = 1) -> str:
    """A pipe table; columns from `numeric_from` on are right-aligned. Cells must already be escaped."""
    align = ["---" if column < numeric_from else "---:" for column in range(len(header))]
    lines = [header, align, *rows]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines) + "\n"


def write_markdown(results: Iterable[SessionAnalysis | InputError], stream: TextIO, *, generator: dict[str, str], lang: str = "fr") -> None:
    """The sessions table, the bands' legend, the MITI 4 summary table, then the files that could not be read (session id and place only).

    Args:
        results: analysed sessions and the errors of the files that could not be read.
        stream: where to write.
        generator: rapport's version and data version, named in the introduction.
        lang: "fr" or "en", the language of every word written.
    """
    words = ReportText.for_lang(lang)
    header = [
        words["col_session_id"], words["col_utterances"], words["col_therapist_word_share"], *(_name(metric.name, words) for metric in BANDED), words["col_warnings"]
    ]
    rows: list[list[str]] = []
    miti_rows: list[list[str]] = []
    errors: list[InputError] = []
    for result in analyses(results, errors):
        row = session_row(result)
        rows.append(
            [
                markdown_text(str(row["session_id"])),
                str(row["utterances"]),
                _figure(BY_NAME["therapist_word_share"], row["therapist_word_share"], words),
                *(_banded(metric, row, words) for metric in BANDED),
                str(row["warnings"]),
            ]
        )
        miti_rows.append(_miti_row(result, row, words))
    stream.write(f"# {words['md_title']}\n\n")
    stream.write(words.format("md_intro", version=generator.get("version", ""), data=generator.get("data_version", "")) + "\n\n")
    stream.write(markdown_table(header, rows))
    stream.write(f"\n## {words['md_bands_heading']}\n\n{words.bands_legend()}\n\n")
    stream.write(bands_table(words, [metric.name for metric in BANDED]))
    stream.write(f"\n## {words['profile_miti_heading']}\n\n{words['md_miti_intro']}\n\n")
    stream.write(markdown_table(_miti_header(words), miti_rows, numeric_from=2))
    if errors:
        stream.write(f"\n{words.format('text_not_analysed', count=len(errors))}\n\n")
        for error in errors:
            where = f" ({markdown_text(say(error.place, lang))})" if error.place else ""
            stream.write(f"- {words.format('md_not_read', name=markdown_text(Path(error.source).stem) + where)}\n")


def bands_table(words: ReportText, metrics: Iterable[str]) -> str:
    """The thresholds of each banded metric among `metrics`, and where they come from, as a Markdown table (labels are ours: not escaped)."""
    table = bands()
    rows = []
    for name in metrics:
        band = table.get(name)
        if band is None:
            continue
        share = BY_NAME[name].kind == SHARE
        rows.append([_name(name, words), words.band_source(band), words.threshold(band.fair, share=share), words.threshold(band.good, share=share)])
    header = [words["md_col_figure"], words["md_col_source"], f"{words['band_fair']} ≥", f"{words['band_good']} ≥"]
    return markdown_table(header, rows, numeric_from=2) if rows else ""


def _miti_header(words: ReportText) -> list[str]:
    return [
        words["col_session_id"],
        words["md_target"],
        words["md_mi_adherence"],
        words["md_input"],
        _name("input_share", words),
        words["md_client_talk"],
        _name("change_talk_share", words),
        *(_name(f"change_talk_share_t{third}", words) for third in THIRDS),
        words["md_sustain_answered"],
        _name("sustain_answered_by_reflection_share", words),
    ]


def _name(metric: str, words: ReportText) -> str:
    return words[BY_NAME[metric].short_key]


def _figure(metric: Metric, value: Cell, words: ReportText) -> str:
    """A figure of a session row as this table shows it: "69 %" for a share, two decimals for any other number."""
    if not isinstance(value, int | float):
        return NONE
    return words.percent(value) if metric.kind == SHARE else words.number(value, _DECIMALS)


def _banded(metric: Metric, row: dict[str, Cell], words: ReportText) -> str:
    value, band = row[metric.name], row[f"{metric.name}_band"]
    shown = _figure(metric, value, words)
    too_few = _too_few(metric.name, row, words)
    if too_few:
        return f"{shown}, {too_few}"
    return f"{shown} ({words[f'band_{band}']})" if isinstance(value, int | float) and band else NONE


def _too_few(metric: str, row: dict[str, Cell], words: ReportText) -> str | None:
    """"trop peu pour conclure (n = 2)" when the count behind the metric is below its minimum (models/minimum_counts.tsv)."""
    needed = minimum_counts().get(metric)
    count = None if needed is None else needed.count_in(row)
    return words.too_few(count) if needed is not None and count is not None and needed.too_few(count) else None


def _share(metric: str, row: dict[str, Cell], words: ReportText) -> str:
    too_few = _too_few(metric, row, words)
    return _figure(BY_NAME[metric], row[metric], words) + (f", {too_few}" if too_few else "")


def _target(analysis: SessionAnalysis, words: ReportText) -> str:
    """"alcool (déduit de la séance)": only the name is escaped, since it may come from --target."""
    target = analysis.profile.coding.target
    name = words.target_name(target)
    return words["target_none_short"] if name is None else f"{markdown_text(name)} ({words[f'target_source_{target.source}']})"


def _miti_row(analysis: SessionAnalysis, row: dict[str, Cell], words: ReportText) -> list[str]:
    return [
        markdown_text(str(row["session_id"])),
        _target(analysis, words),
        f"{row['mi_adherent']} / {row['mi_non_adherent']}",
        " / ".join(str(row[f"input_{kind}"]) for kind in L.INPUT_KINDS),
        _figure(BY_NAME["input_share"], row["input_share"], words),
        f"{row['change_talk']} / {row['sustain_talk']}",
        _share("change_talk_share", row, words),
        *(_share(f"change_talk_share_t{third}", row, words) for third in THIRDS),
        f"{row['sustain_answered_by_reflection']} / {row['sustain_answered_by_input']} / {row['sustain_answered_other']}",
        _share("sustain_answered_by_reflection_share", row, words),
    ]
