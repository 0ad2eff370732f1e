"""Load the data files under models/: the one place that reads them, once, cached."""

from __future__ import annotations

import functools
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from .errors import DataFileError

_ROLE_VALUES = frozenset({"therapist", "client", "other"})


def models_dir() -> Path:
    """The data folder: `analyser/models` in an installed wheel, `models/` in a checkout."""
    packaged = Path(__file__).resolve().parent / "models"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "models"
    if checkout.is_dir():
        return checkout
    raise DataFileError(f"rapport's data folder is missing (looked for {packaged} and {checkout}): reinstall rapport")


def _data_lines(name: str) -> list[tuple[int, str]]:
    """Non-blank, non-comment lines of a data file, with their 1-based line numbers."""
    path = models_dir() / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read rapport's data file ({exc.strerror})") from None
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line and not line.startswith("#"):
            lines.append((number, line))
    return lines


@functools.cache
def data_version() -> str:
    """Version of the data set in models/."""
    lines = _data_lines("VERSION")
    if not lines:
        raise DataFileError(f"{models_dir() / 'VERSION'}: empty")
    return lines[0][1]


@functools.cache
def word_list(name: str) -> tuple[str, ...]:
    """A word list: one entry a line, `#` comments allowed."""
    return tuple(line for _, line in _data_lines(name))


@functools.cache
def speaker_role_table() -> Mapping[str, str]:
    """Folded speaker label -> role, from speaker_roles.tsv."""
    from .textnorm import fold

    table: dict[str, str] = {}
    for number, line in _data_lines("speaker_roles.tsv"):
        label, _, role = line.partition("\t")
        role = role.strip()
        if role not in _ROLE_VALUES:
            raise DataFileError(f"{models_dir() / 'speaker_roles.tsv'}: line {number}: role must be therapist, client or other, not {role!r}")
        table[fold(label)] = role
    return MappingProxyType(table)
