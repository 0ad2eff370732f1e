"""Input formats: the table of readers, detection by extension then by content, and the walk over input paths.

Readers are named here as "module:function" and imported only when a file of their format
is read, so that `rapport --help` stays fast and a missing optional library only matters
for its own format.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from analyser.domain import Transcript
from analyser.errors import InputError, NotATranscriptError
from analyser.messages import Notice


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What the user said about how to read the inputs."""

    columns: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # field -> CSV header
    rttm: str | None = None  # pyannote RTTM file giving speakers to Whisper output
    # A session's transcript is well under a few MB, even as word-timed JSON; a bigger file is another kind of file
    # (a whole corpus, a recording) and would take an hour and gigabytes to analyse. None: no limit.
    max_bytes: int | None = 20 * 1024 * 1024


Reader = Callable[..., Transcript]  # reader(data, *, source, session_id, options) -> Transcript


@dataclass(frozen=True, slots=True)
class InputFormat:
    """A transcript format rapport reads; `rapport formats` describes it in words from report_labels.tsv (format_*_<name>)."""

    name: str
    extensions: tuple[str, ...]
    reader: str  # "module:function" under analyser.read

    def load(self) -> Reader:
        module, function = self.reader.split(":")
        return getattr(importlib.import_module(f".{module}", __package__), function)


FORMATS: dict[str, InputFormat] = {
    f.name: f
    for f in (
        InputFormat("txt", (".txt", ".text"), "txt:read_txt"),
        InputFormat("csv", (".csv", ".tsv"), "table:read_csv"),
        InputFormat("srt", (".srt",), "srt:read_srt"),
        InputFormat("vtt", (".vtt",), "vtt:read_vtt"),
        InputFormat("whisperx", (".json",), "whisper:read_whisperx"),
        InputFormat("whisper", (".json",), "whisper:read_whisper"),
        InputFormat("docx", (".docx",), "word:read_docx"),
        InputFormat("eaf", (".eaf",), "elan:read_eaf"),
        InputFormat("trs", (".trs",), "transcriber:read_trs"),
        InputFormat("cha", (".cha",), "chat:read_cha"),
    )
}
READERS = tuple(FORMATS)
# Extensions whose content decides the format.
_SNIFFED = {".txt", ".text", ".json", ".xml", ""}
_BY_EXTENSION = {ext: f.name for f in FORMATS.values() for ext in f.extensions if ext not in _SNIFFED}
KNOWN_EXTENSIONS = frozenset(_BY_EXTENSION) | (_SNIFFED - {""})

# Module -> the package that installs it, for the message when a reader's library is missing.
_PIP_NAMES = {"docx": "python-docx"}

_SRT_OPENING = re.compile(r"\A\s*\d+[ \t]*\r?\n[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->")
# WhisperX writes a "speaker" key on segments or words; OpenAI Whisper never does.
_SEGMENTS_KEY = re.compile(rb'"segments"\s*:\s*\[')
_SPEAKER_KEY = re.compile(rb'"speaker"\s*:')
_XML_ROOT = re.compile(r"<(?!\?|!)([A-Za-z_][\w.-]*)")


def detect_format(path: Path, data: bytes | None = None) -> str | None:
    """The format of a file: its extension decides, and its content where the extension says nothing.

    `.txt`, `.json`, `.xml` and files without an extension are recognised by their content
    (a `.txt` that holds SubRip cues is read as SRT); without `data`, only the extension counts.
    """
    extension = path.suffix.lower()
    if extension in _BY_EXTENSION:
        return _BY_EXTENSION[extension]
    if extension not in _SNIFFED:
        return None
    sniffed = sniff_format(data) if data is not None else None
    if sniffed:
        return sniffed
    if extension == "" and data is not None and _SPEAKER_LINE.search(data[:4096]):
        return "txt"  # no extension, but "Thérapeute : …" lines: a plain-text transcript
    return {".json": "whisper", ".xml": None, "": None}.get(extension, "txt")


def sniff_format(data: bytes) -> str | None:
    """The format the content shows, or None when it shows none of the structured formats."""
    head_bytes = data[:4096]
    if head_bytes.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data[:65536] else None
    head = head_bytes.decode("latin-1").lstrip("\ufeff\xef\xbb\xbf \t\r\n")
    if head.startswith("WEBVTT"):
        return "vtt"
    if _SRT_OPENING.match(head):
        return "srt"
    if head.startswith(("@UTF8", "@Begin")):
        return "cha"
    if head.startswith("<"):
        roots = [tag for tag in _XML_ROOT.findall(head) if tag != "DOCTYPE"]
        return {"Trans": "trs", "ANNOTATION_DOCUMENT": "eaf"}.get(roots[0]) if roots else None
    if head.startswith("{"):
        return _whisper_flavour(data)
    return None


def _whisper_flavour(data: bytes) -> str | None:
    # Looked for in the bytes rather than parsed: the reader parses the JSON once, afterwards.
    if not _SEGMENTS_KEY.search(data):
        return None
    return "whisperx" if _SPEAKER_KEY.search(data) else "whisper"


