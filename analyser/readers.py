"""Input formats: a dict of readers, detection by extension, and the walk over input paths."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .errors import InputError
from .model import Transcript
from .reader_txt import read_txt

Reader = Callable[..., Transcript]

# Format name -> reader(data, *, source, session_id). Later formats register here.
READERS: dict[str, Reader] = {"txt": read_txt}
# File extension -> format name.
EXTENSIONS: dict[str, str] = {".txt": "txt", ".text": "txt"}


def detect_format(path: Path) -> str | None:
    """The format a path's extension names, or None."""
    return EXTENSIONS.get(path.suffix.lower())


def read_transcript(path: str | os.PathLike[str], *, input_format: str | None = None) -> Transcript:
    """Read one transcript file into a `Transcript` (roles not yet decided).

    Raises:
        InputError: unreadable file, unknown format, or malformed content.
    """
    path = Path(path)
    source = str(path)
    fmt = input_format or detect_format(path)
    if fmt is None:
        raise InputError(source, f"unknown transcript format {path.suffix or '(no extension)'!r}; known: {', '.join(sorted(EXTENSIONS))}")
    if fmt not in READERS:
        raise InputError(source, f"unknown input format {fmt!r}; known: {', '.join(sorted(READERS))}")
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(source, "is a folder, not a file") from None
    except OSError as exc:
        raise InputError(source, f"cannot read the file: {exc.strerror or exc}") from None
    return READERS[fmt](data, source=source, session_id=path.stem)


def iter_input_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | InputError]:
    """Files to analyse, in a stable order: files as given, folders walked (sorted) for known extensions.

    A path that does not exist, or a folder that cannot be listed, is yielded as an
    `InputError` in its place so that the batch goes on.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield path
        else:
            yield InputError(str(path), "no such file or folder")


def _walk(folder: Path) -> Iterator[Path | InputError]:
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        yield InputError(str(folder), f"cannot list the folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry)
        elif detect_format(entry) is not None:
            yield entry
