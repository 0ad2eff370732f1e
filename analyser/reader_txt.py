"""Plain-text transcripts: one utterance per line, `SPEAKER: text`, optional leading time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from .encoding import decode_bytes
from .errors import InputError
from .model import Transcript, Utterance
from .speaker_prefix import SpeakerLabels
from .textnorm import HORIZONTAL_SPACES
from .timestamps import split_leading_time

if TYPE_CHECKING:
    from .readers import ReadOptions

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class _Pending:
    speaker: str
    parts: list[str]
    start: float | None
    end: float | None
    line: int


def read_txt(data: bytes, *, source: str, session_id: str, options: ReadOptions | None = None) -> Transcript:
    """Read a plain-text transcript.

    Blank lines are skipped and lines starting with `#` are comments. A line without a
    speaker label continues the previous utterance. Consecutive lines of one speaker stay
    separate utterances: turns are derived later, never merged here.

    Raises:
        InputError: the file is empty or holds no labelled line.
    """
    decoded = decode_bytes(data, source)
    warnings = list(decoded.warnings)
    lines = _LINE_BREAK.split(decoded.text)
    labels = SpeakerLabels()
    pending: list[_Pending] = []
    previous_start: float | None = None

    for number, raw in enumerate(lines, start=1):
        if _is_skipped(raw):
            continue
        timed = split_leading_time(raw)
        if timed.malformed:
            warnings.append(f"{source}: line {number}: malformed timestamp {timed.malformed!r} ignored, the line is kept without a time")
        labelled = labels.split(timed.rest)
        if labelled is None:
            if not pending:
                warnings.append(f"{source}: line {number}: text before the first speaker label, skipped")
                continue
            # Without a label the line is speech: a leading "12:30" belongs to the text.
            pending[-1].parts.append(raw.strip(HORIZONTAL_SPACES))
            continue
        speaker, text = labelled
        if timed.start is not None and previous_start is not None and timed.start < previous_start:
            warnings.append(f"{source}: line {number}: time goes backwards ({timed.start:g} s after {previous_start:g} s)")
        if timed.start is not None:
            previous_start = timed.start
        if timed.end is not None and timed.start is not None and timed.end < timed.start:
            warnings.append(f"{source}: line {number}: the time range ends before it starts")
        pending.append(_Pending(speaker, [text.strip(HORIZONTAL_SPACES)], timed.start, timed.end, number))

    first_text_line = next((number for number, line in enumerate(lines, start=1) if not _is_skipped(line)), None)
    if first_text_line is None:
        raise InputError(source, "empty file: no transcript text (only blank lines or comments)")
    utterances = []
    for item in pending:
        text = " ".join(part for part in item.parts if part)
        if not text:
            warnings.append(f"{source}: line {item.line}: {item.speaker} says nothing, utterance skipped")
            continue
        utterances.append(Utterance(len(utterances), item.speaker, "other", text, item.start, item.end, item.line))
    if not utterances:
        if pending:
            raise InputError(source, "every speaker label is followed by nothing", place=f"line {pending[0].line}")
        raise InputError(source, "no 'SPEAKER: text' line found", place=f"line {first_text_line}")
    return Transcript(
        session_id=session_id,
        source=source,
        utterances=tuple(utterances),
        metadata=MappingProxyType({"format": "txt", "encoding": decoded.encoding}),
        warnings=tuple(warnings),
    )


def _is_skipped(line: str) -> bool:
    """Blank lines and `#` comments."""
    stripped = line.strip(HORIZONTAL_SPACES + "\ufeff")
    return not stripped or stripped.startswith("#")
