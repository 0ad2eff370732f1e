"""CHAT `.cha` transcripts (CHILDES/TalkBank): participants, main tiers, time bullets, CHAT codes cleaned away."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from analyser.domain import Transcript
from analyser.errors import InputError
from analyser.messages import Notice
from analyser.read._builder import Draft, build_transcript

if TYPE_CHECKING:
    from analyser.read.registry import ReadOptions

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MAIN_TIER = re.compile(r"\*(?P<code>[^:\s]+):[ \t]*(?P<text>.*)", re.DOTALL)
_BULLET_MARK = "\x15"
_BULLET = re.compile(r"\x15([^\x15]*)\x15")
# "1234_5678" in milliseconds; old CLAN files write '%snd:"file"_1234_5678'. More than 15 digits cannot be a time
# (and would not fit a float).
_BULLET_TIMES = re.compile(r'(?:%(?:snd|mov):"[^"]*"_)?(\d{1,15})_(\d{1,15})')
_FRENCH = frozenset({"fra", "fre", "fr"})

# CHAT codes that are not speech, removed in this order (see `clean_chat`).
# [/] retracing, [: mot] replacement, [=! rit] events, [+ PI] postcodes; stopping at the next "[" keeps unclosed ones linear.
_ANNOTATION = re.compile(r"\[[^\[\]]*\]")
_PAUSE = re.compile(r"\((?:\.{1,3}|\d+(?:[.:]\d+)*)\)")  # (.) (..) (...) (1.5)
_SPECIAL_TERMINATOR = re.compile(r"\+[^\s\w]+")  # +... +/. +//? +"/. and the linkers +< ++ +, +^
_FILLER = re.compile(r"(?<!\S)&-(?=\w)")  # &-euh: a filled pause, kept as the word "euh"
_OTHER_AMPERSAND = re.compile(r"(?<!\S)&\S*")  # &=rit events, &+fr fragments, &*INV:ouais interposed words
_UNTRANSCRIBED = re.compile(r"(?<!\S)(?:xxx|yyy|www|0[^\W\d]\w*)(?!\S)")  # unintelligible, untranscribed, omitted words
_FORM_MARKER = re.compile(r"(?<=\w)@[\w:$+-]*")  # mot@s:eng, bobo@c
_SYMBOLS = re.compile(r"[<>⌈⌉⌊⌋„‡]")  # scope brackets, overlap marks, tag and vocative marks
_OMITTED_SOUNDS = re.compile(r"\(([^()\s]*)\)")  # p(ar)ce que: the word is "parce"
_DETACHED_STOP = re.compile(r"\s+([.,])(?=\s|$)")  # "changement ." -> "changement."; "?" and "!" keep their space


@dataclass
class _Tier:
    """A logical line: a header or tier with its continuation lines."""

    line: int
    parts: list[tuple[int, str]] = field(default_factory=list)  # (line number, text)

    @property
    def text(self) -> str:
        return " ".join(part for _, part in self.parts)


@dataclass
class _Header:
    """What the @ headers said so far."""

    begun: bool = False
    ended: bool = False
    participants: dict[str, str] = field(default_factory=dict)  # code -> speaker label
    languages: list[str] = field(default_factory=list)


def read_cha(data: bytes, *, source: str, session_id: str, options: ReadOptions | None = None) -> Transcript:
    """Read a CHAT transcript.

    Each main tier (`*THE:\\ttext .`, continuation lines included) is one utterance, its
    speaker the participant's name from @Participants when given, else the code; dependent
    tiers (%mor, %com…) are skipped. A time bullet (`\\x15start_end\\x15`, ms) gives the
    times. CHAT codes are removed from the text (see `clean_chat`).

    Raises:
        InputError: the file does not open with @UTF8 or @Begin, a main tier comes before
            @Begin or names a code missing from @Participants, or a time bullet is malformed.
    """
    text = _decode(data, source)
    warnings: list[str] = []
    tiers = _logical_lines(text, source, warnings)
    _check_opening(tiers, source, warnings)
    header = _Header()
    drafts: list[Draft] = []
    for tier in tiers:
        text = tier.text
        if text.startswith("@"):
            _read_header(text, header)
        elif text.startswith("*"):
            drafts.append(_main_tier(tier, header, source))
        elif not text.startswith("%"):
            warnings.append(Notice("read.chat_not_header_or_tier", source=source, line=tier.line))
    if not header.ended:
        warnings.append(Notice("read.chat_no_end", source=source))
    foreign = [code for code in header.languages if code.lower() not in _FRENCH]
    if foreign:
        warnings.append(Notice("read.chat_foreign_languages", source=source, languages=", ".join(foreign)))
    metadata = {"format": "cha", "encoding": "utf-8", "languages": list(header.languages)}
    return build_transcript(drafts, source=source, session_id=session_id, metadata=metadata, warnings=warnings)


def clean_chat(text: str) -> str:
    """The words of a CHAT main tier without its codes.

    Removed: [ ] annotations, pauses, special terminators and linkers (+... +/.), events
    (&=rit), fragments (&+fr), xxx/yyy/www, omitted words (0mot), form markers (@s), scope
    brackets < >. Fillers keep their word (&-euh -> euh), as Transcriber files write "euh".
    A "." or "," detached by CHAT's spacing is joined to its word; "?" and "!" keep the
    French space as written. Text without any letter or digit is nothing.
    """
    for pattern in (_ANNOTATION, _PAUSE, _SPECIAL_TERMINATOR):
        text = pattern.sub(" ", text)
    text = _FORM_MARKER.sub("", _FILLER.sub("", text))
    for pattern in (_OTHER_AMPERSAND, _UNTRANSCRIBED, _SYMBOLS):
        text = pattern.sub(" ", text)
    text = _OMITTED_SOUNDS.sub(r"\1", text)
    text = _DETACHED_STOP.sub(r"\1", " ".join(text.split()))
    return text if any(character.isalnum() for character in text) else ""


def _decode(data: bytes, source: str) -> str:
    """CHAT files are UTF-8. `decode_bytes` cannot be used: it takes the bullets' \x15 for binary data."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(source, Notice("error.chat_not_utf8"), place=Notice("place.line", line=line)) from None