def read_transcript(
    path: str | os.PathLike[str],
    *,
    input_format: str | None = None,
    options: ReadOptions = ReadOptions(),
) -> Transcript:
    """Read one transcript file into a `Transcript` (roles not yet decided).

    Raises:
        InputError: unreadable file, unknown format, or malformed content.
    """
    path = Path(path)
    source = str(path)
    if input_format is not None and input_format not in FORMATS:
        raise InputError(source, Notice("error.unknown_input_format", name=input_format, known=", ".join(FORMATS)))
    data = _read_bytes(path, options.max_bytes)
    by_content = None if input_format else _mislabelled_format(path, data)
    name = by_content or input_format or detect_format(path, data)
    if name is None:
        known = ", ".join(sorted(KNOWN_EXTENSIONS))
        if path.suffix:
            raise NotATranscriptError(source, Notice("error.unknown_extension", extension=path.suffix, known=known))
        raise NotATranscriptError(source, Notice("error.unknown_content", known=known))
    transcript = _reader(name, source)(data, source=source, session_id=path.stem, options=options)
    if by_content is None:
        return transcript
    note = Notice("read.mislabelled_format", source=source, extension=path.suffix, content=_format_named(by_content))
    return dataclasses.replace(transcript, warnings=(note, *transcript.warnings))


def _format_named(name: str) -> str:
    """How a warning names a format found by content: "a plain-text transcript", "SubRip subtitles"."""
    named = {
        "txt": Notice("format.txt"), "srt": Notice("format.srt"), "vtt": Notice("format.vtt"), "docx": Notice("format.docx"),
        "eaf": Notice("format.eaf"), "trs": Notice("format.trs"), "cha": Notice("format.cha"), "whisper": Notice("format.whisper"),
        "whisperx": Notice("format.whisperx"),
    }
    return named.get(name, name)
# Formats whose files always show a mark of their own (a header, a root element, a timing arrow).
_MARKED_FORMATS = frozenset({"srt", "vtt", "docx", "eaf", "trs", "cha"})
# "Thérapeute : …" or "[00:01:02] T : …": a label that starts with a letter (not CHAT's "*THE:", not markup).
_SPEAKER_LINE = re.compile(rb"(?:\[[\d:.,]+\][ \t]*)?[A-Za-z\x80-\xff][^:\n]{0,40}?[ \t]*:[ \t]*\S")


def _mislabelled_format(path: Path, data: bytes) -> str | None:
    """The format a file's content shows when its extension names another one (a WebVTT file saved as .srt), else None.

    A file the extension calls SubRip, WebVTT, Word, ELAN, Transcriber or CHAT that shows none of
    their marks but opens with 'SPEAKER: text' lines is a plain-text transcript under the wrong name.
    """
    by_extension = _BY_EXTENSION.get(path.suffix.lower())
    if by_extension is None:
        return None
    by_content = sniff_format(data)
    if by_content is not None:
        # A WebVTT file without its header opens like SubRip: its own reader says what is missing.
        return by_content if by_content != by_extension and (by_content, by_extension) != ("srt", "vtt") else None
    if by_extension in _MARKED_FORMATS and b"-->" not in data[:65536] and _SPEAKER_LINE.match(data.lstrip(b"\xef\xbb\xbf \t\r\n")):
        return "txt"
    return None


def _reader(name: str, source: str) -> Reader:
    try:
        return FORMATS[name].load()
    except ImportError as exc:
        package = _PIP_NAMES.get(exc.name or "", exc.name)
        raise InputError(source, Notice("error.reader_needs_package", format=name, package=package)) from None


def _read_bytes(path: Path, limit: int | None) -> bytes:
    """The file's bytes, at most `limit` of them: a regular file is measured before it is read, a pipe or a device as it is read."""
    source = str(path)
    try:
        with path.open("rb") as file:
            status = os.fstat(file.fileno())
            if limit is not None and stat.S_ISREG(status.st_mode) and status.st_size > limit:
                raise InputError(source, Notice("error.file_too_big", size=status.st_size / 1_048_576, limit=limit / 1_048_576))
            data = file.read() if limit is None else file.read(limit + 1)
    except IsADirectoryError:
        raise InputError(source, Notice("error.is_a_folder")) from None
    except OSError as exc:
        raise InputError(source, Notice("error.cannot_read_file", reason=exc.strerror or str(exc))) from None
    if limit is not None and len(data) > limit:
        raise InputError(source, Notice("error.stream_too_big", limit=limit / 1_048_576))
    return data


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to analyse; `walked` when it was found in a folder rather than named."""

    path: Path
    walked: bool = False


def iter_input_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[InputFile | InputError]:
    """Files to analyse, in a stable order: files as given, folders walked (sorted) for known extensions.

    A path that does not exist, or a folder that cannot be listed, is yielded as an
    `InputError` in its place so that the batch goes on.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield InputFile(path)
        else:
            yield InputError(str(path), Notice("error.no_such_path"))


def read_input(item: InputFile, *, input_format: str | None, options: ReadOptions) -> Transcript | None:
    """Read a file to analyse; None for a file found in a folder that is not a transcript (a labels CSV).

    Raises:
        InputError: as `read_transcript`; for a walked file, not when it is another kind of file.
    """
    try:
        return read_transcript(item.path, input_format=input_format, options=options)
    except NotATranscriptError:
        if item.walked:
            return None
        raise


def _walk(folder: Path) -> Iterator[InputFile | InputError]:
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        yield InputError(str(folder), Notice("error.cannot_list_folder", reason=exc.strerror or str(exc)))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry)
        elif entry.suffix.lower() in KNOWN_EXTENSIONS:
            yield _walked_file(entry)


def _walked_file(entry: Path) -> InputFile | InputError:
    # Opening a pipe found in a folder would wait forever for a writer; a file named on the command line is read
    # whatever it is (`rapport analyse <(ssh host cat s.txt)`).
    try:
        mode = entry.stat().st_mode
    except OSError:
        return InputFile(entry, walked=True)  # a broken link: reading it says why
    if not stat.S_ISREG(mode):
        return InputError(str(entry), Notice("error.not_a_regular_file"))
    return InputFile(entry, walked=True)
