"""Subtitle cues (SubRip, WebVTT): a cue's text split into speaker parts, and the cue's time shared between them."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from analyser.domain import UNKNOWN_SPEAKER, Transcript
from analyser.errors import InputError
from analyser.messages import Notice
from analyser.read._builder import Draft, build_transcript, clean_text
from analyser.read._speaker_prefix import SpeakerLabels
from analyser.textnorm import HORIZONTAL_SPACES

# A dialogue dash opening a line: "- Oui.", "– Non." (not a negative number: "-5 degrés").
_DIALOGUE_DASH = re.compile(rf"^[-\u2010\u2013\u2014](?!\d)[{HORIZONTAL_SPACES}]*")


@dataclass(slots=True)
class CuePart:
    """What one speaker says in a cue; `speaker` is None when the cue does not say who."""

    speaker: str | None
    text: str
    dash: bool = False  # opened by a dialogue dash, which marks a change of speaker


@dataclass(slots=True)
class Cue:
    """A subtitle cue as read: its times, where it is, and its text split into speaker parts."""

    start: float
    end: float
    line: int
    place: str
    parts: list[CuePart] = field(default_factory=list)


def strip_dialogue_dash(line: str) -> str:
    """The line without its opening dialogue dash and surrounding spaces."""
    line = line.strip(HORIZONTAL_SPACES)
    dash = _DIALOGUE_DASH.match(line)
    return line[dash.end():] if dash else line


def split_speaker_lines(text: str, labels: SpeakerLabels) -> list[CuePart]:
    """Split a cue's text (tags already removed) into parts, one per speaker label or dialogue dash.

    A line opening with a label ("Thérapeute : …", "- Cliente : …") or with a dash starts a
    new part; any other line continues the part before it.
    """
    parts: list[CuePart] = []
    for raw in text.split("\n"):
        line = raw.strip(HORIZONTAL_SPACES)
        if not line:
            continue
        dash = _DIALOGUE_DASH.match(line)
        body = line[dash.end():] if dash else line
        labelled = labels.split(body)
        if labelled is not None:
            parts.append(CuePart(labelled[0], labelled[1], dash=dash is not None))
        elif dash is not None or not parts:
            parts.append(CuePart(None, body, dash=dash is not None))
        else:
            parts[-1].text += "\n" + body
    return parts


def share_time(start: float, end: float, texts: list[str]) -> list[tuple[float, float]]:
    """Consecutive (start, end) slices of a cue's time, in proportion to each text's characters.

    An estimate: a cue gives one time range for all its speakers and says no more. When no
    text holds any character, the slices are equal.
    """
    weights = [len(clean_text(text)) for text in texts]
    if not any(weights):
        weights = [1] * len(texts)
    total = sum(weights)
    bounds = [start]
    done = 0
    for weight in weights:
        done += weight
        bounds.append(start + (end - start) * done / total)
    bounds[-1] = end  # exactly the cue's end, whatever the float arithmetic gave
    return list(itertools.pairwise(bounds))


def cue_drafts(cues: list[Cue], *, source: str, format_name: str) -> tuple[list[Draft], list[str]]:
    """Drafts for the cues, in order, with speakers resolved and times shared; and the warnings.

    A part without a speaker continues the previous speaker (subtitles often label only
    changes). A file without any speaker gives every part to "inconnu", with one warning.
    """
    labelled = any(part.speaker is not None for cue in cues for part in cue.parts)
    warnings: list[str] = []
    if not labelled and any(cue.parts for cue in cues):
        warnings.append(Notice("read.cues_without_speakers", source=source, format=format_name, speaker=UNKNOWN_SPEAKER))
    drafts: list[Draft] = []
    current: str | None = None
    for cue in cues:
        if not cue.parts:
            drafts.append(Draft(current or UNKNOWN_SPEAKER, "", cue.start, cue.end, line=cue.line, place=cue.place))
            continue
        times = share_time(cue.start, cue.end, [part.text for part in cue.parts])
        for position, (part, (start, end)) in enumerate(zip(cue.parts, times, strict=True)):
            if part.speaker is not None:
                current = part.speaker
            elif labelled and current is None:
                warnings.append(Notice("read.cue_before_any_speaker", source=source, place=cue.place, speaker=UNKNOWN_SPEAKER))
            elif labelled and part.dash and position > 0:
                warnings.append(Notice("read.dialogue_line_previous_speaker", source=source, place=cue.place, speaker=current))
            drafts.append(Draft(current or UNKNOWN_SPEAKER, part.text, start, end, line=cue.line, place=cue.place))
    return drafts, warnings


def cue_transcript(
    cues: list[Cue], *, source: str, session_id: str, format_name: str, metadata: dict[str, str], warnings: list[str]
) -> Transcript:
    """The transcript of a subtitle file's cues; `warnings` are the reader's, before those of the cues."""
    drafts, cue_warnings = cue_drafts(cues, source=source, format_name=format_name)
    return build_transcript(drafts, source=source, session_id=session_id, metadata=metadata, warnings=[*warnings, *cue_warnings])


@dataclass(frozen=True, slots=True)
class TimingSyntax:
    """How a subtitle format writes its timing lines ("start --> end", then settings), and the error for one written otherwise."""

    line: re.Pattern[str]  # a whole timing line; its groups are the two times' groups
    expected: str  # "hh:mm:ss,mmm --> hh:mm:ss,mmm"
    timelike: re.Pattern[str]  # a line opening with a time is meant as a timing line even when its arrow is wrong ("->")

    @classmethod
    def of(cls, *, time: str, arrow: str, expected: str, timelike: str) -> TimingSyntax:
        line = re.compile(rf"^[ \t]*{time}[ \t]*{arrow}[ \t]*{time}(?:[ \t]+.*)?$")
        return cls(line, expected, re.compile(timelike))

    def meant_as_timing(self, line: str) -> bool:
        return "-->" in line or self.timelike.match(line) is not None

    def malformed(self, line: str, *, source: str, place: str) -> InputError:
        return InputError(source, Notice("error.malformed_timing_line", found=line.strip(), expected=self.expected), place=place)
