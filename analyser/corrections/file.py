"""Read a supervisor's corrections: a file of `session, line, code, value`, or an utterance CSV with its code cells edited."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from os import PathLike
from types import MappingProxyType
from typing import Literal

from analyser.errors import InputError
from analyser.evaluation.evaluate import read_csv_table
from analyser.labels import CODE_ROLES, UTTERANCE_CODES
from analyser.messages import Notice
from analyser.resources import column_key, correction_vocabulary
from analyser.rows import FORMULA_STARTS

Form = Literal["corrections", "utterances"]
# The columns of a corrections file, by the names correction_codes.tsv gives them.
FILE_COLUMNS = ("session", "line", "code", "value")
# The columns of an utterance CSV (rows.UTTERANCE_COLUMNS) that place a row, and its code cells.
_UTTERANCE_PLACE = ("session_id", "source_line", "index", "role")


@dataclass(frozen=True, slots=True)
class Correction:
    """One code a supervisor set: in `session`, the utterance at source `line` has `code` `value` (None: no code).

    `row` is the corrections file's line, for messages. An utterance CSV also gives the utterance's `number` (its
    `index` column), which tells apart utterances sharing a line, and places one when the file gives no line.
    """

    session: str
    line: int | None
    code: str
    value: str | None
    row: int
    number: int | None = None


@dataclass(frozen=True, slots=True)
class Corrections:
    """Every correction of a file, by session in the file's order; `form` says which kind of file it was."""

    source: str
    form: Form
    by_session: Mapping[str, tuple[Correction, ...]]

    def __len__(self) -> int:
        return sum(len(corrections) for corrections in self.by_session.values())


def read_corrections(path: str | PathLike[str]) -> Corrections:
    """A supervisor's corrections, from either kind of CSV, told apart by its header.

    A corrections file has the columns session, line, code, value (French headers accepted: séance, ligne, code,
    valeur; see models/correction_codes.tsv); an empty row is skipped. An utterance CSV is what
    `rapport analyse --utterances` writes: each row gives the codes of one utterance, an empty code cell meaning no
    code. Codes and values may be written in English or in French (ouverte, fermée, reflet complexe, conseil,
    changement, maintien, neutre, aucun…). Either file is UTF-8, with or without a byte-order mark, its cells
    separated by `,` or `;`.

    Raises:
        InputError: the file cannot be read, its header is neither kind, or a row names an unknown code or value,
            has no session or no line, or sets a code a second time to another value (the file and line named).
    """
    source = str(path)
    reader = read_csv_table(source, what=Notice("term.the_corrections"))
    header = list(reader.fieldnames or [])
    file_columns = _named(header, correction_vocabulary()["header"])
    if all(name in file_columns for name in FILE_COLUMNS):
        return _collected(source, "corrections", _file_rows(reader, file_columns, source))
    utterance_columns = _named(header, {column_key(name): name for name in (*_UTTERANCE_PLACE, *UTTERANCE_CODES)})
    if "session_id" in utterance_columns and any(code in utterance_columns for code in UTTERANCE_CODES):
        return _collected(source, "utterances", _utterance_rows(reader, utterance_columns, source))
    raise InputError(source, Notice("error.corrections_not_a_corrections_file"), place=Notice("place.line", line=1))


def _named(header: Sequence[str], names: Mapping[str, str]) -> dict[str, str]:
    """Name -> the header cell that gives it, the first one when several do."""
    found: dict[str, str] = {}
    for cell in header:
        name = names.get(column_key(cell or ""))
        if name is not None:
            found.setdefault(name, cell)
    return found


def _file_rows(reader: csv.DictReader[str], columns: Mapping[str, str], source: str) -> Iterator[Correction]:
    codes = correction_vocabulary()["code"]
    for cells in reader:
        row = reader.line_num
        if _blank(cells):
            continue
        place = Notice("place.line", line=row)
        session, line, code, value = (_cell(cells, columns[name]) for name in FILE_COLUMNS)
        line_number = _number(line, "line", source, place)
        named_code = codes.get(column_key(code))
        if named_code is None:
            raise InputError(source, Notice("error.corrections_unknown_code", code=code, codes=", ".join(UTTERANCE_CODES)), place=place)
        if not value:
            raise InputError(source, Notice("error.corrections_no_value", code=named_code), place=place)
        yield Correction(_session(session, source, place), line_number, named_code, _value(named_code, value, source, place), row)


def _utterance_rows(reader: csv.DictReader[str], columns: Mapping[str, str], source: str) -> Iterator[Correction]:
    for cells in reader:
        row = reader.line_num
        if _blank(cells):
            continue
        place = Notice("place.line", line=row)
        session = _session(_cell(cells, columns["session_id"]), source, place)
        line = _number(_cell(cells, columns.get("source_line")), "source_line", source, place, required=False)
        number = _number(_cell(cells, columns.get("index")), "index", source, place, required=False)
        if line is None and number is None:
            raise InputError(source, Notice("error.corrections_no_place"), place=place)
        role = _cell(cells, columns.get("role"))
        for code in UTTERANCE_CODES:
            if code not in columns:
                continue
            value = _value(code, _cell(cells, columns[code]), source, place)
            # An empty cell of a code the speaker is never given (a client's question) says nothing.
            if value is not None or not role or CODE_ROLES[code] == role:
                yield Correction(session, line, code, value, row, number)


def _collected(source: str, form: Form, corrections: Iterator[Correction]) -> Corrections:
    """The corrections by session; a code set twice for one utterance to two values is an error."""
    by_session: dict[str, list[Correction]] = {}
    seen: dict[tuple[str, int | None, int | None, str], Correction] = {}
    for correction in corrections:
        key = (correction.session, correction.line, correction.number, correction.code)
        first = seen.setdefault(key, correction)
        if first is not correction:
            if first.value != correction.value:
                said = Notice(
                    "error.corrections_twice",
                    code=correction.code,
                    session=correction.session,
                    line=correction.line or correction.number,
                    value=correction.value or "none",
                    first=first.row,
                    first_value=first.value or "none",
                )
                raise InputError(source, said, place=Notice("place.line", line=correction.row))
            continue
        by_session.setdefault(correction.session, []).append(correction)
    return Corrections(source, form, MappingProxyType({session: tuple(items) for session, items in by_session.items()}))


def _cell(cells: Mapping[str, str | None], column: str | None) -> str:
    return "" if column is None else (cells.get(column) or "").strip()


def _blank(cells: Mapping[str, str | None]) -> bool:
    return not any((value or "").strip() for value in cells.values() if isinstance(value, str))


def _session(cell: str, source: str, place: str) -> str:
    if not cell:
        raise InputError(source, Notice("error.corrections_empty_session"), place=place)
    # rapport's CSV makes a cell a spreadsheet would run inert with a leading apostrophe: take it off again.
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def _number(cell: str, column: str, source: str, place: str, *, required: bool = True) -> int | None:
    if not cell and not required:
        return None
    try:
        number = int(cell)
    except ValueError:
        number = 0
    if number < 1:
        raise InputError(source, Notice("error.corrections_bad_number", column=column, value=cell), place=place)
    return number


def _value(code: str, cell: str, source: str, place: str) -> str | None:
    """The value a cell gives `code`: one of its values, or None for none (an empty cell too)."""
    key = column_key(cell)
    vocabulary = correction_vocabulary()
    if not key or key in vocabulary["none"]:
        return None
    value = vocabulary[code].get(key)
    if value is None:
        raise InputError(source, Notice("error.corrections_bad_value", code=code, value=cell, values=", ".join(UTTERANCE_CODES[code])), place=place)
    return value
