"""Tests of the stderr progress bar, with a fake terminal and a fake clock (no sleeping, no real TTY)."""

from __future__ import annotations

import io

import pytest

from analyser.batch.progress import Progress, Snapshot, format_rate, format_time_left, render_line

CLEAR = "\x1b[K"


class FakeStream(io.StringIO):
    """A text stream that says whether it is a terminal, and counts flushes."""

    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty
        self.flushes = 0

    def isatty(self) -> bool:
        return self.tty

    def flush(self) -> None:
        self.flushes += 1
        super().flush()


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0  # not zero: elapsed must be measured from creation, not from 0

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def terminal_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    # shutil.get_terminal_size() reads COLUMNS first: the same width on every machine.
    monkeypatch.setenv("COLUMNS", "80")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def frames(output: str) -> list[str]:
    """The bar texts drawn, in order (each drawn as "\\r" + text + clear-to-end)."""
    return [chunk.split(CLEAR)[0] for chunk in output.split("\r")[1:] if chunk and not chunk.startswith(CLEAR)]


def start(clock: FakeClock, *, total_sessions: int = 500, total_bytes: int = 4000) -> tuple[FakeStream, Progress]:
    stream = FakeStream(tty=True)
    return stream, Progress.on(stream, total_sessions=total_sessions, total_bytes=total_bytes, quiet=False, clock=clock, lang="en")


# --- formatting -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (None, "– left"),
        (0.0, "0 s left"),
        (0.2, "1 s left"),  # rounded up: "0 s" only when nothing is left
        (45.0, "45 s left"),
        (59.5, "1 min 00 s left"),
        (130.0, "2 min 10 s left"),
        (125.0, "2 min 05 s left"),
        (3599.0, "59 min 59 s left"),
        (3600.0, "1 h 00 min left"),
        (3900.0, "1 h 05 min left"),
        (36_000.0 + 59 * 60 + 30, "10 h 59 min left"),
    ],
)
def test_time_left(seconds: float | None, expected: str) -> None:
    assert format_time_left(seconds, lang="en") == expected


@pytest.mark.parametrize(
    ("words_per_second", "expected"),
    [
        (None, "– words/s"),
        (0.0, "0 words/s"),
        (999.4, "999 words/s"),
        (8210.0, "8,210 words/s"),
        (1_234_567.6, "1,234,568 words/s"),
    ],
)
def test_rate(words_per_second: float | None, expected: str) -> None:
    assert format_rate(words_per_second, lang="en") == expected


@pytest.mark.parametrize(
    ("snapshot", "expected"),
    [
        # Bar cells at 80 columns: 14 for a total of 500, 16 for 10, 18 for 0 to 9.
        # 123/500 done: 3 of 14 cells filled; 16,420 words in 2 s; 1000 of 4000 bytes in 2 s -> 6 s left.
        (Snapshot(123, 500, 1000, 4000, 16_420, 2.0), "rapport [###-----------]  123/500 sessions · 8,210 words/s · 6 s left"),
        # Nothing done yet: nothing to estimate from.
        (Snapshot(0, 500, 0, 4000, 0, 0.0), "rapport [--------------]    0/500 sessions · – words/s · – left"),
        (Snapshot(0, 500, 0, 4000, 0, 3.0), "rapport [--------------]    0/500 sessions · – words/s · – left"),
        # Time left in minutes and hours: 100 bytes/s.
        (Snapshot(250, 500, 1000, 14_000, 50_000, 10.0), "rapport [#######-------]  250/500 sessions · 5,000 words/s · 2 min 10 s left"),
        (Snapshot(5, 500, 100, 390_100, 2000, 1.0), "rapport [--------------]    5/500 sessions · 2,000 words/s · 1 h 05 min left"),
        # All done: time left is zero whatever the byte counts say.
        (Snapshot(500, 500, 3900, 4000, 99_999, 12.0), "rapport [##############]  500/500 sessions · 8,333 words/s · 0 s left"),
        # Zero totals do not divide by zero.
        (Snapshot(0, 0, 0, 0, 0, 0.0), "rapport [##################]  0/0 sessions · – words/s · 0 s left"),
        (Snapshot(3, 10, 300, 0, 30, 1.0), "rapport [####------------]   3/10 sessions · 30 words/s · – left"),
        # More bytes read than listed (a file grew): never a negative estimate.
        (Snapshot(3, 10, 500, 400, 30, 1.0), "rapport [####------------]   3/10 sessions · 30 words/s · 0 s left"),
    ],
)
def test_rendered_line(snapshot: Snapshot, expected: str) -> None:
    assert render_line(snapshot, columns=80, lang="en") == expected


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("columns", [200, 120, 80, 60, 40, 20])
@pytest.mark.parametrize(
    "snapshot",
    [
        Snapshot(123, 500, 1000, 4000, 16_420, 2.0),
        Snapshot(12_345, 99_999, 10**9, 10**10, 10**9, 3.0),
        Snapshot(1, 1_000_000, 1, 10**12, 10**7, 1.0),  # hundreds of hours left
    ],
)
def test_line_fits_the_terminal_and_80_columns(snapshot: Snapshot, columns: int, lang: str) -> None:
    line = render_line(snapshot, columns, lang=lang)
    assert len(line) <= min(columns, 80) - 1
    assert line.startswith("rapport ")


