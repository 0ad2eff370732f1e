"""CSV output: one row per session (SESSION_COLUMNS), and a second file of coded utterances.

UTF-8 with a byte-order mark, so that spreadsheet programs show accents; CRLF line ends (RFC 4180).
A text cell that a spreadsheet would run as a formula is made inert with a leading apostrophe.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TextIO

from analyser.errors import InputError
from analyser.rows import FORMULA_STARTS, SESSION_COLUMNS, UTTERANCE_COLUMNS, Cell, session_row, utterance_rows
from analyser.session import SessionAnalysis

BYTE_ORDER_MARK = "\ufeff"


@dataclass(frozen=True, slots=True)
class CsvDialect:
    """How cells are separated and decimals written: `,` and `.`, or `;` and `,` for French spreadsheets."""

    separator: str = ","
    decimal: str = "."

    @classmethod
    def for_separator(cls, separator: str, decimal: str | None = None) -> CsvDialect:
        """The dialect for a separator; the decimal mark follows it unless given (`;` goes with a decimal comma)."""
        if decimal is None:
            decimal = "," if separator == ";" else "."
        if decimal == separator:
            raise ValueError(f"the decimal mark {decimal!r} cannot also be the separator")
        return cls(separator, decimal)

    def cell(self, value: Cell) -> str:
        """A value as the text of one cell."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):
            return repr(value).replace(".", self.decimal)
        if isinstance(value, int):
            return str(value)
        return inert(value)


def inert(text: str) -> str:
    """Text that a spreadsheet shows as written, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class CsvTable:
    """A CSV file being written: the byte-order mark and header first, then rows as they come."""

    def __init__(self, stream: TextIO, columns: tuple[str, ...], dialect: CsvDialect) -> None:
        self._writer = csv.writer(stream, delimiter=dialect.separator, lineterminator="\r\n")
        self._columns = columns
        self._dialect = dialect
        stream.write(BYTE_ORDER_MARK)
        self._writer.writerow(columns)

    def write(self, row: Mapping[str, Cell]) -> None:
        self._writer.writerow([self._dialect.cell(row[column]) for column in self._columns])


def write_csv(
    results: Iterable[SessionAnalysis | InputError],
    stream: TextIO,
    *,
    generator: dict[str, str],
    dialect: CsvDialect = CsvDialect(),
) -> None:
    """One row per session, written as each session comes; unreadable files are not rows (they are on stderr)."""
    table = CsvTable(stream, SESSION_COLUMNS, dialect)
    for result in results:
        if not isinstance(result, InputError):
            table.write(session_row(result))


def with_utterance_rows(
    results: Iterable[SessionAnalysis | InputError], stream: TextIO, dialect: CsvDialect
) -> Iterator[SessionAnalysis | InputError]:
    """Pass results through, writing each session's coded utterances to `stream` on the way."""
    table = CsvTable(stream, UTTERANCE_COLUMNS, dialect)
    for result in results:
        if not isinstance(result, InputError):
            for row in utterance_rows(result):
                table.write(row)
        yield result
