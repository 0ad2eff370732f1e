"""Talk time and overlap from utterance times.

Time rules:
- "start_end": every timed utterance has a start and an end.
- "next_start": some utterances have only a start; such an utterance ends where the next
  timed utterance starts, and the last one, with nothing after it, is not timed.
- "none": the transcript has no times.

Talk time of a speaker is the time when that speaker alone is speaking; time when two or
more speakers speak at once goes to each one's overlap, not to their talk time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .model import Utterance

START_END = "start_end"
NEXT_START = "next_start"
NO_TIMES = "none"


@dataclass(frozen=True, slots=True)
class Timing:
    """Seconds per speaker, under a named rule; empty maps when the rule is "none"."""

    rule: str
    talk_time: dict[str, float]
    overlap: dict[str, float]
    intervals: tuple[tuple[float, float] | None, ...]  # per utterance, in order


def utterance_intervals(utterances: tuple[Utterance, ...]) -> tuple[str, tuple[tuple[float, float] | None, ...]]:
    """The time rule and each utterance's (start, end), or None when it cannot be timed."""
    starts = [u.start for u in utterances]
    if all(start is None for start in starts):
        return NO_TIMES, tuple(None for _ in utterances)
    rule = START_END if all(u.end is not None for u in utterances if u.start is not None) else NEXT_START
    intervals: list[tuple[float, float] | None] = []
    for position, utterance in enumerate(utterances):
        if utterance.start is None:
            intervals.append(None)
            continue
        end = utterance.end
        if end is None:
            end = next((later for later in starts[position + 1:] if later is not None), None)
        # A time that goes backwards gives no talk time rather than a negative one.
        intervals.append(None if end is None else (utterance.start, max(utterance.start, end)))
    return rule, tuple(intervals)


def measure_timing(utterances: tuple[Utterance, ...]) -> Timing:
    """Talk time and overlap per speaker, by sweeping over the utterances' intervals."""
    rule, intervals = utterance_intervals(utterances)
    if rule == NO_TIMES:
        return Timing(rule, {}, {}, intervals)
    talk = {utterance.speaker: 0.0 for utterance in utterances}
    overlap = dict(talk)
    events: list[tuple[float, int, str]] = []
    for utterance, interval in zip(utterances, intervals, strict=True):
        if interval and interval[1] > interval[0]:
            events.append((interval[0], 1, utterance.speaker))
            events.append((interval[1], -1, utterance.speaker))
    events.sort(key=lambda event: (event[0], event[1]))
    active: dict[str, int] = defaultdict(int)
    previous_time: float | None = None
    for time, change, speaker in events:
        if previous_time is not None and time > previous_time:
            speaking = [s for s, count in active.items() if count > 0]
            span = time - previous_time
            if len(speaking) == 1:
                talk[speaking[0]] += span
            else:
                for s in speaking:
                    overlap[s] += span
        active[speaker] += change
        previous_time = time
    return Timing(rule, talk, overlap, intervals)
