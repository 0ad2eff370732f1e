"""CSV and TSV transcripts: one row per utterance, columns found by their French or English headers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from analyser.domain import Transcript
from analyser.errors import InputError, NotATranscriptError
from analyser.read._builder import Draft, build_transcript
from analyser.read._columns import ColumnMap, Spellings, check_column_option, map_columns, parse_seconds, speaker_cell
from analyser.read._encoding import decode_bytes
from analyser.resources import transcript_columns
from analyser.textnorm import HORIZONTAL_SPACES

if TYPE_CHECKING:
    from analyser.read.registry import ReadOptions

# Candidate delimiters; on a tie the earlier wins (French spreadsheets write ";", texts hold commas).
_DELIMITERS = {"\t": "tab", ";": "semicolon", ",": "comma"}


def read_csv(data: bytes, *, source: str, session_id: str, options: ReadOptions | None = None) -> Transcript:
    """Read a CSV or TSV transcript.

    The first non-blank line is the header; the delimiter (comma, semicolon or tab) is the
    one that splits it into the most columns. Rows with more cells than the header keep the
    extra cells in the text when the text column is the last one (an unquoted delimiter in
    the speech), and otherwise drop them; rows with fewer cells read the missing ones as
    empty. Both are warnings naming the line, as are unreadable times (the row is kept
    without that time) and rows with cells but no text (skipped). A row without a speaker
    takes the speaker of the row above, with one warning. Entirely blank rows are skipped.

    Raises:
        NotATranscriptError: the header has no speaker or no text column, or lacks a
            header named by `options.columns`.
        InputError: empty file, unclosed quote, no row with text.
    """
    columns = options.columns if options is not None else {}
    check_column_option(columns, source)
    decoded = decode_bytes(data, source)
    lines = list(io.StringIO(decoded.text, newline=""))
    delimiter = _delimiter(next((line for line in lines if not _blank(line)), ""))
    rows = (row for row in _rows(lines, delimiter, source) if any(not _blank(cell) for cell in row[1]))
    header_line, header = next(rows, (0, []))
    if not header:
        raise InputError(source, "empty file: no header line and no rows")
    table = _Table(header, _checked_columns(header, columns, source=source, place=f"line {header_line}"), delimiter, source)
    warnings = list(decoded.warnings)
    drafts = table.drafts(rows, warnings)
    if table.first_row is None:
        raise InputError(source, "a header and no rows: no utterance", place=f"line {header_line}")
    if not drafts:
        raise InputError(source, "no row has both a speaker and a text", place=f"line {table.first_row}")
    metadata = {"format": "csv", "encoding": decoded.encoding, "delimiter": _DELIMITERS[delimiter]}
    return build_transcript(drafts, source=source, session_id=session_id, metadata=metadata, warnings=warnings)


def _blank(value: str) -> bool:
    return not value.strip(HORIZONTAL_SPACES + "\r\n")


def _delimiter(header: str) -> str:
    def width(delimiter: str) -> int:
        return len(next(csv.reader([header], delimiter=delimiter), []))

    return max(_DELIMITERS, key=width)  # max keeps the first of equals


def _rows(lines: list[str], delimiter: str, source: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, cells) for every row, blank ones included."""
    reader = csv.reader(iter(lines), delimiter=delimiter)
    start = 1
    try:
        for cells in reader:
            if reader.line_num == len(lines) and reader.line_num > start and "".join(lines[start - 1 :]).count('"') % 2:
                raise InputError(source, "a quote opened in this row is never closed: the rest of the file would be one cell", place=f"line {start}")
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(source, f"malformed CSV: {exc}", place=f"line {start}") from None


def _checked_columns(header: list[str], columns: Mapping[str, str], *, source: str, place: str) -> ColumnMap:
    column_map = map_columns(header, columns=columns)
    found = ", ".join(repr(cell.strip()) for cell in header)
    if column_map.named_missing:
        name = column_map.named_missing[0]
        raise NotATranscriptError(source, f"no column {name!r} (named by --columns) in the header, which has {found}", place=place)
    if column_map.missing:
        needed = " and ".join(f"a {field} column ({' or '.join(_examples(field))}…)" for field in column_map.missing)
        raise NotATranscriptError(
            source,
            f"not a transcript table: the header has {found} but needs {needed}; --columns speaker=…,text=… names other headers",
            place=place,
        )
    return column_map


def _examples(field: str) -> list[str]:
    return [alias for alias, named in transcript_columns().items() if named == field][:2]


class _Table:
    """The rows of one file under its header."""

    def __init__(self, header: list[str], column_map: ColumnMap, delimiter: str, source: str) -> None:
        self.width = len(header)
        self.column_map = column_map
        self.delimiter = delimiter
        self.source = source
        self.first_row: int | None = None  # line of the first non-blank row under the header

    def drafts(self, rows: Iterator[tuple[int, list[str]]], warnings: list[str]) -> list[Draft]:
        index = self.column_map.index
        spellings = Spellings()
        drafts: list[Draft] = []
        filled: list[int] = []  # lines whose speaker came from the row above
        for line, raw_cells in rows:
            self.first_row = self.first_row or line
            cells, note = self._fitted(raw_cells)
            text = cells[index["text"]]
            if _blank(text):
                warnings.append(f"{self.source}: line {line}: {note + '; ' if note else ''}no text, row skipped")
                continue
            if note:
                warnings.append(f"{self.source}: line {line}: {note}")
            speaker = speaker_cell(cells[index["speaker"]])
            if not speaker:
                if not drafts:
                    warnings.append(f"{self.source}: line {line}: no speaker, row skipped")
                    continue
                speaker = drafts[-1].speaker
                filled.append(line)
            start, end = (self._time(cells, field, line, warnings) for field in ("start", "end"))
            drafts.append(Draft(spellings(speaker), text, start, end, line=line))
        if filled:
            who = f"this row and {len(filled) - 1} more have" if len(filled) > 1 else "this row has"
            warnings.append(f"{self.source}: line {filled[0]}: {who} no speaker: each takes the speaker of the row above")
        return drafts

    def _fitted(self, cells: list[str]) -> tuple[list[str], str | None]:
        """The row's cells, as many as the header has, and what was wrong with their number."""
        width = self.width
        kept = len(cells)
        while kept > width and _blank(cells[kept - 1]):
            kept -= 1  # trailing delimiters, as spreadsheets write them
        cells = cells[:kept]
        if len(cells) > width:
            if self.column_map.index["text"] == width - 1:
                # The delimiter was in the speech and unquoted: put it back.
                joined = [*cells[: width - 1], self.delimiter.join(cells[width - 1 :])]
                return joined, f"{len(cells)} cells where the header has {width}: the extra cells are taken as part of the text (an unquoted delimiter?)"
            return cells[:width], f"{len(cells)} cells where the header has {width}: the extra cells are ignored"
        if len(cells) < width:
            return cells + [""] * (width - len(cells)), f"{len(cells)} cells where the header has {width}: the missing cells are read as empty"
        return cells, None

    def _time(self, cells: list[str], field: str, line: int, warnings: list[str]) -> float | None:
        if field not in self.column_map.index:
            return None
        value = cells[self.column_map.index[field]]
        try:
            return parse_seconds(value, scale=self.column_map.scale[field])
        except ValueError:
            warnings.append(f"{self.source}: line {line}: {field} time {value.strip()!r} cannot be read, the row is kept without it")
            return None
