"""Load the data files under models/: the one place that reads them, once, cached."""

from __future__ import annotations

import functools
import itertools
import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from analyser.cue_grammar import compile_phrase_cues
from analyser.errors import DataFileError

# Phrase matching lives in analyser.phrases; nlp and coding still import it from here, with the lists it matches.
from analyser.phrases import leading_phrases, made_of, phrase_shape, phrase_words  # noqa: F401

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
    from analyser.textnorm import fold

    table: dict[str, str] = {}
    for number, line in _data_lines("speaker_roles.tsv"):
        label, _, role = line.partition("\t")
        role = role.strip()
        if role not in _ROLE_VALUES:
            raise DataFileError(f"{models_dir() / 'speaker_roles.tsv'}: line {number}: role must be therapist, client or other, not {role!r}")
        table[fold(label)] = role
    return MappingProxyType(table)


@functools.cache
def span_patterns(name: str, labels: tuple[str, ...]) -> tuple[dict, ...]:
    """spaCy span_ruler patterns from a JSONL file: one `{"label", "pattern", "id"}` object a line.

    Raises:
        DataFileError: a line is not JSON, or its label is not one of `labels`.
    """
    path = models_dir() / name
    patterns = []
    for number, line in _data_lines(name):
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataFileError(f"{path}: line {number}: not JSON ({exc.msg})") from None
        if not isinstance(entry, dict) or not isinstance(entry.get("pattern"), (list, str)):
            raise DataFileError(f"{path}: line {number}: a pattern needs a label and a pattern")
        if entry.get("label") not in labels:
            raise DataFileError(f"{path}: line {number}: unknown label {entry.get('label')!r}")
        patterns.append(entry)
    return tuple(patterns)


def ruler_patterns(name: str, labels: tuple[str, ...]) -> tuple[dict, ...]:
    """A span ruler's patterns: spaCy's JSONL as written, or phrase cues (TSV) compiled."""
    return phrase_cue_patterns(name, labels) if name.endswith(".tsv") else span_patterns(name, labels)


@functools.cache
def phrase_cue_patterns(name: str, labels: tuple[str, ...]) -> tuple[dict, ...]:
    """spaCy span_ruler patterns compiled from a TSV of phrase cues (see `cue_grammar.compile_phrase_cues`).

    Raises:
        DataFileError: a line has too few fields, or its label is not one of `labels`.
    """
    return compile_phrase_cues(_data_lines(name), labels, source=models_dir() / name)


_REFLECTION_WEIGHTS = (
    "similarity", "overlap", "second_person", "opener", "inference", "double_sided", "names_feeling",
    "information", "advice", "first_person", "answer", "too_short", "completes_client", "contradicts",
)
_REFLECTION_LIMITS = (
    "min_content_words", "second_person_cap", "new_meaning_words", "repeats_overlap", "rising_repeats_overlap",
    "cut_off_words", "completion_words",
)


@functools.cache
def reflection_weights() -> Mapping[str, float]:
    """The reflection coder's threshold, weights and limits, from reflection_weights.toml, by name.

    Raises:
        DataFileError: the file is not TOML, or a weight or limit is missing or not a number.
    """
    path = models_dir() / "reflection_weights.toml"
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read rapport's data file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"{path}: not TOML ({exc})") from None
    values: dict[str, float] = {"threshold": table.get("threshold")}
    values |= {name: table.get("weights", {}).get(name) for name in _REFLECTION_WEIGHTS}
    values |= {name: table.get("limits", {}).get(name) for name in _REFLECTION_LIMITS}
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise DataFileError(f"{path}: {name} must be a number")
    return MappingProxyType(values)


@functools.cache
def target_table() -> Mapping[str, tuple[str, frozenset[str]]]:
    """Target behaviour name -> (direction "reduce" or "adopt", the lemmas that name it), from target_behaviours.tsv."""
    path = models_dir() / "target_behaviours.tsv"
    table: dict[str, tuple[str, frozenset[str]]] = {}
    for number, line in _data_lines("target_behaviours.tsv"):
        fields = line.split("\t")
        if len(fields) != 3 or fields[1] not in ("reduce", "adopt") or not fields[2].strip():
            raise DataFileError(f"{path}: line {number}: expected name, direction (reduce or adopt) and lemmas, tab-separated")
        table[fields[0].strip()] = (fields[1], frozenset(fields[2].split()))
    return MappingProxyType(table)


@functools.cache
def word_set(name: str) -> frozenset[str]:
    """A word list as a set, for membership tests on the hot path."""
    return frozenset(word_list(name))


