"""Write outputs atomically: a temporary file beside the target, renamed over it when complete."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


@contextlib.contextmanager
def open_output(path: str | os.PathLike[str] | None, *, encoding: str = "utf-8") -> Iterator[TextIO]:
    """A text stream for the output: stdout when `path` is None or "-".

    A file is written to a temporary name in the same folder and renamed into place only
    when the block completes, so an interrupted run leaves the previous file or none,
    never a truncated one.
    """
    if path is None or str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    # A link is followed, so that the file it points to is replaced and the link stays.
    target = Path(path).resolve() if Path(path).is_symlink() else Path(path)
    if target.exists() and not target.is_file():
        # /dev/null, /dev/stdout, a named pipe: written in place, since renaming over them would replace the device.
        with open(target, "w", encoding=encoding, newline="\n") as stream:
            yield stream
        return
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent or ".")
    try:
        with _terminated_as_exit():
            # mkstemp makes the file private (0600); the output gets the permissions of any file the user creates.
            os.chmod(handle, 0o666 & ~_umask())
            with os.fdopen(handle, "w", encoding=encoding, newline="\n") as stream:
                yield stream
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def _terminated_as_exit() -> Iterator[None]:
    """While an output is being written, SIGTERM (a cancelled CI job, `kill`) exits through the cleanup, like Ctrl-C.

    By default SIGTERM ends the process at once and leaves the temporary file behind. Only the main
    thread may set a handler, and one set by someone else is left alone.
    """
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def exit_on_terminate(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, exit_on_terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _umask() -> int:
    """The process's file-creation mask (reading it means setting it, so it is set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
