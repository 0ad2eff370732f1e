"""Talk time, overlap and interruptions from utterance times.

Time rules:
- "start_end": every timed utterance has a start and an end.
- "next_start": some utterances have only a start; such an utterance ends where the next
  timed utterance starts, and the last one, with nothing after it, is not timed.
- "none": the transcript has no times.

Talk time of a speaker is the time when that speaker alone is speaking. Two kinds of
overlap never count as talk time and go to each speaker's overlap instead:
- marked overlap: a stretch the file marks as several speakers at once (a Transcriber turn
  `speaker="spk1 spk2"`); its utterances carry `overlap=True` and the transcript lists the
  stretch in `overlaps`, with every speaker of it, even one whose part holds no text;
- unmarked overlap: times of different speakers' utterances that cross (ELAN tiers,
  diarized speech).
When a file marks overlaps and its single-speaker turns do not cross, a speaker's talk time
is the sum of the durations of their single-speaker turns that hold text.

An interruption is a speaker starting while another is still speaking: an utterance that
starts strictly inside another speaker's utterance, or a marked overlap joined by a speaker
while the speaker before it is still talking. It is counted for the speaker who starts.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

from analyser.domain import OverlapSpan, Utterance

START_END = "start_end"
NEXT_START = "next_start"
NO_TIMES = "none"

Interval = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Timing:
    """Seconds and interruptions per speaker, under a named rule; empty maps when the rule is "none"."""

    rule: str
    talk_time: dict[str, float]
    overlap: dict[str, float]
    interruptions: dict[str, int]
    intervals: tuple[Interval | None, ...]  # per utterance, in order


def utterance_intervals(utterances: tuple[Utterance, ...]) -> tuple[str, tuple[Interval | None, ...]]:
    """The time rule and each utterance's (start, end), or None when it cannot be timed."""
    starts = [u.start for u in utterances]
    if all(start is None for start in starts):
        return NO_TIMES, tuple(None for _ in utterances)
    rule = START_END if all(u.end is not None for u in utterances if u.start is not None) else NEXT_START
    intervals: list[Interval | None] = []
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


def measure_timing(utterances: tuple[Utterance, ...], overlaps: tuple[OverlapSpan, ...] = ()) -> Timing:
    """Talk time, overlap and interruptions per speaker.

    Args:
        utterances: the transcript's utterances, in order.
        overlaps: the stretches the file marks as overlapping speech (`Transcript.overlaps`).
    """
    rule, intervals = utterance_intervals(utterances)
    if rule == NO_TIMES:
        return Timing(rule, {}, {}, {}, intervals)
    speakers = dict.fromkeys(u.speaker for u in utterances)
    talk = {speaker: 0.0 for speaker in speakers}
    overlap = dict(talk)
    single = [
        (utterance.speaker, interval)
        for utterance, interval in zip(utterances, intervals, strict=True)
        if interval and interval[1] > interval[0] and not utterance.overlap
    ]
    _sweep(single, talk, overlap)
    for span in overlaps:
        for speaker in span.speakers:
            if speaker in overlap:
                overlap[speaker] += max(0.0, span.end - span.start)
    interruptions = dict.fromkeys(speakers, 0)
    for speaker in _interrupting_speakers(single, overlaps):
        if speaker in interruptions:
            interruptions[speaker] += 1
    return Timing(rule, talk, overlap, interruptions, intervals)


def _sweep(single: list[tuple[str, Interval]], talk: dict[str, float], overlap: dict[str, float]) -> None:
    """Split single-speaker intervals into time spoken alone (talk) and time spoken together (overlap)."""
    events: list[tuple[float, int, str]] = []
    for speaker, (start, end) in single:
        events.append((start, 1, speaker))
        events.append((end, -1, speaker))
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


def _interrupting_speakers(single: list[tuple[str, Interval]], overlaps: tuple[OverlapSpan, ...]) -> list[str]:
    """The speaker who starts, once for each interruption."""
    # What holds the floor, in time order: (start, end, speakers, marked).
    floor = sorted(
        [(start, end, frozenset([speaker]), False) for speaker, (start, end) in single]
        + [(span.start, span.end, frozenset(span.speakers), True) for span in overlaps],
        key=lambda item: (item[0], item[1]),
    )
    starters: list[str] = []
    latest_end: dict[str, float] = {}  # speaker -> latest end of their single-speaker utterances started before
    previous: tuple[float, float, frozenset[str], bool] | None = None  # the last item started before
    for start, same_start in itertools.groupby(floor, key=lambda item: item[0]):
        group = list(same_start)
        for _, _, speakers, marked in group:
            if marked:
                # Joining a marked overlap while the one who spoke just before is still talking.
                if previous is not None and previous[1] >= start and previous[2] & speakers:
                    starters.extend(sorted(speakers - previous[2]))
            else:
                (speaker,) = speakers
                if any(end > start for other, end in latest_end.items() if other != speaker):
                    starters.append(speaker)
        for _, end, speakers, marked in group:
            if not marked:
                (speaker,) = speakers
                latest_end[speaker] = max(end, latest_end.get(speaker, end))
        previous = group[-1]
    return starters