@functools.cache
def word_classes(name: str) -> Mapping[str, tuple[str, ...]]:
    """A table of word classes, `class<TAB>entry` a line (`#` comments): each class's entries, in the file's order.

    An entry of several classes is listed once for each.

    Raises:
        DataFileError: a line that is not a class and an entry, tab-separated.
    """
    table: dict[str, list[str]] = {}
    for number, line in _data_lines(name):
        fields = [field.strip() for field in line.split("\t")]
        if len(fields) != 2 or not all(fields):
            raise DataFileError(f"{models_dir() / name}: line {number}: expected class<TAB>entry")
        table.setdefault(fields[0], []).append(fields[1])
    return MappingProxyType({kind: tuple(entries) for kind, entries in table.items()})


def class_entries(name: str, kind: str) -> tuple[str, ...]:
    """The entries of one class of a word-class table (see `word_classes`), in the file's order.

    Raises:
        DataFileError: the table has no entry of that class.
    """
    entries = word_classes(name).get(kind)
    if entries is None:
        raise DataFileError(f"{models_dir() / name}: no entry of class {kind!r}")
    return entries


@functools.cache
def word_class(name: str, kind: str) -> frozenset[str]:
    """One class of a word-class table (see `word_classes`) as a set, for membership tests on the hot path."""
    return frozenset(class_entries(name, kind))


@functools.cache
def phrase_list(*names: str) -> frozenset[tuple[str, ...]]:
    """The phrases of one or more lists (one a line, `#` comments), each as its tuple of words."""
    return frozenset(phrase_words(entry) for name in names for entry in word_list(name))


@functools.cache
def threshold_table(name: str) -> Mapping[str, tuple[str, ...]]:
    """A tab-separated table keyed by its first column; the other columns as strings."""
    return MappingProxyType({fields[0]: tuple(fields[1:]) for fields in (line.split("\t") for _, line in _data_lines(name))})


@functools.cache
def check_profiles() -> Mapping[str, Any]:
    """The built-in profiles of `rapport check` from check_profiles.toml, as read-only parsed TOML.

    `analyser.gate.checks` validates their content, with the same rules as a user's rapport.toml.

    Raises:
        DataFileError: the file cannot be read or is not valid TOML (with its line and column).
    """
    path = models_dir() / "check_profiles.toml"
    try:
        with path.open("rb") as stream:
            document = tomllib.load(stream)
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read rapport's data file ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: not valid TOML: {exc}") from None
    return _read_only(document)


def _read_only(value: Any) -> Any:
    # The result is cached and shared: nested tables must not be editable either.
    return MappingProxyType({key: _read_only(item) for key, item in value.items()}) if isinstance(value, dict) else value


# The languages of rapport's outputs for people, in the column order of report_labels.tsv and messages.tsv.
REPORT_LANGUAGES = ("fr", "en")


@functools.cache
def report_labels(lang: str) -> Mapping[str, str]:
    """Every piece of the reports' text in `lang`, by key, from report_labels.tsv (`key<TAB>fr<TAB>en`).

    Raises:
        DataFileError: a language without a column, or a line that is not a key and one text per language
            (the file and line named).
    """
    return _language_table("report_labels.tsv", lang)


@functools.cache
def message_templates(lang: str) -> Mapping[str, str]:
    """The templates of rapport's messages to people (warnings, notes) in `lang`, by key, from messages.tsv.

    Raises:
        DataFileError: as for `report_labels`.
    """
    return _language_table("messages.tsv", lang)


@functools.cache
def evidence_phrases(lang: str) -> Mapping[str, str]:
    """What each code rests on, in plain words, in `lang`, by key, from evidence_phrases.tsv (`key<TAB>fr<TAB>en`).

    Raises:
        DataFileError: as for `report_labels`.
    """
    return _language_table("evidence_phrases.tsv", lang)


def _language_table(name: str, lang: str) -> Mapping[str, str]:
    """A `key<TAB>fr<TAB>en` data file's column for `lang`."""
    path = models_dir() / name
    if lang not in REPORT_LANGUAGES:
        raise DataFileError(f"{path}: no column for language {lang!r}")
    column = REPORT_LANGUAGES.index(lang)
    table: dict[str, str] = {}
    for number, line in _data_lines(name):
        key, *texts = (field.strip() for field in line.split("\t"))
        if not key or len(texts) > len(REPORT_LANGUAGES):
            raise DataFileError(f"{path}: line {number}: expected key<TAB>{'<TAB>'.join(REPORT_LANGUAGES)}")
        missing = [language for language, text in itertools.zip_longest(REPORT_LANGUAGES, texts) if not text]
        if missing:
            raise DataFileError(f"{path}: line {number}: {key!r} has no {' or '.join(missing)} text")
        if key in table:
            raise DataFileError(f"{path}: line {number}: key {key!r} given twice")
        table[key] = texts[column]
    return MappingProxyType(table)


TRANSCRIPT_FIELDS = ("speaker", "start", "end", "text")
_HEADER_SEPARATORS = re.compile(r"[_.\-]+")
_HEADER_BRACKETS = re.compile(r"[(\[][^)\]]*[)\]]")


