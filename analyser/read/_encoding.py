"""Decode transcript bytes: the encoding is detected, never assumed."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from analyser.errors import InputError
from analyser.messages import Notice

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
# Control characters that never occur in a text file; their presence means binary data.
_BINARY_CONTROLS = frozenset(range(0x09)) | {0x0B, 0x0E, 0x0F} | frozenset(range(0x10, 0x1A)) | {0x1C, 0x1D, 0x1E, 0x1F}


@dataclass(frozen=True, slots=True)
class DecodedText:
    """A file's text with the encoding it was read in and what was noticed on the way."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode_bytes(data: bytes, source: str) -> DecodedText:
    """Decode a transcript file.

    Order: a byte-order mark (UTF-8, UTF-16, UTF-32) decides; otherwise UTF-8 if the
    bytes are valid UTF-8; otherwise cp1252 (Windows Western European, a superset of
    Latin-1 for printable text). A file whose lines are partly UTF-8 and partly cp1252 is
    decoded line by line, with a warning.

    Raises:
        InputError: the bytes are not text (NUL bytes without a UTF-16 BOM, control codes).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data[len(bom):].decode(encoding.removesuffix("-sig")), encoding)
            except UnicodeDecodeError as exc:
                raise InputError(source, Notice("error.invalid_despite_bom", encoding=encoding), place=Notice("place.byte", byte=exc.start + len(bom))) from None
    _reject_binary(data, source)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    lines = _LINE_BREAK.split(data)
    if not any(_is_utf8_with_non_ascii(line) for line in lines):
        return DecodedText(_decode_cp1252(data), "cp1252")
    decoded = "\n".join(_decode_line(line) for line in lines)
    return DecodedText(decoded, "mixed", (Notice("read.mixed_encodings", source=source),))


def _reject_binary(data: bytes, source: str) -> None:
    sample = data[:65536]
    if not sample:
        return
    position = next((i for i, byte in enumerate(sample) if byte in _BINARY_CONTROLS), None)
    if position is not None:
        if b"\x00" in sample and _looks_like_utf16(sample):
            raise InputError(source, Notice("error.utf16_without_bom"), place=Notice("place.byte", byte=position))
        raise InputError(source, Notice("error.binary_data"), place=Notice("place.byte", byte=position))


def _looks_like_utf16(sample: bytes) -> bool:
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    return max(even_nuls, odd_nuls) > 0.4 * half


def _is_utf8_with_non_ascii(line: bytes) -> bool:
    if line.isascii():
        return False
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_cp1252(line)


def _decode_cp1252(data: bytes) -> str:
    # Five byte values are undefined in cp1252; Latin-1 maps them to C1 controls instead of failing.
    return data.decode("cp1252", errors="strict") if _cp1252_defined(data) else data.decode("latin-1")


def _cp1252_defined(data: bytes) -> bool:
    return not any(byte in data for byte in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))


def read_utf8_file(path: str, *, cannot_read: Callable[[OSError], str], not_utf8: str) -> str:
    """A side file given by the user (labels, RTTM) as UTF-8 text, a byte-order mark dropped.

    Raises:
        InputError: the file cannot be read (`cannot_read` says why), or is not UTF-8 (`not_utf8`, at its byte).
    """
    try:
        return Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(path, cannot_read(exc)) from None
    except UnicodeDecodeError as exc:
        raise InputError(path, not_utf8, place=Notice("place.byte", byte=exc.start)) from None
