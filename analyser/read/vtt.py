"""WebVTT subtitles (.vtt): timed cues, speakers from <v Nom> voice tags or a 'Nom :' prefix."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from analyser.domain import Transcript
from analyser.errors import InputError
from analyser.messages import Notice
from analyser.read._cues import Cue, CuePart, TimingSyntax, cue_transcript, split_speaker_lines, strip_dialogue_dash
from analyser.read._encoding import decode_bytes
from analyser.read._speaker_prefix import SpeakerLabels

if TYPE_CHECKING:
    from analyser.read.registry import ReadOptions

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_HEADER = re.compile(r"^WEBVTT(?:[ \t].*)?$")
_SKIPPED_BLOCK = re.compile(r"^(?:NOTE|STYLE|REGION)(?:[ \t].*)?$")
# "hh:mm:ss.ttt" or "mm:ss.ttt"; a comma is taken too, as tools converting from SubRip leave it.
# Hours are bounded: more digits would not fit a float (no recording lasts 10⁹ hours).
_SYNTAX = TimingSyntax.of(
    time=r"(?:(\d{1,9}):)?([0-5]\d):([0-5]\d)[.,](\d{3})", arrow="-->", expected="hh:mm:ss.ttt --> hh:mm:ss.ttt", timelike=r"^[ \t]*(?:\d+:)?\d+:\d+[.,]\d"
)
# <v Nom>, <v.loud Nom Prénom>, and the optional </v>. Tags stop at the next "<": else every unclosed "<v " would be
# matched to the end of the text, in quadratic time.
_VOICE = re.compile(r"<v(?:\.[^\s<>]*)?(?:\s+(?P<name>[^<>]*))?>|</v>")
_RUBY_TEXT = re.compile(r"<rt>.*?(?:</rt>|(?=</ruby>)|$)", re.DOTALL)  # ruby annotations repeat the text
_TAG = re.compile(r"<[^<>]*>")
_DIRECTION_MARKS = str.maketrans("", "", "\u200e\u200f")


@dataclass(slots=True)
class _RawCue:
    timing: str
    line: int
    identifier: str | None
    payload: list[str] = field(default_factory=list)


def read_vtt(data: bytes, *, source: str, session_id: str, options: ReadOptions | None = None) -> Transcript:
    """Read a WebVTT subtitle file.

    NOTE, STYLE and REGION blocks are skipped. Each cue gives its time range, to the
    millisecond. Voice tags (`<v Thérapeute>…</v>`) name the speaker, one utterance per
    voice; text outside a voice may open with a speaker label ("Cliente : …"), else it
    continues the previous speaker. When one cue holds several speakers, its time is shared
    between them in proportion to their number of characters: an estimate, since the cue
    says no more. Other tags are removed and character references decoded.

    Raises:
        InputError: no WEBVTT header, no cue, a malformed timing line, or cue text before any
            timing line (each naming its line).
    """
    decoded = decode_bytes(data, source)
    lines = _LINE_BREAK.split(decoded.text.lstrip("\ufeff"))
    if not decoded.text.strip():
        raise InputError(source, Notice("error.vtt_empty"), place=Notice("place.line", line=1))
    if not _HEADER.match(lines[0]):
        raise InputError(source, Notice("error.vtt_no_header", found=lines[0][:40]), place=Notice("place.line", line=1))
    warnings = list(decoded.warnings)
    raw_cues = _raw_cues(lines, source, warnings)
    if not raw_cues:
        raise InputError(source, Notice("error.vtt_no_cue"), place=Notice("place.line", line=1))
    labels = SpeakerLabels()
    cues = [
        Cue(*_times(raw, source), raw.line, Notice("place.cue", cue=raw.identifier or number), _parts("\n".join(raw.payload), labels))
        for number, raw in enumerate(raw_cues, start=1)
    ]
    metadata = {"format": "vtt", "encoding": decoded.encoding}
    return cue_transcript(cues, source=source, session_id=session_id, format_name="WebVTT", metadata=metadata, warnings=warnings)


def _blocks(lines: list[str]) -> Iterator[list[tuple[int, str]]]:
    """Runs of non-blank lines, with their 1-based line numbers; the header's is the first."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _raw_cues(lines: list[str], source: str, warnings: list[str]) -> list[_RawCue]:
    cues: list[_RawCue] = []
    blocks = list(_blocks(lines))
    header, rest = blocks[0], blocks[1:]
    # A timing line right under the header, without a blank line, still starts a cue.
    arrow = next((i for i, (_, line) in enumerate(header) if _is_timing(line)), None)
    if arrow is not None:
        rest.insert(0, header[arrow:])
    for block in rest:
        first_number, first = block[0]
        if _SKIPPED_BLOCK.match(first):
            continue
        timing_at = 0 if _is_timing(first) else 1 if len(block) > 1 and _is_timing(block[1][1]) else None
        if timing_at is None:
            if not cues:
                raise InputError(source, Notice("error.vtt_text_before_timing", found=first.strip()[:60]), place=Notice("place.line", line=first_number))
            # A blank line inside a cue's text: the rest is read as part of that cue.
            warnings.append(Notice("read.vtt_text_without_timing", source=source, line=first_number))
            cues[-1].payload.extend(line for _, line in block)
            continue
        identifier = first.strip() if timing_at == 1 else None
        cue: _RawCue | None = None
        for number, line in block[timing_at:]:
            if cue is None or _is_timing(line):  # a timing line in a cue's text starts the next cue
                cue = _RawCue(line, number, identifier if cue is None else None)
                cues.append(cue)
            else:
                cue.payload.append(line)
    return cues


def _is_timing(line: str) -> bool:
    return _SYNTAX.meant_as_timing(line)


def _times(cue: _RawCue, source: str) -> tuple[float, float]:
    match = _SYNTAX.line.match(cue.timing)
    if match is None:
        raise _SYNTAX.malformed(cue.timing, source=source, place=Notice("place.line", line=cue.line))
    groups = match.groups()
    return _seconds(*groups[:4]), _seconds(*groups[4:])


def _seconds(hours: str | None, minutes: str, seconds: str, milliseconds: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(milliseconds) / 1000


def _parts(payload: str, labels: SpeakerLabels) -> list[CuePart]:
    """The cue's speaker parts: one per voice, and the text outside voices split by labels and dashes."""
    parts: list[CuePart] = []
    voice: str | None = None
    position = 0
    for match in _VOICE.finditer(payload):
        parts.extend(_segment_parts(payload[position:match.start()], voice, labels))
        voice = None if match.group(0) == "</v>" else _voice_name(match["name"])
        position = match.end()
    parts.extend(_segment_parts(payload[position:], voice, labels))
    return parts


def _segment_parts(raw: str, voice: str | None, labels: SpeakerLabels) -> list[CuePart]:
    text = _plain_text(raw)
    if voice is None:
        return split_speaker_lines(text, labels)
    said = "\n".join(strip_dialogue_dash(line) for line in text.split("\n"))
    return [CuePart(voice, said)] if said.strip() else []


def _voice_name(annotation: str | None) -> str | None:
    name = " ".join(html.unescape(annotation or "").translate(_DIRECTION_MARKS).split())
    return name or None


def _plain_text(raw: str) -> str:
    """Cue text without tags (class spans, italics, inline times, ruby annotations), references decoded."""
    return html.unescape(_TAG.sub("", _RUBY_TEXT.sub("", raw))).translate(_DIRECTION_MARKS)
