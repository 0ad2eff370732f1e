"""Competency gates: thresholds on the figures of a session row, from a built-in profile or a rapport.toml.

A check sees only a session row (figures and bands) and, for a file that could not be read, its
session id and numbered place: nothing that quotes a transcript reaches a CI log.

A share read from too few coded behaviours (models/minimum_counts.tsv) is neither passed nor failed
on its value: the check takes `when_too_few`, "skip" unless the configuration says otherwise, so that a
training programme's CI does not fail a trainee on two reflections (nor pass one on them).
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from analyser.errors import ConfigError, DataFileError, InputError
from analyser.messages import Notice
from analyser.profile.bands import minimum_counts
from analyser.profile.numbers import format_number
from analyser.resources import check_profiles, models_dir
from analyser.rows import Cell, numeric_columns

Kind = Literal["min", "max"]
WhenMissing = Literal["fail", "pass", "skip"]
Status = Literal["pass", "fail", "skip"]

KINDS: tuple[Kind, ...] = ("min", "max")
WHEN_MISSING: tuple[WhenMissing, ...] = ("fail", "pass", "skip")
# A metric whose count is below its minimum gives no verdict by default: too few to conclude.
DEFAULT_WHEN_TOO_FEW: WhenMissing = "skip"
DEFAULT_PROFILE = "miti-fair"
# `profile = "none"` in a rapport.toml: only the file's own thresholds, no profile underneath.
NO_PROFILE = "none"

_CONFIG_KEYS = ("profile", "when_missing", "when_too_few", "min", "max")
_PROFILE_KEYS = ("source", "min", "max")
# The numbered parts of an InputError's place; anything else in it (a cue identifier, an XML tag) may come from the file.
_PLACE_PART = re.compile(r"\b(line|column|byte|cue|segment|word|paragraph|table|row) (\d+)\b")
_TOML_POSITION = re.compile(r"^(?P<reason>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)$")


@dataclass(frozen=True, slots=True)
class Threshold:
    """A bound on one metric: the session must reach `value` (min) or not exceed it (max)."""

    metric: str
    kind: Kind
    value: float

    @property
    def label(self) -> str:
        """The check as a short expression: "open_question_share >= 0.5"."""
        return f"{self.metric} {'>=' if self.kind == 'min' else '<='} {format_number(self.value)}"

    def passes(self, measured: float) -> bool:
        """Whether a measured value meets the bound; a value equal to the threshold passes."""
        return measured >= self.value if self.kind == "min" else measured <= self.value


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """The thresholds to check, what to do with a session a metric cannot be measured on or has too few codes for, and the profile used."""

    thresholds: tuple[Threshold, ...]
    when_missing: WhenMissing = "fail"
    profile: str | None = None
    when_too_few: WhenMissing = DEFAULT_WHEN_TOO_FEW


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One threshold checked on one session; `value` None when the session gives no value for the metric.

    `count` and `minimum` are the coded behaviours behind the metric and the fewest it needs
    (models/minimum_counts.tsv), None for a metric without a minimum.
    """

    session_id: str
    threshold: Threshold
    value: float | None
    band: str | None
    status: Status
    count: int | None = None
    minimum: int | None = None

    @property
    def too_few(self) -> bool:
        """Whether the count behind the metric is below its minimum: too few to conclude, whatever the value."""
        return self.minimum is not None and self.count is not None and self.count < self.minimum


@dataclass(frozen=True, slots=True)
class SessionCheck:
    """Every check of one session, and how many transcript warnings it had (counted, never shown)."""

    session_id: str
    results: tuple[CheckResult, ...]
    warnings: int = 0

    @property
    def failed(self) -> bool:
        """Whether any check failed."""
        return any(result.status == "fail" for result in self.results)


@dataclass(frozen=True, slots=True)
class UnreadableInput:
    """A file that could not be read, as a CI log may show it: its session id and numbered place only.

    The outputs give a fixed reason instead of the reader's message, which may quote the file.
    """

    session_id: str
    place: str | None  # "line 3, column 7": the numbered parts only


@dataclass(frozen=True, slots=True)
class CheckRun:
    """The outcome of `rapport check`: the configuration, every session checked, the inputs that could not be read."""

    config: CheckConfig
    sessions: tuple[SessionCheck, ...]
    unreadable: tuple[UnreadableInput, ...] = ()

    @property
    def failed_sessions(self) -> tuple[SessionCheck, ...]:
        """The sessions with at least one failed check."""
        return tuple(session for session in self.sessions if session.failed)

    @property
    def passed(self) -> bool:
        """Whether every input was read and every session passed."""
        return not self.unreadable and not self.failed_sessions


