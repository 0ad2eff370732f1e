"""Whisper and WhisperX JSON output: segments and word times, speakers from diarization or an RTTM file.

Places name segments and words by their 0-based index in the JSON lists ("segment 0" is the
first segment; "segment 4, words 0–6" its first seven words), as a JSON viewer shows them.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analyser.domain import UNKNOWN_SPEAKER, Transcript
from analyser.errors import InputError, NotATranscriptError
from analyser.messages import Notice
from analyser.read._builder import Draft, build_transcript
from analyser.read._rttm import SpeakerTurns, read_rttm, session_turns
from analyser.resources import word_list
from analyser.textnorm import fold

if TYPE_CHECKING:
    from analyser.read.registry import ReadOptions

HALLUCINATIONS_FILE = "asr_hallucinations.txt"
_UTF8_BOM = b"\xef\xbb\xbf"
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
_SHOWN_HALLUCINATIONS = 3
_LONGEST = 10**15  # seconds: any integer time above is a corrupt value, and would overflow a float


@dataclass(frozen=True, slots=True)
class _Word:
    index: int
    text: str
    start: float | None
    end: float | None
    speaker: str | None


@dataclass(frozen=True, slots=True)
class _Segment:
    index: int
    text: str
    start: float | None
    end: float | None
    speaker: str | None
    words: tuple[_Word, ...]

    @property
    def place(self) -> str:
        return Notice("place.segment", index=self.index)

    @property
    def full_text(self) -> str:
        """The segment's text, or its words when the segment has no text field."""
        return self.text.strip() or " ".join(word.text.strip() for word in self.words)


@dataclass(frozen=True, slots=True)
class _Run:
    """Consecutive words of a segment said by one speaker (None: the file does not say who)."""

    speaker: str | None
    text: str
    start: float | None
    end: float | None
    place: str


def read_whisperx(data: bytes, *, source: str, session_id: str, options: ReadOptions | None = None) -> Transcript:
    """Read WhisperX JSON: speakers from its diarization, word by word.

    A segment that spans a change of speaker is cut into runs of consecutive words with one
    speaker, each an utterance. A word without a speaker takes the previous word's, else the
    segment's, else the next word's. Run times come from the first and last timed words, else
    from the segment.

    Raises:
        InputError: the bytes are not UTF-8 JSON, or a segment or word is malformed.
        NotATranscriptError: valid JSON without a 'segments' list.
    """
    document, segments = _load(data, source)
    warnings: list[str] = []
    if options is not None and options.rttm:
        warnings.append(Notice("read.whisperx_rttm_ignored", source=source, rttm=options.rttm))
    kept, dropped = _drop_hallucinations(segments, source, warnings)
    runs = [run for segment in kept for run in _runs(segment, _fill_speakers([w.speaker for w in segment.words], segment.speaker))]
    return _build(runs, document, "whisperx", dropped, source=source, session_id=session_id, warnings=warnings)


def read_whisper(data: bytes, *, source: str, session_id: str, options: ReadOptions | None = None) -> Transcript:
    """Read OpenAI Whisper JSON, which has no speakers: one unknown speaker, or speakers from an RTTM file.

    With `options.rttm`, each segment (or each timed word, grouped into runs as for WhisperX)
    is given the RTTM speaker whose turns overlap it most, else the speaker of the nearest turn.
    The RTTM turns used are those whose file id is the session id. `options.rttm` may be a
    folder: the session's RTTM is then `<folder>/<session id>.rttm`, which suits a batch.

    Raises:
        InputError: the bytes are not UTF-8 JSON, a segment is malformed, or the RTTM file is
            unreadable, malformed or about other recordings.
        NotATranscriptError: valid JSON without a 'segments' list.
    """
    document, segments = _load(data, source)
    warnings: list[str] = []
    kept, dropped = _drop_hallucinations(segments, source, warnings)
    rttm = options.rttm if options is not None else None
    if not rttm:
        warnings.append(Notice("read.whisper_no_speakers", source=source, speaker=UNKNOWN_SPEAKER))
        runs = [run for segment in kept for run in _runs(segment, [UNKNOWN_SPEAKER] * len(segment.words), UNKNOWN_SPEAKER)]
        return _build(runs, document, "whisper", dropped, source=source, session_id=session_id, warnings=warnings)
    if Path(rttm).is_dir():
        rttm = str(Path(rttm) / f"{session_id}.rttm")
        if not Path(rttm).is_file():
            raise InputError(source, Notice("error.rttm_folder_without_session", file=f"{session_id}.rttm"), place=Notice("place.rttm_folder", folder=str(Path(rttm).parent)))
    turns, note = session_turns(read_rttm(rttm), session_id, rttm_source=rttm)
    if note:
        warnings.append(Notice("read.rttm_note", source=source, note=note))
    diarization = SpeakerTurns(turns)
    runs = [run for segment in kept for run in _rttm_runs(segment, diarization)]
    return _build(runs, document, "whisper", dropped, source=source, session_id=session_id, warnings=warnings, rttm=rttm)


