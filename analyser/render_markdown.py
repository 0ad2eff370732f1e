"""Markdown output: one table of sessions with their key figures and bands, for a pull request or a wiki.

Figures, bands and session ids only — no transcript text, no speaker names, no error message
(some quote the file): it is safe to paste into CI logs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from .analysis import SessionAnalysis
from .bands import METRIC_NAMES, bands
from .errors import InputError
from .session_row import Cell, session_row

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
    """The sessions table, then the files that could not be read (session id and place only)."""
    metrics = list(bands())
    header = ["session", "utterances", "therapist word share", *(METRIC_NAMES[m] for m in metrics), "warnings"]
    rows: list[list[str]] = []
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
                *(_banded(metric, row[metric], row[f"{metric}_band"]) for metric in metrics),
                str(row["warnings"]),
            ]
        )
    stream.write("# rapport: session profiles\n\n")
    stream.write(
        f"Automatic estimates by rapport {generator.get('version', '')} (data {generator.get('data_version', '')}), "
        "to be read by a person. Bands: low, fair, good; MITI thresholds where MITI has them.\n\n"
    )
    stream.write(markdown_table(header, rows))
    if errors:
        stream.write(f"\nNot analysed ({len(errors)}):\n\n")
        for error in errors:
            where = f" ({markdown_text(error.place)})" if error.place else ""
            stream.write(f"- {markdown_text(Path(error.source).stem)}{where}: could not be read\n")


def _banded(metric: str, value: Cell, band: Cell) -> str:
    if not isinstance(value, int | float):
        return "–"
    shown = _percent(value) if metric.endswith("_share") else f"{value:.2f}"
    return f"{shown} ({band})"


def _percent(value: Cell) -> str:
    return f"{value * 100:.0f} %" if isinstance(value, int | float) else "–"
