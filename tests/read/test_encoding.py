"""Tests of encoding detection: one French transcript in many encodings, mixed files, binary data, line endings."""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest

from analyser.errors import InputError
from analyser.read._encoding import decode_bytes
from analyser.read.txt import read_txt

SOURCE = "seance-encodage.txt"

LINES = [
    "# Séance 3 : « retour sur la semaine »",
    "[00:00:09] Thérapeute : Bonjour. Qu’est-ce qui vous amène aujourd’hui ?",
    "[00:00:20] Patiente : « Ça ne va pas fort », comme dit ma sœur. Mon cœur s’emballe à la moindre réunion.",
    "",
    "[00:00:31] Thérapeute : Ça vous arrive souvent, côté travail ?",
    "[00:00:38] Patiente : Presque tous les jours, à vrai dire.",
    "Je suis déçue de moi, ça m’épuise.",
    "[00:00:52] Thérapeute : Vous êtes très exigeante avec vous-même.",
]
TEXT = "\n".join(LINES) + "\n"

EXPECTED = [
    ("Thérapeute", "Bonjour. Qu’est-ce qui vous amène aujourd’hui ?", 9.0, None, 2),
    ("Patiente", "« Ça ne va pas fort », comme dit ma sœur. Mon cœur s’emballe à la moindre réunion.", 20.0, None, 3),
    ("Thérapeute", "Ça vous arrive souvent, côté travail ?", 31.0, None, 5),
    ("Patiente", "Presque tous les jours, à vrai dire. Je suis déçue de moi, ça m’épuise.", 38.0, None, 6),
    ("Thérapeute", "Vous êtes très exigeante avec vous-même.", 52.0, None, 8),
]