def check_row(row: Mapping[str, Cell], config: CheckConfig) -> SessionCheck:
    """Check a session row (see `session_row`) against every threshold of `config`.

    A metric whose count is below its minimum (models/minimum_counts.tsv; two reflections behind
    % complex reflections, none at all) takes the status `config.when_too_few`, with or without a
    value. Any other metric with no value takes `config.when_missing`. The band is the row's
    `<metric>_band` column, when the metric has one.
    """
    session_id = str(row["session_id"])
    minimums = minimum_counts()
    results = []
    for threshold in config.thresholds:
        measured = row.get(threshold.metric)
        value = None if measured is None or isinstance(measured, str) else float(measured)
        band = row.get(f"{threshold.metric}_band")
        needed = minimums.get(threshold.metric)
        count = None if needed is None else needed.count_in(row)
        status: Status
        if needed is not None and needed.too_few(count):
            status = config.when_too_few
        elif value is None:
            status = config.when_missing
        else:
            status = "pass" if threshold.passes(value) else "fail"
        minimum = None if needed is None or count is None else needed.minimum
        results.append(CheckResult(session_id, threshold, value, band if isinstance(band, str) else None, status, count, minimum))
    warnings = row.get("warnings")
    return SessionCheck(session_id, tuple(results), warnings=warnings if isinstance(warnings, int) else 0)


def unreadable_input(error: InputError) -> UnreadableInput:
    """An input error as a CI log may show it: the file's stem and the numbered parts of its place.

    The error's message is dropped: some quote a line of the file.
    """
    place = ", ".join(f"{match[1]} {match[2]}" for match in _PLACE_PART.finditer(error.place or ""))
    return UnreadableInput(Path(error.source).stem, place or None)


@functools.cache
def builtin_profiles() -> Mapping[str, CheckConfig]:
    """The profiles of models/check_profiles.toml, by name.

    Raises:
        DataFileError: a profile is malformed (naming the file and the key).
    """
    path = models_dir() / "check_profiles.toml"

    def fail(key: str, problem: str) -> Exception:
        # An install problem, said as it is in English: the Notice's own text.
        return DataFileError(f"{path}: {key}: {problem}")

    profiles = {}
    for name, table in check_profiles().items():
        if not isinstance(table, Mapping):
            raise fail(name, "a profile must be a table")
        _refuse_unknown_keys(table, name, _PROFILE_KEYS, fail)
        thresholds = _thresholds(table, name, fail)
        profiles[name] = CheckConfig(tuple(Threshold(metric, kind, value) for (metric, kind), value in thresholds.items()), profile=name)
    return MappingProxyType(profiles)


def load_config(path: str | None = None, *, profile: str | None = None) -> CheckConfig:
    """The checks to run: a built-in profile, overridden by a rapport.toml's thresholds.

    Args:
        path: a rapport.toml, or None for the profile alone.
        profile: a built-in profile named on the command line; it wins over the file's `profile`.

    Raises:
        ConfigError: the file cannot be read or is malformed: one line naming the file and the key.
    """
    if path is None:
        return parse_config(None, source="", profile=profile)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(Notice("error.in_file", source=path, message=Notice("config.cannot_read", reason=exc.strerror or str(exc)))) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte = Notice("place.byte", byte=exc.start)
        raise ConfigError(Notice("error.at_place", source=path, place=byte, message=Notice("config.not_utf8"))) from None
    return parse_config(text, source=path, profile=profile)


