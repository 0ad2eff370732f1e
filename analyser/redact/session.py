"""Pseudonymise an analysed session (--redact): every string a renderer writes, none of the figures."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from analyser.domain import CodedUtterance, Marker, OverlapSpan, Transcript, Utterance
from analyser.errors import InputError
from analyser.messages import Notice
from analyser.redact.names import label_name_span
from analyser.redact.replacement import Pseudonyms, Replacement, apply, find_pseudonyms
from analyser.resources import message_templates

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from analyser.session import SessionAnalysis

# What messages quote from a file: Python reprs ('…' or "…", as `!r` writes them) and French quotes.
_QUOTED = re.compile(r"""(?<!\w)'(?:[^'\\\n]|\\.)*'(?!\w)|(?<!\w)"(?:[^"\\\n]|\\.)*"(?!\w)|«[^»\n]*»""")
_REMOVED = "'…'"
# A template's quoted fields: {value!r}, « {text} ».
_QUOTED_FIELD = re.compile(r"\{(\w+)!r\}")
_GUILLEMET_FIELD = re.compile(r"«\s*\{(\w+)\}\s*»")
# Placeholder for a path inside a longer string, redacted as a path and put back.
_PATH_MARK = "\x00{}\x00"
# Metadata keys whose values are paths.
_PATH_KEYS = frozenset({"rttm"})


def redact_analysis(analysis: SessionAnalysis, docs: Sequence[Doc]) -> SessionAnalysis:
    """The same analysis with names, e-mail addresses and phone numbers pseudonymised wherever a renderer reads text.

    Covers the utterances (text, speaker, place, markers with offsets moved onto the new text), the
    source path and session id, warnings, string metadata, role sources, overlaps and the profile's
    speaker-keyed tables. The figures are those measured on the original text, unchanged.

    Args:
        analysis: the session as analysed from the original text.
        docs: the parsed Docs of `analysis.utterances`, in order, with the model's named entities.
    """
    transcript = analysis.transcript
    paths = [transcript.source, transcript.session_id, *_metadata_paths(transcript.metadata)]
    labels = set(transcript.speakers) | {speaker for span in transcript.overlaps for speaker in span.speakers}
    warnings = [_masked(_without_quotes(warning, labels), paths) for warning in transcript.warnings]
    pseudonyms = find_pseudonyms(transcript, docs, extra_strings=[*warnings, *_metadata_strings(transcript.metadata)], paths=paths)
    shown = _unique_labels(pseudonyms, labels)

    def label(speaker: str) -> str:
        return shown.get(speaker, speaker)

    def text(value: str) -> str:
        return _unmasked(pseudonyms.redact_string(value), paths, pseudonyms)

    def message(value: str) -> str:
        return _redacted_message(value, labels, paths, text)

    utterances = tuple(_redact_coded(coded, pseudonyms, label) for coded in analysis.utterances)
    redacted = dataclasses.replace(
        transcript,
        session_id=pseudonyms.redact_path(transcript.session_id),
        source=pseudonyms.redact_path(transcript.source),
        utterances=tuple(coded.utterance for coded in utterances),
        metadata=MappingProxyType({key: _redact_value(value, pseudonyms, path=key in _PATH_KEYS) for key, value in transcript.metadata.items()}),
        warnings=tuple(message(warning) for warning in transcript.warnings),
        role_source=MappingProxyType({label(speaker): source for speaker, source in transcript.role_source.items()}),
        overlaps=tuple(OverlapSpan(tuple(label(s) for s in span.speakers), span.start, span.end) for span in transcript.overlaps),
    )
    profile = analysis.profile
    turn_balance = dataclasses.replace(profile.turn_balance, speakers=_relabelled(profile.turn_balance.speakers, label))
    coding = dataclasses.replace(profile.coding, speakers=_relabelled(profile.coding.speakers, label))
    return dataclasses.replace(
        analysis,
        transcript=redacted,
        utterances=utterances,
        profile=dataclasses.replace(profile, turn_balance=turn_balance, coding=coding, clients=_relabelled(profile.clients, label)),
    )


def redact_error(error: InputError) -> InputError:
    """The same error with its source pseudonymised like a path and whatever it quotes from the file removed.

    The place keeps its numbered parts ("line 12", "<Turn> at line 40"); `input_index` is kept.
    """
    paths = [error.source]
    masked = _masked(_without_quotes(error.message, set()), paths)
    place = None if error.place is None else _without_quotes(error.place, set())
    pseudonyms = find_pseudonyms(Transcript("", "", ()), extra_strings=[masked, *([place] if place else [])], paths=paths)

    def text(value: str) -> str:
        return _unmasked(pseudonyms.redact_string(value), paths, pseudonyms)

    message = _redacted_message(error.message, set(), paths, text)
    place = None if error.place is None else _redacted_message(error.place, set(), [], pseudonyms.redact_string)
    redacted = type(error)(pseudonyms.redact_path(error.source), message, place=place)
    redacted.input_index = error.input_index
    return redacted


def remap(offset: int, replacements: Sequence[Replacement], *, end: bool) -> int:
    """Where an offset of the original text falls in the redacted text; inside a replaced stretch, at its
    pseudonym's start (a start) or end (an end), so that a span keeps all of the pseudonym."""
    shift = 0
    for replacement in replacements:
        if offset <= replacement.start:
            break
        if offset < replacement.end:
            return replacement.start + shift + (len(replacement.pseudonym) if end else 0)
        shift += len(replacement.pseudonym) - (replacement.end - replacement.start)
    return offset + shift