def _docx_like_zip() -> bytes:
    """A .docx saved under a .txt name: a real ZIP archive, whose header "PK\\x03\\x04" has a control byte at offset 2."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document>" + "Thérapeute : Bonjour. " * 50 + "</w:document>")
    return buffer.getvalue()


ENCODED = [
    ("utf-8", TEXT.encode("utf-8"), "utf-8"),
    ("utf-8-bom", codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    ("utf-16-le-bom", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be-bom", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
    ("utf-32-le-bom", codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le"),
    ("utf-32-be-bom", codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), "utf-32-be"),
    ("cp1252", TEXT.encode("cp1252"), "cp1252"),
]


def _rows(data: bytes) -> list[tuple[str, str, float | None, float | None, int | None]]:
    transcript = read_txt(data, source=SOURCE, session_id="s03")
    return [(u.speaker, u.text, u.start, u.end, u.source_line) for u in transcript.utterances]


def test_fixture_text_needs_cp1252_specials() -> None:
    # The transcript holds the characters that differ between Latin-1 and cp1252, and all of them encode in cp1252.
    for char in "’œ«»éàçô":
        assert char in TEXT
    assert TEXT.encode("cp1252").decode("cp1252") == TEXT


@pytest.mark.parametrize(("data", "encoding"), [case[1:] for case in ENCODED], ids=[case[0] for case in ENCODED])
def test_decode_bytes_reports_encoding(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data, SOURCE)
    assert decoded.encoding == encoding
    assert decoded.text == TEXT
    assert decoded.warnings == ()


@pytest.mark.parametrize(("data", "encoding"), [case[1:] for case in ENCODED], ids=[case[0] for case in ENCODED])
def test_read_txt_same_utterances_in_every_encoding(data: bytes, encoding: str) -> None:
    transcript = read_txt(data, source=SOURCE, session_id="s03")
    assert _rows(data) == EXPECTED
    assert transcript.metadata["encoding"] == encoding
    assert transcript.warnings == ()
    assert "\ufeff" not in transcript.utterances[0].text


def test_pure_ascii_is_utf8() -> None:
    decoded = decode_bytes(b"T : Bonjour.\nP : Bonjour.\n", SOURCE)
    assert (decoded.encoding, decoded.warnings) == ("utf-8", ())


def test_cp1252_undefined_byte_falls_back_to_latin1() -> None:
    # 0x81 is undefined in cp1252: the file is still read, as Latin-1.
    decoded = decode_bytes("P : déjà vu\x81".encode("latin-1"), SOURCE)
    assert decoded.text == "P : déjà vu\x81"
    assert decoded.encoding == "cp1252"


@pytest.mark.parametrize(
    ("data", "expected_texts"),
    [
        (
            "Thérapeute : Ça va ?\n".encode() + "Patiente : Oui, ça va à peu près.\n".encode("cp1252"),
            ["Ça va ?", "Oui, ça va à peu près."],
        ),
        (
            "Patiente : Ma sœur m’a dit « non ».\r\n".encode("cp1252") + "Thérapeute : Et vous, qu’en pensez-vous ?\r\n".encode(),
            ["Ma sœur m’a dit « non ».", "Et vous, qu’en pensez-vous ?"],
        ),
    ],
    ids=["utf8-then-cp1252", "cp1252-then-utf8-crlf"],
)
def test_mixed_utf8_and_cp1252_lines(data: bytes, expected_texts: list[str]) -> None:
    decoded = decode_bytes(data, SOURCE)
    assert decoded.encoding == "mixed"
    (warning,) = decoded.warnings
    assert warning.startswith(f"{SOURCE}:")
    assert "mixed encodings" in warning

    transcript = read_txt(data, source=SOURCE, session_id="s03")
    assert [u.text for u in transcript.utterances] == expected_texts
    assert [u.source_line for u in transcript.utterances] == [1, 2]
    assert transcript.metadata["encoding"] == "mixed"
    assert warning in transcript.warnings


@pytest.mark.parametrize(
    ("data", "offset"),
    [
        (b"\x00\x01\x02\x03\xff\xfe garbage", 0),
        (b"T : Bonjour\x00\x07\x08", 11),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 8),
        (_docx_like_zip(), 2),
        (b"T : Bonjour.\nP : \x1f\x10ok", 17),
    ],
    ids=["leading-nul", "nul-after-text", "png", "zip", "control-chars"],
)
def test_binary_data_raises_input_error_with_offset(data: bytes, offset: int) -> None:
    for call in (lambda: decode_bytes(data, SOURCE), lambda: read_txt(data, source=SOURCE, session_id="s03")):
        with pytest.raises(InputError) as info:
            call()
        error = info.value
        assert error.source == SOURCE
        assert error.place == f"byte {offset}"
        assert str(error) == f"{SOURCE}: byte {offset}: binary data, not a text transcript"


def test_utf16_without_bom_is_refused_with_advice() -> None:
    with pytest.raises(InputError) as info:
        decode_bytes("Thérapeute : Bonjour.\n".encode("utf-16-le"), SOURCE)
    assert info.value.source == SOURCE
    assert info.value.place == "byte 1"
    assert "byte-order mark" in str(info.value)


def test_invalid_data_after_bom_names_absolute_offset() -> None:
    # A lone high surrogate at code unit 2 (bytes 4-5 after the 2-byte BOM).
    data = codecs.BOM_UTF16_LE + "T:".encode("utf-16-le") + b"\x00\xd8"
    with pytest.raises(InputError) as info:
        decode_bytes(data, SOURCE)
    assert info.value.place == "byte 6"
    assert str(info.value).startswith(f"{SOURCE}: byte 6:")


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-16"], ids=["utf-8", "cp1252", "utf-16-bom"])
@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "lone-cr"])
def test_line_endings_give_same_source_lines(newline: str, encoding: str) -> None:
    lf = read_txt(TEXT.encode(encoding), source=SOURCE, session_id="s03")
    other = read_txt(TEXT.replace("\n", newline).encode(encoding), source=SOURCE, session_id="s03")
    assert [(u.speaker, u.text, u.source_line) for u in other.utterances] == [(u.speaker, u.text, u.source_line) for u in lf.utterances]
    assert [u.source_line for u in other.utterances] == [2, 3, 5, 6, 8]
    assert not any("\r" in u.text for u in other.utterances)


def test_mixed_line_endings_in_one_file() -> None:
    data = b"T : Bonjour.\r\n\r\nP : Bonjour.\rT : On commence ?\nP : Oui.\r\n"
    transcript = read_txt(data, source=SOURCE, session_id="s03")
    assert [(u.speaker, u.source_line) for u in transcript.utterances] == [("T", 1), ("P", 3), ("T", 4), ("P", 5)]
