"""Plain-text transcripts: one utterance per line, `SPEAKER: text`, optional leading time."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from analyser.domain import Transcript
from analyser.errors import InputError
from analyser.messages import Notice
from analyser.read._builder import Draft, build_transcript, clean_text
from analyser.read._encoding import decode_bytes
from analyser.read._speaker_prefix import SpeakerLabels
from analyser.read._timestamps import split_leading_time
from analyser.textnorm import HORIZONTAL_SPACES

if TYPE_CHECKING:
    from analyser.read.registry import ReadOptions

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


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
    drafts: list[Draft] = []

    for number, raw in enumerate(lines, start=1):
        if _is_skipped(raw):
            continue
        timed = split_leading_time(raw)
        if timed.malformed:
            warnings.append(Notice("read.malformed_timestamp_line", source=source, line=number, value=timed.malformed))
        labelled = labels.split(timed.rest)
        if labelled is None:
            if not drafts:
                warnings.append(Notice("read.text_before_first_label", source=source, line=number))
                continue
            # Without a label the line is speech: a leading "12:30" belongs to the text.
            drafts[-1].text += " " + raw.strip(HORIZONTAL_SPACES)
            continue
        speaker, text = labelled
        drafts.append(Draft(speaker, text, timed.start, timed.end, line=number))

    first_text_line = next((number for number, line in enumerate(lines, start=1) if not _is_skipped(line)), None)
    if first_text_line is None:
        raise InputError(source, Notice("error.empty_text_file"))
    if not drafts:
        raise InputError(source, Notice("error.no_speaker_line"), place=Notice("place.line", line=first_text_line))
    if not any(clean_text(draft.text) for draft in drafts):
        raise InputError(source, Notice("error.labels_without_text"), place=Notice("place.line", line=drafts[0].line))
    metadata = {"format": "txt", "encoding": decoded.encoding}
    return build_transcript(drafts, source=source, session_id=session_id, metadata=metadata, warnings=warnings)


def _is_skipped(line: str) -> bool:
    """Blank lines and `#` comments."""
    stripped = line.strip(HORIZONTAL_SPACES + "\ufeff")
    return not stripped or stripped.startswith("#")
