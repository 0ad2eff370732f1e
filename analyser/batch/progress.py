"""A one-line progress bar on stderr for batch analysis.

    rapport [###-----------]  123/500 séances · 8 210 mots/s · reste 2 min 10 s
    rapport [###-----------]  123/500 sessions · 8,210 words/s · 2 min 10 s left    (--lang en)

Shown only when the stream is a terminal and the run is not quiet; otherwise nothing is drawn,
but `echo` still writes message lines exactly as `click.echo(line, err=True)` would.
When enabled, a 0/N bar is drawn at once, so that the wait while the model loads is visibly a wait.
The line is redrawn in place ("\\r" then clear-to-end "\\x1b[K") at most ten times a second,
always when the last session is done, and once more on close, followed by a newline.
"""

from __future__ import annotations

import math
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Self, TextIO

from analyser.messages import Notice

REDRAW_INTERVAL = 0.1  # seconds; more often only flickers and costs writes
MAX_COLUMNS = 80
MAX_BAR_WIDTH = 20
MIN_BAR_WIDTH = 4  # narrower than this, the bar says nothing: leave it out
NOT_YET = "–"  # shown where there is nothing to estimate from yet
PREFIX = "rapport "
CLEAR_TO_END = "\x1b[K"
SEPARATOR = " · "


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Where a batch stands at one moment."""

    sessions_done: int
    total_sessions: int
    bytes_done: int
    total_bytes: int
    words: int
    elapsed: float  # seconds since the progress started

    @property
    def words_per_second(self) -> float | None:
        if self.sessions_done <= 0 or self.elapsed <= 0:
            return None
        return self.words / self.elapsed

    @property
    def seconds_left(self) -> float | None:
        if self.sessions_done >= self.total_sessions:
            return 0.0
        if self.total_bytes <= 0 or self.bytes_done <= 0 or self.elapsed <= 0:
            return None
        bytes_per_second = self.bytes_done / self.elapsed
        # Sizes may change between listing and reading: never estimate below zero.
        return max(self.total_bytes - self.bytes_done, 0) / bytes_per_second

    @property
    def fraction_done(self) -> float:
        if self.total_sessions <= 0:
            return 1.0  # nothing to do is all done
        return min(self.sessions_done / self.total_sessions, 1.0)


def format_rate(words_per_second: float | None, *, lang: str = "fr") -> str:
    """"8 210 mots/s" ("8,210 words/s"); a dash before there is anything to measure."""
    rate = NOT_YET if words_per_second is None else Notice("progress.number", number=round(words_per_second)).in_lang(lang)
    return Notice("progress.rate", rate=rate).in_lang(lang)


def format_time_left(seconds: float | None, *, lang: str = "fr") -> str:
    """"reste 2 min 10 s" ("2 min 10 s left"); a dash before there is anything to estimate from."""
    return Notice("progress.left", time=_clock(seconds)).in_lang(lang)


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return NOT_YET
    # Rounded up, so that "0 s left" only shows when nothing is left.
    whole = math.ceil(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60:02d} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


def bar_width(columns: int, total_sessions: int, *, lang: str = "fr") -> int:
    """Bar cells that fit beside the widest expected text; depends only on the terminal and the total, so it stays put."""
    counts = len(_counts(total_sessions, total_sessions, lang))
    # The widest rate and time left, reserved so that the bar keeps its width as they change.
    widest = len(format_rate(999_999, lang=lang)) + len(format_time_left(99 * 3600 + 59 * 60, lang=lang))
    text = len(PREFIX) + len("[]  ") + counts + 2 * len(SEPARATOR) + widest
    width = min(MAX_BAR_WIDTH, _line_budget(columns) - text)
    return width if width >= MIN_BAR_WIDTH else 0


def render_line(snapshot: Snapshot, columns: int, *, lang: str = "fr") -> str:
    """The bar as one line of at most min(columns, 80) - 1 characters, in `lang`."""
    counts = _counts(snapshot.sessions_done, snapshot.total_sessions, lang)
    text = SEPARATOR.join((counts, format_rate(snapshot.words_per_second, lang=lang), format_time_left(snapshot.seconds_left, lang=lang)))
    width = bar_width(columns, snapshot.total_sessions, lang=lang)
    if width:
        filled = int(snapshot.fraction_done * width)
        text = f"[{'#' * filled}{'-' * (width - filled)}]  {text}"
    return (PREFIX + text)[: _line_budget(columns)]


def _counts(done: int, total: int, lang: str) -> str:
    return Notice("progress.sessions", done=str(done).rjust(len(str(total))), total=str(total)).in_lang(lang)


def _line_budget(columns: int) -> int:
    # One column short of the edge: writing the last column makes some terminals wrap.
    return min(columns, MAX_COLUMNS) - 1


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    if isatty is None:
        return False
    try:
        return bool(isatty())
    except (ValueError, OSError):  # closed or detached stream
        return False


class Progress:
    """Counts finished inputs and draws the bar; use `Progress.on(...)`, then `advance`, `echo`, `close`."""

    def __init__(
        self, stream: TextIO, *, total_sessions: int, total_bytes: int, enabled: bool, clock: Callable[[], float], lang: str = "fr"
    ) -> None:
        self._stream = stream
        self._lang = lang
        self._total_sessions = total_sessions
        self._total_bytes = total_bytes
        self._enabled = enabled
        self._clock = clock
        self._started = clock()
        self._sessions_done = 0
        self._bytes_done = 0
        self._words = 0
        self._last_drawn = self._started
        if enabled:
            self._draw(self._started)

    @classmethod
    def on(
        cls,
        stream: TextIO,
        *,
        total_sessions: int,
        total_bytes: int,
        quiet: bool,
        clock: Callable[[], float] = time.monotonic,
        lang: str = "fr",
    ) -> Progress:
        """A bar on `stream` in `lang` when it is a terminal and not quiet; otherwise a Progress that draws nothing."""
        enabled = not quiet and _is_terminal(stream)
        return cls(stream, total_sessions=total_sessions, total_bytes=total_bytes, enabled=enabled, clock=clock, lang=lang)

    @property
    def enabled(self) -> bool:
        return self._enabled

    def advance(self, *, size_bytes: int, words: int, transcript: bool = True) -> None:
        """One input done (analysed or failed); a walked file that is no transcript (a labels CSV) leaves the count."""
        if transcript:
            self._sessions_done += 1
        else:
            self._total_sessions -= 1
        self._bytes_done += size_bytes
        self._words += words
        if not self._enabled:
            return
        now = self._clock()
        if self._sessions_done == self._total_sessions or now - self._last_drawn >= REDRAW_INTERVAL:
            self._draw(now)

    def echo(self, line: str) -> None:
        """Write a message line; when the bar is shown, clear it first and draw it again below the line."""
        if not self._enabled:
            self._write(line + "\n")
            return
        self._write(f"\r{CLEAR_TO_END}{line}\n")
        self._draw(self._clock())

    def close(self) -> None:
        """Draw the final state and end the line; closing twice, or a disabled Progress, writes nothing."""
        if not self._enabled:
            return
        self._draw(self._clock())
        self._write("\n")
        self._enabled = False  # later messages go out as plain lines

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None) -> None:
        self.close()

    def _draw(self, now: float) -> None:
        snapshot = Snapshot(
            sessions_done=self._sessions_done,
            total_sessions=self._total_sessions,
            bytes_done=self._bytes_done,
            total_bytes=self._total_bytes,
            words=self._words,
            elapsed=now - self._started,
        )
        # Asked on every draw so that a resized terminal gets a fitting bar. It measures stdout's terminal
        # (80 columns when stdout is redirected): the bar never needs more, so that is safe.
        columns = shutil.get_terminal_size().columns
        self._write(f"\r{render_line(snapshot, columns, lang=self._lang)}{CLEAR_TO_END}")
        self._last_drawn = now

    def _write(self, text: str) -> None:
        self._stream.write(text)
        # stderr is line-buffered: a bar without "\n" would otherwise sit in the buffer.
        self._stream.flush()
