"""Transcriber `.trs` files: speakers, turns and overlap turns, with their times."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from lxml import etree

from analyser.domain import OverlapSpan, Transcript
from analyser.errors import InputError
from analyser.messages import Notice
from analyser.read._builder import Draft, build_transcript
from analyser.read._xml import declared_encoding, element_place, parse_xml

if TYPE_CHECKING:
    from analyser.read.registry import ReadOptions


def read_trs(data: bytes, *, source: str, session_id: str, options: ReadOptions | None = None) -> Transcript:
    """Read a Transcriber file.

    Each single-speaker `<Turn>` that holds text is one utterance, its Sync segments
    joined, timed by the Turn's startTime and endTime. An overlap turn
    (`speaker="spk1 spk2"`) gives one utterance per speaker with text, split at its
    `<Who nb="…"/>` marks, each flagged `overlap` and timed by the whole turn, and one
    `OverlapSpan` naming all its speakers. Turns without a speaker (silences) or without
    text give nothing, silently. Event and Comment descriptions are not speech.

    Raises:
        InputError: not well-formed XML, another root than <Trans>, a Turn without
            numeric startTime/endTime, or a `<Who>` whose nb names no speaker of its turn.
    """
    root = parse_xml(data, source, root_tag="Trans", format_name="Transcriber")
    warnings: list[str] = []
    speakers = _speaker_names(root)
    drafts: list[Draft] = []
    overlaps: list[OverlapSpan] = []
    missing: set[str] = set()
    for turn in root.iter("Turn"):
        start, end = _turn_time(turn, "startTime", source), _turn_time(turn, "endTime", source)
        ids = (turn.get("speaker") or "").split()
        if not ids:
            continue  # a silence or noise between utterances
        place = element_place(turn)
        for speaker_id in ids:
            if speaker_id not in speakers and speaker_id not in missing:
                missing.add(speaker_id)
                warnings.append(Notice("read.trs_unlisted_speaker", source=source, place=place, speaker=speaker_id))
        names = [speakers.get(speaker_id, speaker_id) for speaker_id in ids]
        if len(ids) == 1:
            drafts.append(Draft(names[0], " ".join(_turn_parts(turn, 1, source, warnings)[0]), start, end, line=turn.sourceline, place=place))
            continue
        if len(set(ids)) < len(ids):
            warnings.append(Notice("read.trs_speaker_twice", source=source, place=place, speakers=turn.get("speaker")))
        for name, parts in zip(names, _turn_parts(turn, len(ids), source, warnings)):
            drafts.append(Draft(name, " ".join(parts), start, end, line=turn.sourceline, place=place, overlap=True))
        # A speaker listed twice (a transcription slip) is one speaker of the overlap.
        overlaps.append(OverlapSpan(tuple(dict.fromkeys(names)), round(start, 3), round(end, 3)))
    metadata = {"format": "trs", "encoding": declared_encoding(root), "speakers": speakers}
    return build_transcript(
        drafts, source=source, session_id=session_id, metadata=metadata, warnings=warnings, overlaps=overlaps, skip_silently=True
    )


def _speaker_names(root: etree._Element) -> dict[str, str]:
    """Speaker id -> name from `<Speakers>`; an empty name is replaced by the id."""
    names: dict[str, str] = {}
    for speaker in root.iterfind("Speakers/Speaker"):
        speaker_id = (speaker.get("id") or "").strip()
        if speaker_id:
            names[speaker_id] = (speaker.get("name") or "").strip() or speaker_id
    return names


def _turn_time(turn: etree._Element, attribute: str, source: str) -> float:
    raw = turn.get(attribute)
    if raw is None:
        raise InputError(source, Notice("error.trs_turn_without_time", attribute=attribute), place=element_place(turn))
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise InputError(source, Notice("error.trs_time_not_seconds", attribute=attribute, value=raw), place=element_place(turn))
    if value < 0:
        raise InputError(source, Notice("error.trs_time_negative", attribute=attribute, value=raw), place=element_place(turn))
    return value


def _turn_parts(turn: etree._Element, speaker_count: int, source: str, warnings: list[str]) -> list[list[str]]:
    """The pieces of text of each speaker of a turn, in order: `<Who nb="n"/>` hands the text to speaker n.

    Text before any `<Who>` in an overlap turn goes to the first speaker, with a warning.
    """
    parts: list[list[str]] = [[] for _ in range(speaker_count)]
    current: int | None = 0 if speaker_count == 1 else None
    pieces = [(turn, turn.text)] + [(child, child.tail) for child in turn]
    for element, text in pieces:
        if element is not turn and element.tag == "Who":
            current = _who_index(element, speaker_count, source)
        if not text or not text.strip():
            continue
        if current is None:
            warnings.append(Notice("read.trs_text_before_who", source=source, place=element_place(turn)))
            current = 0
        parts[current].append(text)
    return parts


def _who_index(who: etree._Element, speaker_count: int, source: str) -> int:
    raw = who.get("nb", "")
    try:
        number = int(raw)
    except ValueError:
        raise InputError(source, Notice("error.trs_who_not_a_number", value=raw), place=element_place(who)) from None
    if not 1 <= number <= speaker_count:
        raise InputError(source, Notice("error.trs_who_no_speaker", value=raw, count=speaker_count), place=element_place(who))
    return number - 1