@pytest.mark.parametrize(("columns", "has_bar"), [(80, True), (70, True), (69, False)])
def test_bar_left_out_when_too_narrow(columns: int, has_bar: bool) -> None:
    line = render_line(Snapshot(123, 500, 1000, 4000, 16_420, 2.0), columns, lang="en")
    assert line.startswith("rapport [") == has_bar
    assert "123/500 sessions" in line


@pytest.mark.parametrize(
    ("snapshot", "expected"),
    [
        # French is the default: séances, mots/s with a thin space between thousands, "reste" before the time.
        (Snapshot(123, 500, 1000, 4000, 16_420, 2.0), "rapport [###------------]  123/500 séances · 8\u202f210 mots/s · reste 6 s"),
        (Snapshot(0, 500, 0, 4000, 0, 0.0), "rapport [---------------]    0/500 séances · – mots/s · reste –"),
        (Snapshot(250, 500, 1000, 14_000, 50_000, 10.0), "rapport [#######--------]  250/500 séances · 5\u202f000 mots/s · reste 2 min 10 s"),
    ],
)
def test_rendered_line_in_french(snapshot: Snapshot, expected: str) -> None:
    assert render_line(snapshot, columns=80) == expected


def test_a_batch_draws_its_bar_in_its_language(clock: FakeClock) -> None:
    stream = FakeStream(tty=True)
    Progress.on(stream, total_sessions=2, total_bytes=20, quiet=False, clock=clock)
    assert "0/2 séances · – mots/s · reste –" in stream.getvalue()


# --- disabled -------------------------------------------------------------------------


@pytest.mark.parametrize(("tty", "quiet"), [(False, False), (True, True), (False, True)])
def test_disabled_writes_nothing(clock: FakeClock, tty: bool, quiet: bool) -> None:
    stream = FakeStream(tty=tty)
    with Progress.on(stream, total_sessions=3, total_bytes=300, quiet=quiet, clock=clock) as progress:
        for _ in range(3):
            clock.tick(1.0)
            progress.advance(size_bytes=100, words=50)
    progress.close()
    assert not progress.enabled
    assert stream.getvalue() == ""


@pytest.mark.parametrize(("tty", "quiet"), [(False, False), (True, True)])
def test_disabled_echo_writes_lines_unchanged(clock: FakeClock, tty: bool, quiet: bool) -> None:
    stream = FakeStream(tty=tty)
    with Progress.on(stream, total_sessions=2, total_bytes=200, quiet=quiet, clock=clock) as progress:
        progress.echo("rapport: warning: séance-1.txt: no speaker labels")
        progress.advance(size_bytes=100, words=50)
        progress.echo("rapport: error: séance-2.docx: not a zip file")
        progress.advance(size_bytes=100, words=0)
    assert stream.getvalue() == "rapport: warning: séance-1.txt: no speaker labels\nrapport: error: séance-2.docx: not a zip file\n"


class NoIsatty:
    """A stream with only write and flush, as some wrappers are."""

    def __init__(self) -> None:
        self.written: list[str] = []

    def write(self, text: str) -> int:
        self.written.append(text)
        return len(text)

    def flush(self) -> None:
        pass


def test_stream_without_isatty_is_not_a_terminal(clock: FakeClock) -> None:
    stream = NoIsatty()
    progress = Progress.on(stream, total_sessions=1, total_bytes=10, quiet=False, clock=clock)  # type: ignore[arg-type]
    progress.advance(size_bytes=10, words=5)
    progress.close()
    assert not progress.enabled
    assert stream.written == []


class BrokenTerminal(FakeStream):
    """A stream whose isatty() fails, as it does once closed (ValueError) or detached (OSError)."""

    def __init__(self, error: Exception) -> None:
        super().__init__(tty=True)
        self.error = error

    def isatty(self) -> bool:
        raise self.error


@pytest.mark.parametrize("error", [ValueError("I/O operation on closed file."), OSError("detached")])
def test_stream_failing_isatty_is_not_a_terminal(clock: FakeClock, error: Exception) -> None:
    stream = BrokenTerminal(error)
    progress = Progress.on(stream, total_sessions=1, total_bytes=10, quiet=False, clock=clock)
    progress.advance(size_bytes=10, words=5)
    progress.close()
    assert not progress.enabled
    assert stream.getvalue() == ""


# --- enabled --------------------------------------------------------------------------


def test_initial_bar_drawn_at_once(clock: FakeClock) -> None:
    stream, progress = start(clock)
    assert progress.enabled
    assert stream.getvalue() == "\rrapport [--------------]    0/500 sessions · – words/s · – left" + CLEAR
    assert stream.flushes == 1  # a bar without "\n" must not wait in a line buffer