def _redact_coded(coded: CodedUtterance, pseudonyms: Pseudonyms, label: Any) -> CodedUtterance:
    utterance = coded.utterance
    replacements = pseudonyms.utterances[utterance.index]
    text = apply(utterance.text, replacements)
    markers = []
    for marker in coded.markers:
        start = remap(marker.start_char, replacements, end=False)
        end = remap(marker.end_char, replacements, end=True)
        markers.append(Marker(marker.label, text[start:end], start, end, pseudonyms.redact_string(marker.rule)))
    redacted: Utterance = dataclasses.replace(
        utterance,
        speaker=label(utterance.speaker),
        text=text,
        place=None if utterance.place is None else _redacted_message(utterance.place, set(), [], pseudonyms.redact_string),
    )
    return dataclasses.replace(coded, utterance=redacted, markers=tuple(markers))


def _unique_labels(pseudonyms: Pseudonyms, labels: set[str]) -> dict[str, str]:
    """Each label's written form; two labels of one person ("Marie", "marie") stay two speakers: "PERSONNE_1", "PERSONNE_1 (2)"."""
    shown: dict[str, str] = {}
    taken: set[str] = set()
    for speaker in sorted(labels, key=lambda s: (pseudonyms.label(s) == s, s)):
        value = pseudonyms.label(speaker)
        candidate, number = value, 1
        while candidate in taken:
            number += 1
            candidate = f"{value} ({number})"
        taken.add(candidate)
        shown[speaker] = candidate
    return shown


def _relabelled(mapping: Mapping[str, Any], label: Any) -> Mapping[str, Any]:
    return MappingProxyType({label(speaker): value for speaker, value in mapping.items()})


def _without_quotes(text: str, labels: set[str]) -> str:
    """Quoted content removed, but for speaker labels (pseudonymised later), role and numbered labels, and quotes without letters."""
    def keep_or_remove(match: re.Match[str]) -> str:
        quoted = match.group()
        inner = quoted[1:-1].strip()
        if inner in labels or not any(char.isalpha() for char in inner) or (inner and label_name_span(inner) == (0, 0) and " " not in inner):
            return quoted
        return _REMOVED

    return _QUOTED.sub(keep_or_remove, text)


def _redacted_message(message: str, labels: set[str], paths: Sequence[str], redact: Callable[[str], str]) -> str:
    """A message (a warning, an error, a place) pseudonymised by `redact`, what it quotes from the file removed.

    A Notice stays a Notice, so that it is still said in French or English: each of its fields is redacted on its
    own, and a field its template quotes is removed as `_without_quotes` removes it from the text.
    """
    if not isinstance(message, Notice):
        return redact(_masked(_without_quotes(message, labels), paths))
    quoted = _quoted_fields(message.key)

    def field(name: str, value: object) -> object:
        if isinstance(value, Notice):
            return _redacted_message(value, labels, paths, redact)
        if isinstance(value, list):
            return [field(name, item) for item in value]
        if not isinstance(value, str):
            return value
        if name in quoted and _without_quotes(repr(value), labels) == _REMOVED:
            return _REMOVED[1:-1]
        # A field may quote the file itself (an exception's message): what it quotes goes too.
        return redact(_masked(_without_quotes(value, labels), paths))

    return Notice(message.key, **{name: field(name, value) for name, value in message.fields.items()})


@functools.cache
def _quoted_fields(key: str) -> frozenset[str]:
    """The fields a message's template quotes: `{name!r}` or « {name} »."""
    return frozenset(_QUOTED_FIELD.findall(message_templates("en")[key])) | frozenset(_GUILLEMET_FIELD.findall(message_templates("en")[key]))


def _masked(text: str, paths: Sequence[str]) -> str:
    for number, path in sorted(enumerate(paths), key=lambda item: -len(item[1])):
        if path:
            text = text.replace(path, _PATH_MARK.format(number))
    return text


def _unmasked(text: str, paths: Sequence[str], pseudonyms: Pseudonyms) -> str:
    for number, path in enumerate(paths):
        text = text.replace(_PATH_MARK.format(number), pseudonyms.redact_path(path))
    return text


def _metadata_paths(metadata: Mapping[str, Any]) -> list[str]:
    return [value for key, value in metadata.items() if key in _PATH_KEYS and isinstance(value, str)]


def _metadata_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [s for key, item in value.items() for s in (*_metadata_strings(key), *_metadata_strings(item))]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in _metadata_strings(item)]
    return []


def _redact_value(value: Any, pseudonyms: Pseudonyms, *, path: bool = False) -> Any:
    if isinstance(value, str):
        return pseudonyms.redact_path(value) if path else pseudonyms.redact_string(value)
    if isinstance(value, Mapping):
        return {_redact_value(key, pseudonyms): _redact_value(item, pseudonyms) for key, item in value.items()}
    if isinstance(value, list):
        return [_redact_value(item, pseudonyms) for item in value]
    if isinstance(value, tuple):
        return tuple(_redact_value(item, pseudonyms) for item in value)
    return value

