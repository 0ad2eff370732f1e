"""SubRip subtitles (.srt): timed cues, speakers from a 'Nom :' or '[SPEAKER_00]:' prefix."""

from __future__ import annotations

import bisect
import re
from datetime import timedelta
from typing import TYPE_CHECKING

import srt

from analyser.domain import Transcript
from analyser.errors import InputError
from analyser.messages import Notice
from analyser.read._cues import Cue, TimingSyntax, cue_transcript, split_speaker_lines
from analyser.read._encoding import decode_bytes
from analyser.read._speaker_prefix import SpeakerLabels

if TYPE_CHECKING:
    from analyser.read.registry import ReadOptions

_OTHER_LINE_BREAKS = re.compile(r"\r\n?")
# The timing line as the srt package matches it, to find each cue's place in the text.
_TIMING_ANYWHERE = re.compile(rf"{srt.RGX_TIMESTAMP} *-[ -] *> *{srt.RGX_TIMESTAMP}")
# What a timing line must be: the package also takes "00:00:0x,000" as 0 s followed by "x,000".
_SYNTAX = TimingSyntax.of(
    time=r"\d+:[0-5]?\d:[0-5]?\d(?:[,.:](\d{1,3}))?", arrow="-[ -][ \t]*>", expected="hh:mm:ss,mmm --> hh:mm:ss,mmm", timelike=r"^[ \t]*\d+:\d+:\d"
)
# After a blank line in a cue's text, a line holding a lone number is the next cue's, left without its timing line.
_LONE_NUMBER = re.compile(r"\s*(\d+)[ \t]*")
# The srt package's pattern takes cubic time on a long run of digits outside a cue's text (1,000 digits: 6 s; 2,000: 45 s);
# no subtitle holds a number that long.
_LONG_NUMBER = re.compile(r"[0-9]{25,}")
# Formatting: <i>, <b>, <u>, <s>, <font color=…>, and ASS overrides such as {\an8}. A tag stops at the next "<"
# (and an override at the next "{"): else every unclosed "<i " would be matched to the end of the text, in quadratic time.
_FORMATTING = re.compile(r"</?(?:i|b|u|s|font)(?:\s[^<>]*)?>|\{\\[^{}]*\}", re.IGNORECASE)


def read_srt(data: bytes, *, source: str, session_id: str, options: ReadOptions | None = None) -> Transcript:
    """Read a SubRip subtitle file.

    Each cue gives its time range, to the millisecond. A line opening with a speaker label
    ("Thérapeute : …", "[SPEAKER_00]: …") or a dialogue dash ("- Oui.") starts a new
    utterance; a cue or line without a label continues the previous speaker. When one cue
    holds several speakers, its time is shared between them in proportion to their number of
    characters: an estimate, since the cue says no more. Formatting tags are removed.

    Raises:
        InputError: the file is empty, or a cue or timing line is malformed (naming its line).
    """
    decoded = decode_bytes(data, source)
    text = _OTHER_LINE_BREAKS.sub("\n", decoded.text)
    if not text.strip():
        raise InputError(source, Notice("error.srt_empty"), place=Notice("place.line", line=1))
    line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
    if digits := _LONG_NUMBER.search(text):
        where = Notice("place.line", line=_line_number(line_starts, digits.start()))
        raise InputError(source, Notice("error.srt_long_number", digits=len(digits.group())), place=where)
    labels = SpeakerLabels()
    cues: list[Cue] = []
    cursor = 0
    for number, subtitle in enumerate(_parse(text, source, line_starts), start=1):
        first, line_start, line_end = _locate(text, cursor)
        start, end = _cue_times(subtitle, text[line_start:line_end], source, _line_number(line_starts, line_start))
        content_start = line_end + 1
        cursor = min(len(text), content_start + len(subtitle.content))
        if stray := _stray_cue_number(subtitle.content):
            offset, cue_number = stray
            where = Notice("place.line", line=_line_number(line_starts, content_start + offset))
            raise InputError(source, Notice("error.srt_cue_number_without_timing", number=cue_number, expected=_SYNTAX.expected), place=where)
        place = Notice("place.cue", cue=subtitle.index if subtitle.index is not None else number)
        content = _FORMATTING.sub("", subtitle.content)
        cues.append(Cue(start, end, _line_number(line_starts, first), place, split_speaker_lines(content, labels)))
    metadata = {"format": "srt", "encoding": decoded.encoding}
    return cue_transcript(cues, source=source, session_id=session_id, format_name="SubRip", metadata=metadata, warnings=list(decoded.warnings))