def test_bar_after_some_advances(clock: FakeClock) -> None:
    stream, progress = start(clock, total_sessions=10, total_bytes=1000)
    for _ in range(3):
        clock.tick(1.0)
        progress.advance(size_bytes=100, words=4000)
    # 12,000 words in 3 s; 300 bytes in 3 s leaves 700 bytes at 100 bytes/s.
    assert frames(stream.getvalue())[-1] == "rapport [####------------]   3/10 sessions · 4,000 words/s · 7 s left"


def test_redraws_at_most_ten_times_a_second(clock: FakeClock) -> None:
    stream, progress = start(clock)
    clock.tick(0.2)
    for _ in range(50):
        progress.advance(size_bytes=10, words=10)
        clock.tick(0.001)
    drawn = frames(stream.getvalue())
    assert len(drawn) == 2  # the initial 0/500, then the first advance only
    assert "  1/500 sessions" in drawn[1]
    clock.tick(0.1)
    progress.advance(size_bytes=10, words=10)
    drawn = frames(stream.getvalue())
    assert len(drawn) == 3
    assert " 51/500 sessions" in drawn[2]


def test_last_session_always_drawn(clock: FakeClock) -> None:
    stream, progress = start(clock, total_sessions=3, total_bytes=30)
    for _ in range(3):
        clock.tick(0.01)
        progress.advance(size_bytes=10, words=10)
    drawn = frames(stream.getvalue())
    assert len(drawn) == 2
    assert "3/3 sessions" in drawn[-1]


def test_close_draws_final_state_then_newline(clock: FakeClock) -> None:
    stream, progress = start(clock, total_sessions=4, total_bytes=400)
    # Ticks exact in binary, so that the 1.0 s elapsed at close is exact.
    clock.tick(0.5)
    progress.advance(size_bytes=100, words=1000)
    clock.tick(0.0625)
    progress.advance(size_bytes=100, words=1000)  # throttled: not drawn
    assert "2/4 sessions" not in stream.getvalue()
    clock.tick(0.4375)
    progress.close()
    output = stream.getvalue()
    assert output.endswith("\rrapport [#########---------]  2/4 sessions · 2,000 words/s · 1 s left" + CLEAR + "\n")
    # Closing again, advancing or closing through `with` after close add nothing.
    progress.close()
    progress.advance(size_bytes=100, words=1000)
    with progress:
        pass
    assert stream.getvalue() == output


def test_context_manager_closes_on_error(clock: FakeClock) -> None:
    stream = FakeStream(tty=True)
    with pytest.raises(RuntimeError), Progress.on(stream, total_sessions=2, total_bytes=20, quiet=False, clock=clock) as progress:
        progress.advance(size_bytes=10, words=10)
        raise RuntimeError("boom")
    # The bar line is ended, so a traceback starts on a line of its own.
    assert stream.getvalue().endswith(CLEAR + "\n")
    assert "1/2 séances" in frames(stream.getvalue())[-1]


@pytest.mark.parametrize(("total_sessions", "total_bytes"), [(0, 0), (3, 0), (0, 100)])
def test_zero_totals_do_not_crash(clock: FakeClock, total_sessions: int, total_bytes: int) -> None:
    stream, progress = start(clock, total_sessions=total_sessions, total_bytes=total_bytes)
    clock.tick(1.0)
    progress.advance(size_bytes=0, words=0)
    progress.close()
    output = stream.getvalue()
    assert output.endswith(CLEAR + "\n")
    assert f"1/{total_sessions} sessions" in frames(output)[-1]


def test_echo_clears_bar_writes_line_and_redraws(clock: FakeClock) -> None:
    stream, progress = start(clock, total_sessions=10, total_bytes=1000)
    clock.tick(1.0)
    progress.advance(size_bytes=100, words=500)
    before = stream.getvalue()
    clock.tick(0.01)  # inside the throttle window: the bar comes back anyway
    progress.echo("rapport: warning: séance-2.txt: empty file")
    added = stream.getvalue()[len(before) :]
    assert added == (
        "\r" + CLEAR + "rapport: warning: séance-2.txt: empty file\n"
        "\rrapport [#---------------]   1/10 sessions · 495 words/s · 10 s left" + CLEAR
    )


def test_echo_after_close_is_a_plain_line(clock: FakeClock) -> None:
    stream, progress = start(clock, total_sessions=1, total_bytes=10)
    progress.advance(size_bytes=10, words=10)
    progress.close()
    before = stream.getvalue()
    progress.echo("rapport: error: x.txt: unreadable")
    assert stream.getvalue() == before + "rapport: error: x.txt: unreadable\n"


def test_never_writes_to_stdout(clock: FakeClock, capsys: pytest.CaptureFixture[str]) -> None:
    stream, progress = start(clock, total_sessions=2, total_bytes=20)
    progress.advance(size_bytes=10, words=10)
    progress.echo("rapport: warning: w")
    progress.close()
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ""
    assert "rapport: warning: w\n" in stream.getvalue()


def test_bar_adapts_to_a_narrow_terminal(clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "50")
    stream, progress = start(clock, total_sessions=10, total_bytes=1000)
    clock.tick(1.0)
    progress.advance(size_bytes=100, words=500)
    last = frames(stream.getvalue())[-1]
    assert last == "rapport  1/10 sessions · 500 words/s · 9 s left"
    assert len(last) <= 49
