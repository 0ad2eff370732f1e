"""Plain-text transcripts: one utterance per line, `SPEAKER: text`, optional leading time."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from types import MappingProxyType

from .encoding import decode_bytes
from .errors import InputError
from .model import Transcript, Utterance
from .resources import speaker_role_table, word_list
from .textnorm import HORIZONTAL_SPACES, fold
from .timestamps import split_leading_time

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SPACE = f"[{HORIZONTAL_SPACES}]"
# "Label: text", "Label : text" with a (narrow) no-break space, "[SPEAKER_00]: text".
_LABELLED = re.compile(rf"^{_SPACE}*(?P<label>[^\s:][^:]{{0,47}}?){_SPACE}*:{_SPACE}*(?P<text>.*)$", re.DOTALL)
# A non-verbal annotation before a label: "[rires] P : Oui." keeps speaker P.
_LEADING_ANNOTATION = re.compile(rf"^[\[(][^\])]{{1,30}}[\])]{_SPACE}*")
_NOT_IN_LABEL = set("?!;,«»\"…=/<>*")
_MAX_LABEL_WORDS = 5


@dataclass
class _Pending:
    speaker: str
    parts: list[str]
    start: float | None
    end: float | None
    line: int


def read_txt(data: bytes, *, source: str, session_id: str) -> Transcript:
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
    seen_labels: dict[str, str] = {}  # folded label -> first spelling
    pending: list[_Pending] = []
    previous_start: float | None = None

    for number, raw in enumerate(lines, start=1):
        if _is_skipped(raw):
            continue
        timed = split_leading_time(raw)
        if timed.malformed:
            warnings.append(f"{source}: line {number}: malformed timestamp {timed.malformed!r} ignored, the line is kept without a time")
        labelled = _split_label(timed.rest, seen_labels)
        if labelled is None:
            if not pending:
                warnings.append(f"{source}: line {number}: text before the first speaker label, skipped")
                continue
            # Without a label the line is speech: a leading "12:30" belongs to the text.
            pending[-1].parts.append(raw.strip(HORIZONTAL_SPACES))
            continue
        label, text = labelled
        speaker = seen_labels.setdefault(fold(label), label)
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


def _split_label(line: str, seen_labels: dict[str, str]) -> tuple[str, str] | None:
    match = _LABELLED.match(line)
    if not match:
        return None
    label, text = match["label"].strip(HORIZONTAL_SPACES), match["text"]
    annotation = _LEADING_ANNOTATION.match(label)
    if annotation and annotation.end() < len(label):
        label, text = label[annotation.end():], f"{annotation.group(0).strip(HORIZONTAL_SPACES)} {text}"
    label = label.strip("[]").strip(HORIZONTAL_SPACES)
    return (label, text) if _is_speaker_label(label, seen_labels) else None


def _is_speaker_label(label: str, seen_labels: dict[str, str]) -> bool:
    """Tell a speaker label from speech that happens to hold a colon ("Il m'a dit : non")."""
    words = label.split()
    if not words or len(words) > _MAX_LABEL_WORDS or _NOT_IN_LABEL & set(label):
        return False
    key = fold(label)
    if key in seen_labels or key in speaker_role_table():
        return True
    if key in _not_labels():
        return False
    if not any(ch.isalpha() for ch in label):
        return False  # "00" from a broken "00:7x:00" stamp
    return all(word[0].isupper() or word[0].isdigit() or word[0] == "_" for word in words)


@functools.cache
def _not_labels() -> frozenset[str]:
    return frozenset(fold(entry) for entry in word_list("not_speaker_labels.txt"))
