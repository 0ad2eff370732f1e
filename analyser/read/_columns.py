"""The columns of a transcript table, wherever the table comes from (a CSV file, a table in a Word document)."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from analyser.errors import InputError
from analyser.messages import Notice
from analyser.read._timestamps import parse_time
from analyser.resources import TRANSCRIPT_FIELDS, column_key, time_units, transcript_columns
from analyser.textnorm import HORIZONTAL_SPACES, fold

REQUIRED_FIELDS = ("speaker", "text")
_SECONDS = re.compile(r"^\d+(?:[.,]\d+)?$")


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Where a table's header puts each field."""

    index: Mapping[str, int]  # field -> column, for the fields found
    scale: Mapping[str, float]  # time field -> seconds per unit written ("Début (ms)": 0.001)
    named_missing: tuple[str, ...] = ()  # headers named by --columns that the header lacks

    @property
    def missing(self) -> tuple[str, ...]:
        """Required fields the header does not give."""
        return tuple(field for field in REQUIRED_FIELDS if field not in self.index)


class Spellings:
    """The first spelling of each speaker label in a file: "THÉRAPEUTE" later is "Thérapeute"."""

    def __init__(self) -> None:
        self._first: dict[str, str] = {}

    def __call__(self, label: str) -> str:
        return self._first.setdefault(fold(label), label)


def check_column_option(columns: Mapping[str, str], source: str) -> None:
    """Refuse a `--columns` mapping that names an unknown field.

    Raises:
        InputError: a field other than speaker, start, end, text.
    """
    unknown = [field for field in columns if field not in TRANSCRIPT_FIELDS]
    if unknown:
        raise InputError(source, Notice("error.columns_unknown_field", field=unknown[0], fields=", ".join(TRANSCRIPT_FIELDS)))


def map_columns(header: Sequence[str], *, columns: Mapping[str, str]) -> ColumnMap:
    """Find the fields in a header row.

    A field named in `columns` (field -> header, from `--columns`) is looked for under that
    header only; the others under the aliases of `models/transcript_columns.tsv`, the alias
    listed first winning when several columns match one field.
    """
    keys = [column_key(cell) for cell in header]
    index: dict[str, int] = {}
    named_missing: list[str] = []
    for field, name in columns.items():
        if column_key(name) in keys:
            index[field] = keys.index(column_key(name))
        else:
            named_missing.append(name)
    aliases = transcript_columns()
    rank = {key: position for position, key in enumerate(aliases)}
    for position, key in sorted(enumerate(keys), key=lambda item: rank.get(item[1], len(rank))):
        field = aliases.get(key)
        if field and field not in index and field not in columns and position not in index.values():
            index[field] = position
    scale = {field: _scale(header[index[field]]) for field in ("start", "end") if field in index}
    return ColumnMap(index, scale, tuple(named_missing))


def _scale(header: str) -> float:
    """Seconds per unit of a time column: 0.001 when its header names milliseconds ("Début (ms)", "start_ms"), else 1."""
    match = _other_unit().search(fold(header))
    return time_units()[match["unit"]] if match else 1.0


@functools.cache
def _other_unit() -> re.Pattern[str]:
    """A unit of time_units.tsv other than the second, standing apart in a folded header."""
    units = "|".join(re.escape(unit) for unit, seconds in time_units().items() if seconds != 1) or "(?!)"  # none: never
    return re.compile(rf"(?:^|[\s_.(\[-])(?P<unit>{units})(?:$|[\s)\]])")


def parse_seconds(value: str, *, scale: float = 1.0) -> float | None:
    """A time cell in seconds: "12.5", "12,5", "00:01:02,500", "01:02.5"; None when blank.

    `scale` converts plain numbers written in another unit (0.001 for milliseconds).

    Raises:
        ValueError: the cell holds something else.
    """
    value = value.strip(HORIZONTAL_SPACES + "[]()")
    if not value:
        return None
    seconds = float(value.replace(",", ".")) * scale if _SECONDS.match(value) else parse_time(value)
    if not math.isfinite(seconds):
        raise ValueError(value)
    return seconds


def row_without_text(source: str, place: str, note: Notice | None = None) -> Notice:
    """The warning for a table row skipped for want of text, after what was wrong with its cells if anything."""
    if note is None:
        return Notice("read.row_no_text", source=source, place=place)
    return Notice("read.row_cells_no_text", source=source, place=place, note=note)


def rows_taking_speaker_above(source: str, place: str, count: int) -> Notice:
    """The one warning for the `count` rows without a speaker that take the speaker of the row above, from `place`."""
    if count == 1:
        return Notice("read.row_takes_speaker_above", source=source, place=place)
    return Notice("read.rows_take_speaker_above", source=source, place=place, more=count - 1)


def unreadable_time(source: str, place: str, field: str, value: str) -> Notice:
    """The warning for a start or end time a table row gives and rapport cannot read."""
    which = Notice("term.start") if field == "start" else Notice("term.end")
    return Notice("read.time_unreadable", source=source, place=place, field=which, value=value)


def speaker_cell(value: str) -> str:
    """A speaker written in a cell, without the colon or brackets of a prefix ("[SPEAKER_00]:" -> "SPEAKER_00")."""
    spaces = HORIZONTAL_SPACES + "\r\n"
    label = value.strip(spaces).removesuffix(":").strip(spaces)
    if label.startswith("[") and label.endswith("]"):
        label = label[1:-1].strip(spaces)
    return label
