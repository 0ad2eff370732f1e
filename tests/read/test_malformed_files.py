"""Every fixture that must fail, read as a user's file is: one line naming the file and the place."""

from __future__ import annotations

import pytest

from analyser.errors import InputError, NotATranscriptError
from analyser.read.registry import read_transcript

from ..conftest import TEST_DATA

DATA = TEST_DATA

# fixture -> (error, place, the message or, for XML parser messages that vary with libxml2, its start)
FAILING_FILES: list[tuple[str, type[InputError], str, str]] = [
    ("csv/malformed_roles_sans_texte.csv", NotATranscriptError, "line 1", "not a transcript table: the header has 'seance', 'locuteur', 'role' but needs a text column"),
    ("csv/colonnes_a_nommer.csv", NotATranscriptError, "line 1", "not a transcript table: the header has 'Qui', 'Quand', 'Dit' but needs a text column"),
    ("csv/malformed_guillemet_non_ferme.csv", InputError, "line 3", "a quote opened in this row is never closed"),
    ("csv/malformed_entete_seul.csv", InputError, "line 1", "a header and no rows: no utterance"),
    ("docx/malformed_tronque.docx", InputError, "zip archive", "not a Word .docx file (not a zip archive, or a truncated one)"),
    ("docx/malformed_sans_document_xml.docx", InputError, "word/document.xml", "not a Word .docx file: the zip archive holds no document"),
    ("docx/notes_sans_locuteur.docx", NotATranscriptError, "paragraph 2", "no paragraph opens with a speaker label ('Thérapeute : …') and no table has speaker and text columns"),
    ("srt/malformed.srt", InputError, "line 10", "malformed timing line '00:00:0x,000 --> 00:00:09,000': expected 'hh:mm:ss,mmm --> hh:mm:ss,mmm'"),
    ("srt/malformed_cue.srt", InputError, "line 5", "cue number 2 without a timing line: expected 'hh:mm:ss,mmm --> hh:mm:ss,mmm' under it"),
    ("vtt/malformed.vtt", InputError, "line 8", "malformed timing line '00:00:03.500 -> 00:00:06.000': expected 'hh:mm:ss.ttt --> hh:mm:ss.ttt'"),
    ("vtt/malformed_no_header.vtt", InputError, "line 1", "not a WebVTT file: the first line must be 'WEBVTT', found '1'"),
    ("whisper/malformed.json", InputError, "line 16, column 15", "invalid JSON: Unterminated string"),
    ("eaf/malformed_truncated.eaf", InputError, "line 23, column 47", "not well-formed XML"),
    ("eaf/malformed_time.eaf", InputError, "<TIME_SLOT> at line 10", "TIME_VALUE='2,8 s' is not a number of milliseconds"),
    ("eaf/malformed_slot.eaf", InputError, "<ALIGNABLE_ANNOTATION> at line 22", "TIME_SLOT_REF1='ts9' names no TIME_SLOT"),
    ("eaf/malformed_no_annotation.eaf", InputError, "line 2", "no top-level tier holds time-aligned annotations"),
    ("trs/malformed_truncated.trs", InputError, "line 17, column 1", "not well-formed XML"),
    ("trs/malformed_time.trs", InputError, "<Turn> at line 14", "endTime='neuf' is not a number of seconds"),
    ("trs/malformed_who.trs", InputError, "<Who> at line 18", "nb='3' names no speaker of its turn"),
    ("cha/malformed_bullet.cha", InputError, "line 6", "malformed time bullet '2600-4000'"),
    ("cha/malformed_participant.cha", InputError, "line 6", "speaker code PAT is not in @Participants"),
    ("cha/malformed_header.cha", InputError, "line 1", "not a CHAT file"),
]


def test_every_format_has_a_malformed_fixture_and_every_one_is_listed() -> None:
    malformed = {str(path.relative_to(DATA)) for path in DATA.glob("*/malformed*")}
    assert malformed == {name for name, *_ in FAILING_FILES if "/malformed" in name}
    assert {name.split("/")[0] for name in malformed} >= {"csv", "srt", "vtt", "whisper", "docx", "eaf", "trs", "cha"}


@pytest.mark.parametrize(("name", "error", "place", "message"), FAILING_FILES, ids=[case[0] for case in FAILING_FILES])
def test_a_failing_file_is_one_line_naming_the_file_and_the_place(name: str, error: type[InputError], place: str, message: str) -> None:
    path = DATA / name
    with pytest.raises(error) as caught:
        read_transcript(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: {place}: {message}")
    assert "\n" not in text