def _logical_lines(text: str, source: str, warnings: list[str]) -> list[_Tier]:
    """Headers and tiers, each with its continuation lines (lines starting with a tab)."""
    tiers: list[_Tier] = []
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if not line.strip():
            continue
        if line.startswith("\t"):
            if tiers:
                tiers[-1].parts.append((number, line.strip()))
            else:
                warnings.append(Notice("read.chat_continuation_before_tier", source=source, line=number))
            continue
        tiers.append(_Tier(number, [(number, line.rstrip())]))
    return tiers


def _check_opening(tiers: list[_Tier], source: str, warnings: list[str]) -> None:
    if not tiers:
        raise InputError(source, Notice("error.empty_file"))
    first = tiers[0]
    if first.text.split()[0] not in ("@UTF8", "@Begin"):
        raise InputError(source, Notice("error.chat_bad_opening"), place=Notice("place.line", line=first.line))
    if first.text.split()[0] != "@UTF8":
        warnings.append(Notice("read.chat_no_utf8_header", source=source, line=first.line))


def _read_header(text: str, header: _Header) -> None:
    name, _, value = text.partition(":")
    name = name.strip()
    if name == "@Begin":
        header.begun = True
    elif name == "@End":
        header.ended = True
    elif name == "@Languages":
        header.languages = [code for code in re.split(r"[,\s]+", value) if code]
    elif name == "@Participants":
        header.participants = dict(_participant(entry.split()) for entry in value.split(",") if entry.strip())


def _participant(tokens: list[str]) -> tuple[str, str]:
    """(code, label) from "THE Thérapeute Therapist": the name when given, else the code.

    CHAT writes spaces in names as underscores ("Dr_Martin"); they are given back as spaces.
    """
    code = tokens[0]
    name = " ".join(tokens[1:-1]).replace("_", " ").strip() if len(tokens) >= 3 else ""
    return code, name or code


def _main_tier(tier: _Tier, header: _Header, source: str) -> Draft:
    place = Notice("place.line", line=tier.line)
    match = _MAIN_TIER.fullmatch(tier.text)
    if match is None:
        raise InputError(source, Notice("error.chat_bad_main_tier"), place=place)
    code = match["code"]
    if not header.begun:
        raise InputError(source, Notice("error.chat_tier_before_begin", code=code), place=place)
    if code not in header.participants:
        if header.participants:
            raise InputError(source, Notice("error.chat_unknown_code", code=code, known=", ".join(header.participants)), place=place)
        raise InputError(source, Notice("error.chat_no_participants", code=code), place=place)
    start, end = _bullet_times(tier, source)
    text = _BULLET.sub(" ", match["text"])
    return Draft(header.participants[code], clean_chat(text), start, end, line=tier.line)


def _bullet_times(tier: _Tier, source: str) -> tuple[float | None, float | None]:
    """Start of the first bullet and end of the last one, in seconds."""
    times: list[tuple[float, float]] = []
    for number, part in tier.parts:
        bullets = _BULLET.findall(part)
        if part.count(_BULLET_MARK) != 2 * len(bullets):
            raise InputError(source, Notice("error.chat_bullet_not_closed"), place=Notice("place.line", line=number))
        for content in bullets:
            found = _BULLET_TIMES.fullmatch(content.strip())
            if found is None:
                raise InputError(source, Notice("error.chat_malformed_bullet", found=content), place=Notice("place.line", line=number))
            times.append((int(found[1]) / 1000, int(found[2]) / 1000))
    if not times:
        return None, None
    return times[0][0], times[-1][1]
