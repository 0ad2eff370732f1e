"""Which series each session belongs to: from a manifest, from `--series NAME`, or from its file name."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from analyser.profile.numbers import NONE
from analyser.series.manifest import Manifest, ManifestRow, manifest_path_key
from analyser.series.membership import FROM_NAME, FROM_OPTION, SeriesMembership, SeriesWarning
from analyser.series.names import name_place, stem
from analyser.session import SessionAnalysis
from analyser.textnorm import fold


class SeriesAssigner:
    """Gives each session its series as the sessions come, then says what did not fit.

    With a manifest, a session is placed by its row (matched by path, else by file name, else by name without
    extension); `series`, if given, keeps that series only. Without one, `series` puts every session in one
    series, numbered by its file name; with neither, the file name decides (analyser/series/names.py).

    With `redact` (`--redact`), series are named SERIE_1, SERIE_2… in the order met, without therapist or client,
    and warnings name no manifest file: a series is often named after a person.
    """

    def __init__(self, manifest: Manifest | None = None, *, series: str | None = None, warn_unplaced: bool = True, redact: bool = False) -> None:
        self.manifest = manifest
        self.series = series
        self.warn_unplaced = warn_unplaced  # `rapport trend` says which sessions are in no series; `rapport report` need not
        self.redact = redact
        # The files as given, by their place among the batch's inputs: --redact pseudonymises the source an analysis keeps.
        self.inputs: dict[int, str] = {}
        self._pseudonyms: dict[str, str] = {}
        self._matched: set[int] = set()  # manifest rows (by position) that named an input
        self._unplaced: list[str] = []
        self._positions: dict[tuple[str, int], list[str]] = {}
        self._by_path: dict[Path, int] = {}
        self._by_name: dict[str, list[int]] = {}
        self._by_stem: dict[str, list[int]] = {}
        for number, row in enumerate(manifest.rows if manifest else ()):
            self._by_path[manifest_path_key(manifest, row)] = number  # type: ignore[arg-type]
            self._by_name.setdefault(Path(row.file).name, []).append(number)
            self._by_stem.setdefault(stem(row.file), []).append(number)

    def membership_of(self, analysis: SessionAnalysis) -> SeriesMembership | None:
        """The series of an analysed session, found from its file as given (`inputs`) when known."""
        source = analysis.transcript.source
        given = self.inputs.get(analysis.input_index, source) if analysis.input_index is not None else source
        return self.membership(given, shown=source)

    def membership(self, source: str, *, shown: str | None = None) -> SeriesMembership | None:
        """The series of the session read from `source` (`shown` names it in warnings); None when it is in none, or not in the series kept."""
        shown = shown or source
        if self.manifest is not None:
            row = self._row(source)
            if row is None:
                self._unplaced.append(shown)
                return None
            if self.series is not None and fold(row.membership.series) != fold(self.series):
                return None
            return self._placed(shown, row.membership)
        place = name_place(source)
        if self.series is not None:
            return self._placed(shown, SeriesMembership(self.series, place.position, place.date, origin=FROM_OPTION))
        if place.series is None:
            self._unplaced.append(shown)
            return None
        return self._placed(shown, SeriesMembership(place.series, place.position, place.date, origin=FROM_NAME))

    def warnings(self) -> tuple[SeriesWarning, ...]:
        """What did not fit, once every session has been placed: rows naming no input, inputs in no series, numbers given twice."""
        found: list[SeriesWarning] = []
        if self.manifest is not None:
            source = self.manifest.source
            for number, row in enumerate(self.manifest.rows):
                wanted = self.series is None or fold(row.membership.series) == fold(self.series)
                if number not in self._matched and wanted:
                    found.append(_warning("not_in_inputs", manifest=source, place=row.line, file=NONE if self.redact else row.file))
            found += [_warning("not_in_manifest", file=unplaced, manifest=source) for unplaced in self._unplaced]
        elif self.warn_unplaced:
            found += [_warning("no_series", file=unplaced) for unplaced in self._unplaced]
        for (series, position), sources in self._positions.items():
            if len(sources) > 1:
                found.append(_warning("same_position", series=series, position=str(position), files=", ".join(sources)))
        return tuple(found)

    def _placed(self, source: str, membership: SeriesMembership) -> SeriesMembership:
        if self.redact:
            key = fold(membership.series).strip()
            name = self._pseudonyms.setdefault(key, f"SERIE_{len(self._pseudonyms) + 1}")
            membership = replace(membership, series=name, therapist=None, client=None)
        if membership.position is not None:
            self._positions.setdefault((membership.series, membership.position), []).append(source)
        return membership

    def _row(self, source: str) -> ManifestRow | None:
        assert self.manifest is not None
        number = self._by_path.get(Path(source).resolve())
        if number is None:
            number = _only(self._by_name.get(Path(source).name, [])) if Path(source).name in self._by_name else _only(self._by_stem.get(stem(source), []))
        if number is None:
            return None
        self._matched.add(number)
        return self.manifest.rows[number]


def _only(numbers: Iterable[int]) -> int | None:
    """The one row that matches; None when none or several do (the path must then decide)."""
    found = list(numbers)
    return found[0] if len(found) == 1 else None


def _warning(key: str, **fields: str) -> SeriesWarning:
    return SeriesWarning(key, MappingProxyType(fields))