def _parse(text: str, source: str, line_starts: list[int]) -> list[srt.Subtitle]:
    subtitles: list[srt.Subtitle] = []
    try:
        for subtitle in srt.parse(text):
            subtitles.append(subtitle)  # noqa: PERF402 - one by one, to count the cues read before an error
    except srt.SRTParseError as exc:
        raise _unmatched_error(exc, source, line_starts) from None
    except (ValueError, OverflowError) as exc:  # a timestamp the package matched but could not convert
        place = Notice("place.cue_counted", cue=len(subtitles) + 1)
        raise InputError(source, Notice("error.srt_unreadable_cue", reason=str(exc)), place=place) from None
    return subtitles


def _stray_cue_number(content: str) -> tuple[int, str] | None:
    """(offset, number) of a lone number after a blank line of a cue's text, blank lines and spaces between allowed.

    Read line by line: a regular expression spanning the blank lines took quadratic time on thousands of them.
    """
    offset = 0
    after_blank = False  # a blank line, then only white space, since
    for index, line in enumerate(content.split("\n")):
        if after_blank and (number := _LONE_NUMBER.fullmatch(line)):
            return offset + number.start(1), number[1]
        if index > 0 and not line.strip(" \t"):
            after_blank = True
        elif line.strip():
            after_blank = False
        offset += len(line) + 1
    return None


def _unmatched_error(exc: srt.SRTParseError, source: str, line_starts: list[int]) -> InputError:
    """The error for text the package could not read as cues, naming its first line."""
    chunk = exc.unmatched_content
    offset = exc.expected_start + len(chunk) - len(chunk.lstrip())
    first_line = _line_number(line_starts, offset)
    lines = chunk.strip().split("\n")
    # Usually a cue number then a timing line the package could not read.
    for shift, line in enumerate(lines[:2]):
        if _SYNTAX.meant_as_timing(line):
            return _SYNTAX.malformed(line, source=source, place=Notice("place.line", line=first_line + shift))
    found = lines[0].strip()[:60]
    return InputError(source, Notice("error.srt_not_a_cue", found=found), place=Notice("place.line", line=first_line))


def _locate(text: str, cursor: int) -> tuple[int, int, int]:
    """Where the cue after `cursor` starts (its number, else its timing line), and its timing line's bounds.

    The srt package gives no positions; it reads cues one after another, so the next timing
    line after the previous cue's text is this cue's.
    """
    timing = _TIMING_ANYWHERE.search(text, cursor)
    at = timing.start() if timing else cursor  # always found: the package matched a timing line here
    line_start = text.rfind("\n", 0, at) + 1
    line_end = len(text) if (found := text.find("\n", at)) < 0 else found
    lead = text[cursor:line_start]
    first = cursor + len(lead) - len(lead.lstrip()) if lead.strip() else line_start
    return first, line_start, line_end


def _cue_times(subtitle: srt.Subtitle, timing_line: str, source: str, line: int) -> tuple[float, float]:
    match = _SYNTAX.line.match(timing_line)
    if match is None:
        raise _SYNTAX.malformed(timing_line, source=source, place=Notice("place.line", line=line))
    return _seconds(subtitle.start, match[1]), _seconds(subtitle.end, match[2])


def _seconds(delta: timedelta, fraction: str | None) -> float:
    """Seconds of a cue time: the package reads "00:00:01,5" as 1.005 s, where a short fraction means 1.5 s."""
    if not fraction or len(fraction) == 3:
        return delta.total_seconds()
    milliseconds = int(fraction)
    return (delta - timedelta(milliseconds=milliseconds)).total_seconds() + milliseconds / 10 ** len(fraction)


def _line_number(line_starts: list[int], offset: int) -> int:
    return bisect.bisect_right(line_starts, offset)
