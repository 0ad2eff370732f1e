"""The analysed session and the options of an analysis: the types every later layer reads, and the sessions of a stream of results; no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from analyser.domain import CodedUtterance, Transcript
from analyser.errors import InputError
from analyser.profile.session import SessionProfile
from analyser.read.registry import ReadOptions


@dataclass(frozen=True, slots=True)
class AnalysisOptions:
    """What the user said about the inputs."""

    therapist_labels: tuple[str, ...] = ()
    client_labels: tuple[str, ...] = ()
    input_format: str | None = None
    other_labels: tuple[str, ...] = ()
    read_options: ReadOptions = field(default_factory=ReadOptions)
    # Pseudonymise what is written out (names, e-mails, phones); the figures are measured on the original text.
    redact: bool = False
    # `--target WORDS`: the behaviour client talk is about; None infers it from each session.
    target: str | None = None


# The options of an analysis that says nothing about its inputs.
DEFAULT_OPTIONS = AnalysisOptions()


@dataclass(frozen=True, slots=True)
class SessionAnalysis:
    """One analysed session: the transcript, its coded utterances and its profile."""

    transcript: Transcript
    utterances: tuple[CodedUtterance, ...]
    profile: SessionProfile
    # Where the file sits among a batch's inputs (JSON Lines and `rapport merge` order by it); not part of the profile.
    input_index: int | None = None

    def to_dict(self) -> dict[str, Any]:
        transcript = self.transcript
        return {
            "session_id": transcript.session_id,
            "source": transcript.source,
            "format": transcript.metadata.get("format"),
            "encoding": transcript.metadata.get("encoding"),
            # What else the reader noted: a CSV's delimiter, Whisper's language and dropped hallucinations…
            "reader": {key: value for key, value in transcript.metadata.items() if key not in ("format", "encoding")},
            "roles": transcript.roles,
            "role_source": dict(transcript.role_source),
            "warnings": list(transcript.warnings),
            "profile": self.profile.to_dict(),
            "utterances": [coded.to_dict() for coded in self.utterances],
        }


def analyses(results: Iterable[SessionAnalysis | InputError], errors: list[InputError]) -> Iterator[SessionAnalysis]:
    """The analysed sessions of a stream of results, as they come; the inputs that failed are added to `errors`.

    A generator, so that a batch streams through: `errors` is complete once the sessions are all taken.
    """
    for result in results:
        if isinstance(result, InputError):
            errors.append(result)
        else:
            yield result