def _rttm_runs(segment: _Segment, diarization: SpeakerTurns) -> list[_Run]:
    def speaker_of(start: float | None, end: float | None) -> str | None:
        known = [t for t in (start, end) if t is not None]
        return diarization.speaker_for(min(known), max(known)) if known else None

    segment_speaker = speaker_of(segment.start, segment.end)
    return _runs(segment, _fill_speakers([speaker_of(w.start, w.end) for w in segment.words], segment_speaker), segment_speaker)


def _fill_speakers(speakers: Sequence[str | None], segment_speaker: str | None) -> list[str | None]:
    """Each word's speaker; a word without one takes the previous word's, else the segment's, else the next word's."""
    filled: list[str | None] = []
    for index, speaker in enumerate(speakers):
        if speaker is None:
            previous = filled[-1] if filled else None
            speaker = previous or segment_speaker or next((s for s in speakers[index + 1 :] if s is not None), None)
        filled.append(speaker)
    return filled


def _runs(segment: _Segment, word_speakers: Sequence[str | None], segment_speaker: str | None = None) -> list[_Run]:
    """The segment cut into runs of consecutive words with one speaker; the whole segment when it has no words."""
    if not segment.words:
        return [_Run(segment_speaker or segment.speaker, segment.text, segment.start, segment.end, segment.place)]
    groups: list[list[tuple[_Word, str | None]]] = []
    for word, speaker in zip(segment.words, word_speakers, strict=True):
        if groups and groups[-1][0][1] == speaker:
            groups[-1].append((word, speaker))
        else:
            groups.append([(word, speaker)])
    return [_run(segment, [word for word, _ in group], group[0][1], whole=len(groups) == 1) for group in groups]


def _run(segment: _Segment, words: list[_Word], speaker: str | None, *, whole: bool) -> _Run:
    starts = [w.start for w in words if w.start is not None]
    ends = [w.end for w in words if w.end is not None]
    first, last = words[0].index, words[-1].index
    span = Notice("place.word", index=first) if first == last else Notice("place.words", first=first, last=last)
    return _Run(
        speaker=speaker,
        text=" ".join(text for text in (w.text.strip() for w in words) if text),
        start=starts[0] if starts else segment.start,
        end=ends[-1] if ends else segment.end,
        place=segment.place if whole else Notice("place.within_segment", segment=segment.place, part=span),
    )


def _build(runs: list[_Run], document: dict[str, Any], format_name: str, dropped: int, *, source: str, session_id: str, warnings: list[str], rttm: str | None = None) -> Transcript:
    unnamed = [run.place for run in runs if not run.speaker]
    if unnamed:
        warnings.append(Notice("read.whisper_utterances_without_speaker", source=source, place=unnamed[0], count=len(unnamed), speaker=UNKNOWN_SPEAKER))
    drafts = [Draft(run.speaker or UNKNOWN_SPEAKER, run.text, run.start, run.end, place=run.place) for run in runs]
    metadata: dict[str, Any] = {"format": format_name, "encoding": "utf-8", "hallucinations_dropped": dropped}
    if isinstance(document.get("language"), str):
        metadata["language"] = document["language"]
    if rttm:
        metadata["rttm"] = rttm
    return build_transcript(drafts, source=source, session_id=session_id, metadata=metadata, warnings=warnings)


# --- hallucinations ---


def _hallucination_key(text: str) -> str:
    """Case, accents, punctuation and spacing ignored: "Sous-titrage ST'501" -> "sous titrage st 501"."""
    return " ".join(_NOT_ALPHANUMERIC.sub(" ", fold(text)).split())


@functools.cache
def _hallucination_matchers() -> tuple[frozenset[str], tuple[str, ...]]:
    """The known hallucinations as (whole texts, beginnings), from models/asr_hallucinations.txt."""
    whole, beginnings = set(), []
    for entry in word_list(HALLUCINATIONS_FILE):
        if entry.endswith(("...", "…")):
            beginnings.append(_hallucination_key(entry.rstrip(".…")) + " ")
        else:
            whole.add(_hallucination_key(entry))
    return frozenset(whole), tuple(beginnings)


def is_hallucination(text: str) -> bool:
    """Whether a segment's whole text is a known speech-recognition hallucination ("Sous-titres réalisés par…").

    Examples:
        >>> is_hallucination("Sous-titres réalisés par la communauté d'Amara.org"), is_hallucination("Merci.")
        (True, False)
    """
    key = _hallucination_key(text)
    whole, beginnings = _hallucination_matchers()
    return bool(key) and (key in whole or (key + " ").startswith(beginnings))


