"""CSV and TSV transcripts: one row per utterance, columns found by their French or English headers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from analyser.domain import Transcript
from analyser.errors import InputError, NotATranscriptError
from analyser.messages import Notice, either, every
from analyser.read._builder import Draft, build_transcript
from analyser.read._columns import (
    ColumnMap,
    Spellings,
    check_column_option,
    map_columns,
    parse_seconds,
    row_without_text,
    rows_taking_speaker_above,
    speaker_cell,
    unreadable_time,
)
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
    delimiter = header_delimiter(next((line for line in lines if not _blank(line)), ""))
    rows = (row for row in _rows(lines, delimiter, source) if any(not _blank(cell) for cell in row[1]))
    header_line, header = next(rows, (0, []))
    if not header:
        raise InputError(source, Notice("error.csv_empty"))
    table = _Table(header, _checked_columns(header, columns, source=source, place=Notice("place.line", line=header_line)), delimiter, source)
    warnings = list(decoded.warnings)
    drafts = table.drafts(rows, warnings)
    if table.first_row is None:
        raise InputError(source, Notice("error.csv_no_rows"), place=Notice("place.line", line=header_line))
    if not drafts:
        raise InputError(source, Notice("error.no_row_with_speaker_and_text"), place=Notice("place.line", line=table.first_row))
    metadata = {"format": "csv", "encoding": decoded.encoding, "delimiter": _DELIMITERS[delimiter]}
    return build_transcript(drafts, source=source, session_id=session_id, metadata=metadata, warnings=warnings)


def _blank(value: str) -> bool:
    return not value.strip(HORIZONTAL_SPACES + "\r\n")


def header_delimiter(header: str) -> str:
    """The delimiter (tab, `;` or `,`) that splits a table's header line into the most columns."""

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
                raise InputError(source, Notice("error.csv_unclosed_quote"), place=Notice("place.line", line=start))
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(source, Notice("error.csv_malformed", reason=str(exc)), place=Notice("place.line", line=start)) from None


def _checked_columns(header: list[str], columns: Mapping[str, str], *, source: str, place: str) -> ColumnMap:
    column_map = map_columns(header, columns=columns)
    found = _header_cells(header)
    if column_map.named_missing:
        raise NotATranscriptError(source, Notice("error.csv_named_column_missing", name=column_map.named_missing[0], found=found), place=place)
    if column_map.missing:
        needed = every([Notice("term.column_needed", field=_field_word(field), examples=either(_examples(field))) for field in column_map.missing])
        raise NotATranscriptError(source, Notice("error.csv_not_a_transcript_table", found=found, needed=needed), place=place)
    return column_map


def _examples(field: str) -> list[str]:
    return [alias for alias, named in transcript_columns().items() if named == field][:2]


def _header_cells(header: list[str]) -> list[Notice]:
    """The header's cells, each quoted ('Qui', 'Texte' in English; « Qui », « Texte » in French)."""
    return [Notice("term.quoted", text=cell.strip()) for cell in header]


def _field_word(field: str) -> Notice:
    """A required field as a message names its column: "speaker" ("de locuteur")."""
    return Notice("term.field_speaker") if field == "speaker" else Notice("term.field_text")


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
            place = Notice("place.line", line=line)
            if _blank(text):
                warnings.append(row_without_text(self.source, place, note))
                continue
            if note:
                warnings.append(Notice("read.row_cells", source=self.source, place=place, note=note))
            speaker = speaker_cell(cells[index["speaker"]])
            if not speaker:
                if not drafts:
                    warnings.append(Notice("read.row_no_speaker", source=self.source, place=place))
                    continue
                speaker = drafts[-1].speaker
                filled.append(line)
            start, end = (self._time(cells, field, line, warnings) for field in ("start", "end"))
            drafts.append(Draft(spellings(speaker), text, start, end, line=line))
        if filled:
            warnings.append(rows_taking_speaker_above(self.source, Notice("place.line", line=filled[0]), len(filled)))
        return drafts

    def _fitted(self, cells: list[str]) -> tuple[list[str], Notice | None]:
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
                return joined, Notice("read.cells_extra_in_text", count=len(cells), width=width)
            return cells[:width], Notice("read.cells_extra_ignored", count=len(cells), width=width)
        if len(cells) < width:
            return cells + [""] * (width - len(cells)), Notice("read.cells_missing_empty", count=len(cells), width=width)
        return cells, None

    def _time(self, cells: list[str], field: str, line: int, warnings: list[str]) -> float | None:
        if field not in self.column_map.index:
            return None
        value = cells[self.column_map.index[field]]
        try:
            return parse_seconds(value, scale=self.column_map.scale[field])
        except ValueError:
            warnings.append(unreadable_time(self.source, Notice("place.line", line=line), field, value.strip()))
            return None
