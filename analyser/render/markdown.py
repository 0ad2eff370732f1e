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
from analyser.profile.bands import METRIC_NAMES, bands, minimum_counts
from analyser.profile.miti import THIRDS
from analyser.render.report_text import ReportText
from analyser.rows import Cell, session_row
from analyser.session import SessionAnalysis

# The Markdown output is written in English; its shared phrases (target, "too few to conclude") come from
# models/report_labels.tsv, as in the other outputs.
_LANG = "en"
_MITI_HEADER = (
    "session",
    "target behaviour",
    "MI-adherent / non-adherent",
    "input: information / advice / negotiation / options",
    METRIC_NAMES["input_share"],
    "change / sustain talk",
    METRIC_NAMES["change_talk_share"],
    *(METRIC_NAMES[f"change_talk_share_t{third}"] for third in THIRDS),
    "sustain talk answered by reflection / input / other",
    METRIC_NAMES["sustain_answered_by_reflection_share"],
)

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


def write_markdown(results: Iterable[SessionAnalysis | InputError], stream: TextIO, *, generator: dict[str, str]) -> None:
    """The sessions table, the MITI 4 summary table, then the files that could not be read (session id and place only)."""
    words = ReportText.for_lang(_LANG)
    metrics = list(bands())
    header = ["session", "utterances", "therapist word share", *(METRIC_NAMES[m] for m in metrics), "warnings"]
    rows: list[list[str]] = []
    miti_rows: list[list[str]] = []
    errors: list[InputError] = []
    for result in results:
        if isinstance(result, InputError):
            errors.append(result)
            continue
        row = session_row(result)
        rows.append(
            [
                markdown_text(str(row["session_id"])),
                str(row["utterances"]),
                _percent(row["therapist_word_share"]),
                *(_banded(metric, row, words) for metric in metrics),
                str(row["warnings"]),
            ]
        )
        miti_rows.append(_miti_row(result, row, words))
    stream.write("# rapport: session profiles\n\n")
    stream.write(
        f"Automatic estimates by rapport {generator.get('version', '')} (data {generator.get('data_version', '')}), "
        "to be read by a person. Bands: low, fair, good; MITI thresholds where MITI has them. "
        "A share drawn from too few codes gets no band: too few to conclude (n = the count behind it).\n\n"
    )
    stream.write(markdown_table(header, rows))
    stream.write("\n## MITI 4 summary\n\nUtterances counted once per behaviour; no figure of this table has a published band (% MI-adherent, banded, is above).\n\n")
    stream.write(markdown_table(_MITI_HEADER, miti_rows, numeric_from=2))
    if errors:
        stream.write(f"\nNot analysed ({len(errors)}):\n\n")
        for error in errors:
            where = f" ({markdown_text(error.place)})" if error.place else ""
            stream.write(f"- {markdown_text(Path(error.source).stem)}{where}: could not be read\n")


def _banded(metric: str, row: dict[str, Cell], words: ReportText) -> str:
    value, band = row[metric], row[f"{metric}_band"]
    shown = _percent(value) if metric.endswith("_share") else f"{value:.2f}" if isinstance(value, int | float) else "–"
    too_few = _too_few(metric, row, words)
    if too_few:
        return f"{shown}, {too_few}"
    return f"{shown} ({band})" if isinstance(value, int | float) else "–"


def _too_few(metric: str, row: dict[str, Cell], words: ReportText) -> str | None:
    """"too few to conclude (n = 2)" when the count behind the metric is below its minimum (models/minimum_counts.tsv)."""
    needed = minimum_counts().get(metric)
    count = None if needed is None else needed.count_in(row)
    return words.too_few(count) if needed is not None and count is not None and needed.too_few(count) else None


def _share(metric: str, row: dict[str, Cell], words: ReportText) -> str:
    too_few = _too_few(metric, row, words)
    return _percent(row[metric]) + (f", {too_few}" if too_few else "")


def _target(analysis: SessionAnalysis, words: ReportText) -> str:
    """"alcool (inferred from the session)": only the name is escaped, since it may come from --target."""
    target = analysis.profile.coding.target
    name = words.target_name(target)
    return words["target_none_short"] if name is None else f"{markdown_text(name)} ({words[f'target_source_{target.source}']})"


def _miti_row(analysis: SessionAnalysis, row: dict[str, Cell], words: ReportText) -> list[str]:
    return [
        markdown_text(str(row["session_id"])),
        _target(analysis, words),
        f"{row['mi_adherent']} / {row['mi_non_adherent']}",
        " / ".join(str(row[f"input_{kind}"]) for kind in L.INPUT_KINDS),
        _percent(row["input_share"]),
        f"{row['change_talk']} / {row['sustain_talk']}",
        _share("change_talk_share", row, words),
        *(_share(f"change_talk_share_t{third}", row, words) for third in THIRDS),
        f"{row['sustain_answered_by_reflection']} / {row['sustain_answered_by_input']} / {row['sustain_answered_other']}",
        _share("sustain_answered_by_reflection_share", row, words),
    ]


def _percent(value: Cell) -> str:
    return f"{value * 100:.0f} %" if isinstance(value, int | float) else "–"
