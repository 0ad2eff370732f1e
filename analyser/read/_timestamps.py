"""Leading timestamps of transcript lines: [hh:mm:ss], [mm:ss], hh:mm:ss, (00:01:02.5), ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TIME = r"\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d+)?"
# A well-formed leading stamp, bracketed or bare, optionally a range "start - end".
_LEADING = re.compile(
    rf"""^[ \t]*
    (?P<open>[\[(])?[ \t]*
    (?P<start>{_TIME})
    (?:[ \t]*(?:-->|->|→|–|-)[ \t]*(?P<end>{_TIME}))?
    [ \t]*(?P<close>[\])])?
    (?:[ \t]+|$|(?<=[\])]))""",
    re.VERBOSE,
)
# What parse_time reads; the leading field is bounded so that the seconds stay a finite float.
_CLOCK = re.compile(r"\d{1,9}(?::\d+){1,2}(?:\.\d+)?", re.ASCII)
# Anything bracketed at the start that holds digits and a colon is meant to be a time.
_BRACKETED_TIMELIKE = re.compile(r"^[ \t]*[\[(](?P<body>[^\])]{1,40}?)[\])][ \t]*")


@dataclass(frozen=True, slots=True)
class LeadingTime:
    """The time found at the start of a line, and the rest of the line."""

    start: float | None
    end: float | None
    rest: str
    malformed: str | None = None  # the stamp as written, when it could not be read


def parse_time(value: str) -> float:
    """Seconds from "hh:mm:ss", "mm:ss", with an optional decimal part ("." or ",").

    Raises:
        ValueError: minutes or seconds out of range, or not a time.
    """
    # ASCII digits only: int() and float() would also take "-1", " 1", "1_0", "nan" and other scripts' digits.
    clock = _CLOCK.fullmatch(value.replace(",", "."))
    if clock is None:
        raise ValueError(value)
    *whole, seconds_text = clock.group().split(":")
    numbers = [int(part) for part in whole]
    seconds = float(seconds_text)
    # "75:10" is read as 75 minutes (recordings run past an hour); inner fields stay below 60.
    if seconds >= 60 or (len(numbers) == 2 and numbers[1] >= 60):
        raise ValueError(value)
    total = 0.0
    for number in numbers:
        total = total * 60 + number
    return total * 60 + seconds


def split_leading_time(line: str) -> LeadingTime:
    """Take a leading timestamp off a line.

    A bracketed group that looks like a time but cannot be read is reported as
    `malformed` and removed; the line itself is kept.
    """
    match = _LEADING.match(line)
    if match and bool(match["open"]) == bool(match["close"]):
        try:
            start = parse_time(match["start"])
            end = parse_time(match["end"]) if match["end"] else None
        except ValueError:
            return LeadingTime(None, None, line[match.end():], malformed=match.group(0).strip())
        return LeadingTime(start, end, line[match.end():])
    bracketed = _BRACKETED_TIMELIKE.match(line)
    if bracketed and ":" in bracketed["body"] and any(ch.isdigit() for ch in bracketed["body"]):
        return LeadingTime(None, None, line[bracketed.end():], malformed=bracketed.group(0).strip())
    return LeadingTime(None, None, line)