def _drop_hallucinations(segments: list[_Segment], source: str, warnings: list[str]) -> tuple[list[_Segment], int]:
    kept: list[_Segment] = []
    dropped: list[_Segment] = []
    for segment in segments:
        (dropped if is_hallucination(segment.full_text) else kept).append(segment)
    if dropped:
        shown = Notice("read.hallucination_shown", place=dropped[0].place, text=dropped[0].full_text)
        for segment in dropped[1:_SHOWN_HALLUCINATIONS]:
            shown = Notice("read.hallucination_next", shown=shown, place=segment.place, text=segment.full_text)
        if len(dropped) > _SHOWN_HALLUCINATIONS:
            shown = Notice("read.hallucinations_more", shown=shown)
        warnings.append(Notice("read.whisper_hallucinations_dropped", source=source, count=len(dropped), shown=shown))
    return kept, len(dropped)


# --- JSON ---


def _load(data: bytes, source: str) -> tuple[dict[str, Any], list[_Segment]]:
    """The JSON document and its segments, checked."""
    offset = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
    try:
        text = data[offset:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(source, Notice("error.json_not_utf8"), place=Notice("place.byte", byte=exc.start + offset)) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        # The place says where: "Unterminated string starting at" loses its dangling words.
        message = exc.msg.removesuffix(" at").removesuffix(" starting")
        raise InputError(source, Notice("error.json_invalid", reason=message), place=Notice("place.line_column", line=exc.lineno, column=exc.colno)) from None
    except RecursionError:
        raise InputError(source, Notice("error.json_too_deep")) from None
    except ValueError:  # an integer longer than Python reads (4,300 digits)
        raise InputError(source, Notice("error.json_number_too_long")) from None
    if not isinstance(document, dict) or not isinstance(document.get("segments"), list):
        raise NotATranscriptError(source, Notice("error.json_not_whisper"))
    return document, [_segment(raw, index, source) for index, raw in enumerate(document["segments"])]


def _segment(raw: object, index: int, source: str) -> _Segment:
    place = Notice("place.segment", index=index)
    words = _object(raw, "segment", source, place).get("words")
    if words is not None and not isinstance(words, list):
        raise InputError(source, Notice("error.json_words_not_a_list", found=_json_type(words)), place=place)
    fields = _timed_text(raw, "text", source, place)
    return _Segment(index=index, **fields, words=tuple(_word(word, number, source, place) for number, word in enumerate(words or ())))


def _word(raw: object, index: int, source: str, segment_place: str) -> _Word:
    try:
        return _Word(index=index, **_timed_text(_object(raw, "word", source, segment_place), "word", source, segment_place))
    except InputError as error:
        # The word's place is only written when it is wrong: a file holds thousands of words.
        raise InputError(source, error.message, place=Notice("place.within_segment", segment=segment_place, part=Notice("place.word", index=index))) from None


def _object(raw: object, what: str, source: str, place: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        named = Notice("term.segment") if what == "segment" else Notice("term.word")
        raise InputError(source, Notice("error.json_not_an_object", what=named, found=_json_type(raw)), place=place)
    return raw


def _timed_text(raw: dict[str, Any], text_key: str, source: str, place: str) -> dict[str, Any]:
    """The text, times and speaker of a segment or a word, each checked."""
    return {
        "text": _field(raw, text_key, _is_text, source, place) or "",
        "start": _field(raw, "start", _is_seconds, source, place),
        "end": _field(raw, "end", _is_seconds, source, place),
        "speaker": _speaker(raw, source, place),
    }


def _field(raw: dict[str, Any], key: str, valid: Callable[[object], bool], source: str, place: str) -> Any:
    """A field of a segment or word: None when absent or null, else checked."""
    value = raw.get(key)
    if value is None:
        return None
    if not valid(value):
        expected = Notice("term.seconds") if valid is _is_seconds else Notice("term.a_string")
        raise InputError(source, Notice("error.json_bad_field", key=key, expected=expected, found=json.dumps(value, ensure_ascii=False)[:40]), place=place)
    return value


def _speaker(raw: dict[str, Any], source: str, place: str) -> str | None:
    """The speaker label; None when absent or blank."""
    return (_field(raw, "speaker", _is_text, source, place) or "").strip() or None


def _is_text(value: object) -> bool:
    return isinstance(value, str)


def _is_seconds(value: object) -> bool:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    # Times run from 0; an integer too large for a float (1e400 written out) is no time either.
    return 0 <= value <= _LONGEST if isinstance(value, int) else math.isfinite(value) and value >= 0


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return Notice("term.a_boolean")
    if isinstance(value, (int, float)):
        return Notice("term.a_number")
    if isinstance(value, str):
        return Notice("term.a_string")
    if isinstance(value, list):
        return Notice("term.a_list")
    return Notice("term.an_object") if isinstance(value, dict) else type(value).__name__
