"""Turn what a reader found into a `Transcript`: one place for what every format shares.

Readers collect `Draft` utterances as the file gives them; `build_transcript` collapses
white space, skips utterances without text (with a warning naming the place), rounds times
to the millisecond, warns about times that run backwards, and numbers the utterances.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from analyser.domain import OverlapSpan, Transcript, Utterance
from analyser.errors import InputError
from analyser.messages import Notice

# An hour of uninterrupted speech is under 60,000 characters; a longer "utterance" is a file whose line breaks were lost,
# and parsing it would take minutes and gigabytes.
MAX_UTTERANCE_CHARS = 60_000
_BREAKING_SPACE = re.compile(r"[ \t\n\r\f\v\u2028\u2029\x1c-\x1f\x85]+")


@dataclass(slots=True)
class Draft:
    """An utterance as a reader found it, before the checks every format shares."""

    speaker: str
    text: str
    start: float | None = None
    end: float | None = None
    line: int | None = None
    place: str | None = None
    overlap: bool = False

    @property
    def location(self) -> str:
        return self.place or (Notice("place.line", line=self.line) if self.line is not None else "?")


def clean_text(text: str) -> str:
    """Runs of spaces, tabs and line breaks as one space, and no white space at the ends.

    No-break spaces inside the text are kept: French typography puts them before "?" and
    inside guillemets, and the text is shown as written.
    """
    return _BREAKING_SPACE.sub(" ", text).strip()


def milliseconds(seconds: float | None) -> float | None:
    """Times are kept to the millisecond, so that 3.5 read from "3,5" and from "00:00:03.500" are equal."""
    return None if seconds is None else round(seconds, 3)


def build_transcript(
    drafts: Iterable[Draft],
    *,
    source: str,
    session_id: str,
    metadata: Mapping[str, Any],
    warnings: Iterable[str] = (),
    overlaps: Iterable[OverlapSpan] = (),
    skip_silently: bool = False,
) -> Transcript:
    """Check and number the drafts.

    Args:
        metadata: at least "format"; "encoding" when the reader decoded text.
        skip_silently: do not warn about utterances without text (formats where empty
            turns are ordinary, such as Transcriber's silences).

    Raises:
        InputError: no utterance holds text, or one is longer than `MAX_UTTERANCE_CHARS`.
    """
    notes = list(warnings)
    utterances: list[Utterance] = []
    previous_start: float | None = None
    for draft in drafts:
        text = clean_text(draft.text)
        if not text:
            if not skip_silently:
                notes.append(Notice("read.says_nothing", source=source, place=draft.location, speaker=draft.speaker))
            continue
        if len(text) > MAX_UTTERANCE_CHARS:
            raise InputError(source, Notice("error.utterance_too_long", length=len(text), limit=MAX_UTTERANCE_CHARS), place=draft.location)
        start, end = milliseconds(draft.start), milliseconds(draft.end)
        if start is not None and end is not None and end < start:
            notes.append(Notice("read.time_range_reversed", source=source, place=draft.location, start=start, end=end))
        if start is not None and previous_start is not None and start < previous_start and not draft.overlap:
            notes.append(Notice("read.time_backwards", source=source, place=draft.location, start=start, previous=previous_start))
        if start is not None:
            previous_start = start
        utterances.append(
            Utterance(len(utterances), draft.speaker, "other", text, start, end, draft.line, draft.place, draft.overlap)
        )
    if not utterances:
        raise InputError(source, Notice("error.no_speech"))
    return Transcript(
        session_id=session_id,
        source=source,
        utterances=tuple(utterances),
        metadata=MappingProxyType(dict(metadata)),
        warnings=tuple(notes),
        overlaps=tuple(overlaps),
    )
