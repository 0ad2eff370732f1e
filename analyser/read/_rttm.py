"""pyannote RTTM diarization files: who speaks when, to give speakers to Whisper output."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from analyser.errors import InputError
from analyser.messages import Notice
from analyser.read._encoding import read_utf8_file


@dataclass(frozen=True, slots=True)
class RttmTurn:
    """One diarization turn: a speaker's stretch of time in one recording."""

    file_id: str
    speaker: str
    start: float
    end: float

    @property
    def middle(self) -> float:
        """The turn's mid-point, in seconds."""
        return (self.start + self.end) / 2


def read_rttm(path: str) -> tuple[RttmTurn, ...]:
    """Read the SPEAKER lines of an RTTM file, in file order.

    Field 4 is the onset and field 5 the duration, both in seconds. Blank lines and lines of
    other types (SPKR-INFO, LEXEME...) are skipped.

    Raises:
        InputError: the file cannot be read, or a SPEAKER line is malformed (too few fields,
            a time that is not a number, a negative onset or duration); names the file and the line.
    """
    text = read_utf8_file(
        path, cannot_read=lambda exc: Notice("error.cannot_read_rttm", reason=exc.strerror or str(exc)), not_utf8=Notice("error.rttm_not_utf8")
    )
    turns = []
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if fields and fields[0] == "SPEAKER":
            turns.append(_speaker_turn(fields, path, number))
    return tuple(turns)


# SPEAKER <file-id> <channel> <onset> <duration> <NA> <NA> <speaker> <NA> <NA>: the speaker is field 8.
_SPEAKER_FIELDS = 8


def _speaker_turn(fields: list[str], path: str, number: int) -> RttmTurn:
    place = Notice("place.line", line=number)
    if len(fields) < _SPEAKER_FIELDS:
        raise InputError(path, Notice("error.rttm_too_few_fields", needed=_SPEAKER_FIELDS, found=len(fields)), place=place)
    onset = _seconds(fields[3], Notice("term.onset"), path, place)
    duration = _seconds(fields[4], Notice("term.duration"), path, place)
    if not math.isfinite(onset + duration):
        raise InputError(path, Notice("error.rttm_turn_past_any_time", onset=fields[3], duration=fields[4]), place=place)
    return RttmTurn(file_id=fields[1], speaker=fields[7], start=onset, end=onset + duration)


def _seconds(raw: str, what: Notice, path: str, place: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise InputError(path, Notice("error.rttm_not_seconds", what=what, value=raw), place=place) from None
    if not math.isfinite(value) or value < 0:
        raise InputError(path, Notice("error.rttm_negative", what=what, value=raw), place=place)
    return value


def session_turns(turns: Sequence[RttmTurn], session_id: str, *, rttm_source: str) -> tuple[tuple[RttmTurn, ...], str | None]:
    """The turns of one recording, those whose file id is the session's, and a note when another id was used.

    An RTTM file about a single recording under another name is used all the same; the note
    (to be given as a warning) then names both ids.

    Raises:
        InputError: no turn has the session's file id and the file holds none or several others.
    """
    matching = tuple(t for t in turns if t.file_id == session_id)
    if matching:
        return matching, None
    file_ids = list(dict.fromkeys(t.file_id for t in turns))
    if len(file_ids) == 1:
        return tuple(turns), Notice("read.rttm_other_file_id", rttm=rttm_source, session=session_id, used=file_ids[0])
    if not file_ids:
        raise InputError(rttm_source, Notice("error.rttm_no_turns"))
    raise InputError(rttm_source, Notice("error.rttm_no_turns_for_id", session=session_id, count=len(file_ids), ids=", ".join(file_ids)))


class SpeakerTurns:
    """Diarization turns indexed by time, to say who speaks during a stretch of time.

    Looking up a word costs a binary search, not a pass over every turn of the session.
    """

    def __init__(self, turns: Iterable[RttmTurn]) -> None:
        self._turns = sorted(turns, key=lambda turn: (turn.start, turn.end))
        self._starts = [turn.start for turn in self._turns]
        self._longest = max((turn.end - turn.start for turn in self._turns), default=0.0)
        self._by_middle = sorted(self._turns, key=lambda turn: turn.middle)  # stable: equal middles stay in time order
        self._middles = [turn.middle for turn in self._by_middle]

    def __len__(self) -> int:
        return len(self._turns)

    def speaker_for(self, start: float, end: float) -> str | None:
        """The speaker of a stretch of time: whose turns overlap it most, else whose turn is nearest.

        Overlaps of one speaker's turns add up; nearest is measured between mid-points. Ties
        go to the earlier turn. None when there are no turns.

        Examples:
            >>> turns = SpeakerTurns([RttmTurn("s", "A", 0.0, 2.0), RttmTurn("s", "B", 2.0, 5.0)])
            >>> turns.speaker_for(1.5, 3.0), turns.speaker_for(6.0, 7.0)
            ('B', 'B')
        """
        overlap: dict[str, float] = {}
        # Only turns starting after `start - longest` can reach `start`.
        first, last = bisect_left(self._starts, start - self._longest), bisect_left(self._starts, end)
        for turn in self._turns[first:last]:
            shared = min(end, turn.end) - max(start, turn.start)
            if shared > 0:
                overlap[turn.speaker] = overlap.get(turn.speaker, 0.0) + shared
        if overlap:
            return max(overlap, key=lambda speaker: overlap[speaker])  # max keeps the first of equals
        middle = (start + end) / 2
        index = bisect_left(self._middles, middle)
        nearby = self._by_middle[max(0, index - 1) : index + 1]
        return min(nearby, key=lambda turn: abs(turn.middle - middle)).speaker if nearby else None
