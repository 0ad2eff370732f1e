"""Domain values: a transcript and its utterances, as read from a file."""

from __future__ import annotations

import copyreg
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from analyser.textnorm import normalise_for_analysis

Role = Literal["therapist", "client", "other"]
ROLES: tuple[Role, ...] = ("therapist", "client", "other")

RoleSource = Literal["label", "option", "heuristic"]


def read_only(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only view of a copy of `mapping`."""
    return MappingProxyType(dict(mapping))


# Values hold read-only mappings and travel between processes (--jobs, --dask): pickle them as the dicts they wrap.
copyreg.pickle(MappingProxyType, lambda mapping: (read_only, (dict(mapping),)))

# The speaker of speech whose speaker the file does not say; its role is "other" (models/speaker_roles.tsv).
UNKNOWN_SPEAKER = "inconnu"


@dataclass(frozen=True, slots=True)
class Utterance:
    """One speaker's line, as the transcript gives it.

    `text` is the original text, kept for display; `analysis_text` is the same text with
    typographic apostrophes and no-break spaces normalised, character for character, so
    that offsets found in one are valid in the other.
    """

    index: int
    speaker: str
    role: Role
    text: str
    start: float | None = None
    end: float | None = None
    source_line: int | None = None
    place: str | None = None  # where the file holds it, when not a line: "cue 12", "row 4", "table 1, row 3"
    overlap: bool = False  # spoken over another speaker, as the file marks it (Transcriber overlap turns)

    @property
    def location(self) -> str | None:
        """Where the utterance is in its file, for messages: "line 12", "cue 3"."""
        if self.place:
            return self.place
        return None if self.source_line is None else f"line {self.source_line}"

    @property
    def analysis_text(self) -> str:
        return normalise_for_analysis(self.text)

    @property
    def duration(self) -> float | None:
        if self.start is None or self.end is None:
            return None
        return max(0.0, self.end - self.start)


@dataclass(frozen=True, slots=True)
class OverlapSpan:
    """A stretch of time that a file marks as several speakers speaking at once."""

    speakers: tuple[str, ...]
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class Transcript:
    """A session: its utterances in order, and what the reader learnt about the file."""

    session_id: str
    source: str
    utterances: tuple[Utterance, ...]
    metadata: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    warnings: tuple[str, ...] = ()
    role_source: Mapping[str, RoleSource] = field(default_factory=lambda: MappingProxyType({}))
    # Marked overlaps, including speakers whose part of the overlap holds no text (a laugh).
    overlaps: tuple[OverlapSpan, ...] = ()

    @property
    def speakers(self) -> tuple[str, ...]:
        """Speakers in order of first appearance."""
        return tuple(dict.fromkeys(u.speaker for u in self.utterances))

    @property
    def roles(self) -> dict[str, Role]:
        """Each speaker's role, in order of first appearance."""
        return {u.speaker: u.role for u in self.utterances}


@dataclass(frozen=True, slots=True)
class Marker:
    """A coded span of an utterance, with the rule that found it (its evidence)."""

    label: str
    text: str
    start_char: int
    end_char: int
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "text": self.text, "start_char": self.start_char, "end_char": self.end_char, "rule": self.rule}


@dataclass(frozen=True, slots=True)
class TargetBehaviour:
    """The behaviour a session's change talk is about (alcohol, tobacco…), and where rapport took it from.

    `source` is "option" (`--target WORDS`), "inferred" (the session's own words) or "none" (no
    target found: client talk is then read about change in general).
    """

    name: str | None
    words: tuple[str, ...] = ()
    source: Literal["option", "inferred", "none"] = "none"
    # "reduce": change is doing less of it (alcohol, tobacco); "adopt": change is doing it (medication, exercise).
    direction: Literal["reduce", "adopt"] = "reduce"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "words": list(self.words), "source": self.source, "direction": self.direction}


NO_TARGET = TargetBehaviour(None)

# The codes of an utterance no supervisor corrected: one shared empty mapping.
_UNCORRECTED: Mapping[str, str | None] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class CodedUtterance:
    """An utterance with what the analysis found in it."""

    utterance: Utterance
    words: int
    question: str | None = None  # open | closed
    reflection: str | None = None  # simple | complex
    markers: tuple[Marker, ...] = field(default=())
    input: str | None = None  # therapist: information | advice | negotiation | options (labels.INPUT_KINDS)
    client_talk: str | None = None  # client: change | sustain | neutral (labels.CLIENT_TALK_KINDS)
    # Code -> rapport's own value, for each code a supervisor corrected (rapport --corrections); the fields above hold theirs.
    corrected_from: Mapping[str, str | None] = field(default_factory=lambda: _UNCORRECTED)

    def to_dict(self) -> dict[str, Any]:
        u = self.utterance
        return {
            "index": u.index,
            "source_line": u.source_line,
            "place": u.place,
            "speaker": u.speaker,
            "role": u.role,
            "start": u.start,
            "end": u.end,
            "overlap": u.overlap,
            "text": u.text,
            "question": self.question,
            "reflection": self.reflection,
            "input": self.input,
            "client_talk": self.client_talk,
            # Only in a corrected utterance, so that an analysis without corrections writes what it always wrote.
            **({"corrected_from": dict(self.corrected_from)} if self.corrected_from else {}),
            "markers": [marker.to_dict() for marker in self.markers],
        }

    def count(self, label: str) -> int:
        """How many markers of `label` this utterance holds."""
        return sum(1 for marker in self.markers if marker.label == label)