def column_key(header: str) -> str:
    """A column header as it is matched: folded, separators as spaces, units dropped ("Début (s)" -> "debut")."""
    from analyser.textnorm import fold

    key = fold(_HEADER_BRACKETS.sub(" ", _HEADER_SEPARATORS.sub(" ", header)))
    return _header_unit().sub("", key).strip()


@functools.cache
def _header_unit() -> re.Pattern[str]:
    """A unit of time_units.tsv ending a header key."""
    return re.compile(rf" (?:{'|'.join(map(re.escape, time_units()))})$")


@functools.cache
def time_units() -> Mapping[str, float]:
    """Folded unit a time column's header may name -> the seconds in one, from time_units.tsv ("ms" -> 0.001).

    Raises:
        DataFileError: a line that is not unit<TAB>seconds, seconds a positive number.
    """
    from analyser.textnorm import fold

    table: dict[str, float] = {}
    for number, line in _data_lines("time_units.tsv"):
        unit, _, seconds = line.partition("\t")
        if not fold(unit) or not re.fullmatch(r"\s*\d*\.?\d+\s*", seconds) or not float(seconds):
            raise DataFileError(f"{models_dir() / 'time_units.tsv'}: line {number}: expected unit<TAB>seconds, seconds a positive number")
        table[fold(unit)] = float(seconds)
    return MappingProxyType(table)


@functools.cache
def transcript_columns() -> Mapping[str, str]:
    """Column header key (see `column_key`) -> field, from transcript_columns.tsv, in the file's order.

    Raises:
        DataFileError: a field that is not one of `TRANSCRIPT_FIELDS`, or an alias given two fields.
    """
    path = models_dir() / "transcript_columns.tsv"
    table: dict[str, str] = {}
    for number, line in _data_lines("transcript_columns.tsv"):
        field, _, alias = line.partition("\t")
        key = column_key(alias)
        if field not in TRANSCRIPT_FIELDS or not key:
            raise DataFileError(f"{path}: line {number}: expected field<TAB>header alias, field one of {', '.join(TRANSCRIPT_FIELDS)}")
        if table.setdefault(key, field) != field:
            raise DataFileError(f"{path}: line {number}: {alias.strip()!r} already names the {table[key]} column")
    return MappingProxyType(table)


_NAME_NEEDS = frozenset({"word", "place"})


@functools.cache
def ambiguous_first_names() -> Mapping[str, str]:
    """Folded first name -> what it needs to count as a name (`word` or `place`), from first_names_ambiguous.tsv.

    Raises:
        DataFileError: a line that is not name<TAB>word|place.
    """
    from analyser.textnorm import fold

    path = models_dir() / "first_names_ambiguous.tsv"
    table: dict[str, str] = {}
    for number, line in _data_lines("first_names_ambiguous.tsv"):
        name, _, needs = line.partition("\t")
        if not name.strip() or needs.strip() not in _NAME_NEEDS:
            raise DataFileError(f"{path}: line {number}: expected name<TAB>word or name<TAB>place")
        table[fold(name)] = needs.strip()
    return MappingProxyType(table)


# The kinds of correction_codes.tsv besides the codes themselves (labels.UTTERANCE_CODES), and the names each may give.
_CORRECTION_NAMES = {"header": ("session", "line", "code", "value"), "none": ("none",)}


@functools.cache
def correction_vocabulary() -> Mapping[str, Mapping[str, str]]:
    """Kind -> spelling key (`column_key`) -> name, from correction_codes.tsv: the columns, codes and values of corrections.

    The kinds are `header`, `code`, `none` and each code of `labels.UTTERANCE_CODES` (its values).

    Raises:
        DataFileError: a line that is not kind<TAB>name<TAB>spelling with a known kind and name, or a spelling given
            two names of one kind.
    """
    from analyser.labels import UTTERANCE_CODES

    names = {**_CORRECTION_NAMES, "code": tuple(UTTERANCE_CODES), **UTTERANCE_CODES}
    path = models_dir() / "correction_codes.tsv"
    table: dict[str, dict[str, str]] = {kind: {} for kind in names}
    for number, line in _data_lines("correction_codes.tsv"):
        kind, name, spelling = ([*(field.strip() for field in line.split("\t")), "", ""])[:3]
        key = column_key(spelling)
        if name not in names.get(kind, ()) or not key:
            raise DataFileError(f"{path}: line {number}: expected kind<TAB>name<TAB>spelling, kind one of {', '.join(names)} and a name it knows")
        if table[kind].setdefault(key, name) != name:
            raise DataFileError(f"{path}: line {number}: {spelling!r} already spells {kind} {table[kind][key]!r}")
    return MappingProxyType({kind: MappingProxyType(spellings) for kind, spellings in table.items()})
