"""A session's place in a series of sessions (a dyad, or a trainee), and what did not fit: types only, no I/O."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

# Where a membership was read: a manifest's row, the file's name, or `--series NAME` on the command line.
FROM_MANIFEST, FROM_NAME, FROM_OPTION = "manifest", "name", "option"


@dataclass(frozen=True, slots=True)
class SeriesMembership:
    """The series a session belongs to, and its place there: a session number, a date, or both."""

    series: str
    position: int | None = None  # the session's number in the series ("séance 3"), when given
    date: datetime.date | None = None
    therapist: str | None = None
    client: str | None = None
    origin: str = FROM_NAME
    place: str | None = None  # the manifest's line, for a membership read from a manifest

    def order_key(self, name: str) -> tuple[bool, int, bool, datetime.date, str]:
        """How sessions of a series are ordered: by number, then by date, then by `name` (the session's)."""
        return (self.position is None, self.position or 0, self.date is None, self.date or datetime.date.min, name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "series": self.series,
            "position": self.position,
            "date": None if self.date is None else self.date.isoformat(),
            "therapist": self.therapist,
            "client": self.client,
            "origin": self.origin,
        }


@dataclass(frozen=True, slots=True)
class SeriesWarning:
    """Something about the series that the user should hear of, said by the outputs in their language.

    `key` names its text (`series_warning_<key>` in models/report_labels.tsv); `fields` fill it in.
    """

    key: str  # not_in_inputs | not_in_manifest | no_series | same_position
    fields: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def to_dict(self) -> dict[str, Any]:
        return {"warning": self.key, **self.fields}
