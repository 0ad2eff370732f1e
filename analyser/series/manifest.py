"""Read a series manifest: a CSV that says which series each transcript belongs to, and its number or date.

    file,series,session,date,therapist,client
    dupont-1.txt,Dupont,1,2026-03-14,Mme Leroy,M. Dupont

French headers are read too (fichier, série, séance, date, thérapeute, client or patient; the aliases of
models/series_columns.tsv), with `,`, `;` or a tab between cells, in UTF-8 with or without a byte-order mark.
Dates are ISO (2026-03-14) or French (14/03/2026). A row needs a file; the series may come from `--series NAME`.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from analyser.errors import DataFileError, InputError
from analyser.messages import Notice, every
from analyser.read import read_utf8_file
from analyser.resources import column_key, models_dir, threshold_table
from analyser.series.membership import FROM_MANIFEST, SeriesMembership

MANIFEST_FIELDS = ("file", "series", "session", "date", "therapist", "client")
_SEPARATORS = (",", ";", "\t")
_FRENCH_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class ManifestRow:
    """One row of a manifest: the file it names, as written, and that file's membership."""

    file: str
    membership: SeriesMembership

    @property
    def line(self) -> str:
        return self.membership.place or ""


@dataclass(frozen=True, slots=True)
class Manifest:
    """A manifest's rows, in the file's order."""

    source: str
    rows: tuple[ManifestRow, ...]


@functools.cache
def manifest_columns() -> Mapping[str, str]:
    """Header key (see `resources.column_key`) -> manifest field, from models/series_columns.tsv.

    Raises:
        DataFileError: a field that is not one of MANIFEST_FIELDS.
    """
    table = {}
    for alias, fields in threshold_table("series_columns.tsv").items():
        field = fields[0].strip() if fields else ""
        if field not in MANIFEST_FIELDS or not column_key(alias):
            raise DataFileError(f"{models_dir() / 'series_columns.tsv'}: {alias!r}: expected header alias<TAB>field, field one of {', '.join(MANIFEST_FIELDS)}")
        table[column_key(alias)] = field
    return table


def read_manifest(path: str | PathLike[str], *, series: str | None = None) -> Manifest:
    """The rows of the manifest at `path`; `series` (from `--series NAME`) is the series of rows that name none.

    Raises:
        InputError: the file cannot be read or is not UTF-8; it has no file column, or no series column and no
            `series`; a row has no file or no series, a session that is not a whole number, a date that is not
            a date, or a file already listed (the file and its line named).
    """
    source = str(path)
    text = read_utf8_file(
        source,
        cannot_read=lambda exc: Notice("manifest.cannot_read", reason=exc.strerror or str(exc)),
        not_utf8=Notice("manifest.not_utf8"),
    )
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise InputError(source, Notice("manifest.empty"), place=Notice("place.line", line=1))
    separator = max(_SEPARATORS, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    header = next(reader)
    fields = _header_fields(header, source, has_series=series is not None)
    rows: list[ManifestRow] = []
    listed: dict[str, str] = {}
    for cells in reader:
        place = Notice("place.line", line=reader.line_num)
        if not any(cell.strip() for cell in cells):
            continue
        values = {field: cells[column].strip() for column, field in fields.items() if column < len(cells)}
        file = values.get("file", "")
        if not file:
            raise InputError(source, Notice("manifest.no_file"), place=place)
        if file in listed:
            raise InputError(source, Notice("manifest.listed_twice", file=file, first=listed[file]), place=place)
        listed[file] = place
        named = values.get("series") or series
        if not named:
            raise InputError(source, Notice("manifest.no_series", file=file), place=place)
        membership = SeriesMembership(
            series=named,
            position=_position(values.get("session", ""), source, place),
            date=parse_date(values.get("date", ""), source=source, place=place),
            therapist=values.get("therapist") or None,
            client=values.get("client") or None,
            origin=FROM_MANIFEST,
            place=place,
        )
        rows.append(ManifestRow(file, membership))
    return Manifest(source, tuple(rows))


def _header_fields(header: Sequence[str], source: str, *, has_series: bool) -> dict[int, str]:
    """Column number -> field, for the header's known columns; the first of two columns naming one field wins."""
    known = manifest_columns()
    fields: dict[int, str] = {}
    for column, name in enumerate(header):
        field = known.get(column_key(name))
        if field is not None and field not in fields.values():
            fields[column] = field
    needed = ["file"] + ([] if has_series else ["series"])
    missing = [field for field in needed if field not in fields.values()]
    if missing:
        raise InputError(source, Notice("manifest.missing_columns", missing=every(missing), found=list(header) or "—"), place=Notice("place.line", line=1))
    return fields


def _position(value: str, source: str, place: str) -> int | None:
    if not value:
        return None
    if not value.isdigit() or len(value) > 6:
        raise InputError(source, Notice("manifest.bad_session", value=value), place=place)
    return int(value)


def parse_date(value: str, *, source: str, place: str) -> datetime.date | None:
    """An ISO date (2026-03-14) or a French one (14/03/2026, also with `-` or `.`); None for an empty cell.

    Raises:
        InputError: anything else, or a day that does not exist (31/02/2026).
    """
    value = value.strip()
    if not value:
        return None
    try:
        if _ISO_DATE.fullmatch(value):
            return datetime.date.fromisoformat(value)
        french = _FRENCH_DATE.fullmatch(value)
        if french:
            day, month, year = (int(part) for part in french.groups())
            return datetime.date(year, month, day)
    except ValueError:
        raise InputError(source, Notice("manifest.no_such_day", value=value), place=place) from None
    raise InputError(source, Notice("manifest.bad_date", value=value), place=place)


def manifest_path_key(manifest: Manifest, row: ManifestRow) -> Path:
    """The file a row names, as a path: relative to the manifest's folder when it is not absolute."""
    file = Path(row.file)
    return (file if file.is_absolute() else Path(manifest.source).parent / file).resolve()
