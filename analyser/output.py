"""Write outputs atomically: a temporary file beside the target, renamed over it when complete."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
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
    target = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent or ".")
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline="\n") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