def parse_config(text: str | None, *, source: str, profile: str | None = None) -> CheckConfig:
    """The checks a rapport.toml's text asks for (see `load_config`); `text` None when there is no file.

    The file's [check.min] and [check.max] thresholds replace the profile's for the same metric
    and kind, and add to the others. With no profile named anywhere, the profile is miti-fair.
    """

    def fail(key: str, problem: str) -> Exception:
        return ConfigError(Notice("error.at_place", source=source, place=key, message=problem))

    if profile is not None and profile not in builtin_profiles():
        raise ConfigError(Notice("config.unknown_profile", profile=profile, profiles=list(builtin_profiles())))
    table: Mapping[str, Any] = {}
    if text is not None:
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            position = _TOML_POSITION.match(str(exc))
            if position is None:
                raise ConfigError(Notice("error.in_file", source=source, message=Notice("config.not_toml", reason=str(exc)))) from None
            # tomllib's reason stays in its own English words; the place is said in the chosen language.
            reason = Notice("config.not_toml", reason=f"{position['reason'][:1].lower()}{position['reason'][1:]}")
            if position["line"] is None:
                raise fail(Notice("config.end_of_document"), reason) from None
            raise fail(Notice("place.line_column", line=int(position["line"]), column=int(position["column"])), reason) from None
        if "check" not in document:
            raise fail("check", Notice("config.no_check_table"))
        table = document["check"]
        if not isinstance(table, Mapping):
            raise fail("check", Notice("config.check_not_a_table"))
        _refuse_unknown_keys(table, "check", _CONFIG_KEYS, fail)

    name = profile or _choice(table, "profile", (*builtin_profiles(), NO_PROFILE), fail) or DEFAULT_PROFILE
    when_missing = _choice(table, "when_missing", WHEN_MISSING, fail) or "fail"
    when_too_few = _choice(table, "when_too_few", WHEN_MISSING, fail) or DEFAULT_WHEN_TOO_FEW
    merged = {} if name == NO_PROFILE else {(t.metric, t.kind): t.value for t in builtin_profiles()[name].thresholds}
    merged.update(_thresholds(table, "check", fail))
    for (metric, kind), value in merged.items():
        ceiling = merged.get((metric, "max"))
        if kind == "min" and ceiling is not None and value > ceiling:
            raise fail(f"check.max.{metric}", Notice("config.max_below_min", ceiling=_said_number(ceiling), floor=_said_number(value)))
    if not merged:
        raise fail("check", Notice("config.no_threshold", none=NO_PROFILE))
    thresholds = tuple(Threshold(metric, kind, value) for (metric, kind), value in merged.items())
    return CheckConfig(thresholds, when_missing=when_missing, profile=None if name == NO_PROFILE else name, when_too_few=when_too_few)


def _choice(table: Mapping[str, Any], key: str, allowed: tuple[str, ...], fail: Callable[[str, str], Exception]) -> Any:
    """A string setting that must be one of `allowed`; None when absent."""
    value = table.get(key)
    if value is not None and value not in allowed:
        raise fail(f"check.{key}", Notice("config.not_one_of", allowed=list(allowed), value=_shown(value)))
    return value


def _thresholds(table: Mapping[str, Any], prefix: str, fail: Callable[[str, str], Exception]) -> dict[tuple[str, Kind], float]:
    """The [<prefix>.min] and [<prefix>.max] tables as {(metric, kind): value}, in the file's order."""
    metrics = numeric_columns()
    thresholds: dict[tuple[str, Kind], float] = {}
    for kind in KINDS:
        entries = table.get(kind, {})
        if not isinstance(entries, Mapping):
            raise fail(f"{prefix}.{kind}", Notice("config.not_a_threshold_table", table=f"{prefix}.{kind}", value=_shown(entries)))
        for metric, value in entries.items():
            key = f"{prefix}.{kind}.{metric}"
            if metric not in metrics:
                near = _near(metric, metrics)
                raise fail(key, Notice("config.unknown_metric_near", near=near) if near else Notice("config.unknown_metric"))
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise fail(key, Notice("config.not_a_finite_number", value=_shown(value)))
            thresholds[(metric, kind)] = float(value)
    return thresholds


def _refuse_unknown_keys(table: Mapping[str, Any], prefix: str, known: tuple[str, ...], fail: Callable[[str, str], Exception]) -> None:
    for key in table:
        if key not in known:
            near = _near(key, known)
            raise fail(f"{prefix}.{key}", Notice("config.unknown_key_near", near=near) if near else Notice("config.unknown_key", keys=list(known)))


def _near(name: str, known: tuple[str, ...]) -> list[str]:
    """The known names close to a misspelt one, for "did you mean"."""
    return difflib.get_close_matches(name, known, n=3, cutoff=0.6)


def _shown(value: Any) -> Notice:
    """A TOML value in a message: tables and arrays by kind, since they may be long; any other quoted."""
    if isinstance(value, Mapping):
        return Notice("term.a_table")
    if isinstance(value, list):
        return Notice("term.an_array")
    return Notice("term.quoted", text=value)


def _said_number(value: float) -> float:
    """A threshold as `format_number` writes it (4 decimals, no ".0"), left a number so that French writes its comma."""
    rounded = round(value, 4)
    return int(rounded) if rounded.is_integer() else rounded
