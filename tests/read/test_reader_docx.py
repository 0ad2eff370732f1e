"""Tests of the Word reader: labelled paragraphs, speaker | text tables, tracked changes, damaged files."""

from __future__ import annotations

import io
import zipfile
from types import MappingProxyType

import docx
import pytest
from lxml import etree

from analyser.domain import Transcript
from analyser.errors import InputError, NotATranscriptError
from analyser.read.registry import ReadOptions
from analyser.read.word import paragraph_text, read_docx

from ..conftest import TEST_DATA

DATA = TEST_DATA / "docx"
SOURCE = "seance-04.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

Row = tuple[str, str, float | None, float | None, str | None]
Block = str | list[list[str]]  # a paragraph, or a table as its rows of cells


def _docx(*blocks: Block) -> bytes:
    """A .docx holding the blocks in order."""
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=max(len(row) for row in block))
        for cells, row in zip((r.cells for r in table.rows), block):
            for cell, text in zip(cells, row):
                cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _read(data: bytes, **columns: str) -> Transcript:
    return read_docx(data, source=SOURCE, session_id="s04", options=ReadOptions(columns=MappingProxyType(columns)))


def _rows(transcript: Transcript) -> list[Row]:
    return [(u.speaker, u.text, u.start, u.end, u.place) for u in transcript.utterances]


# blocks -> [(speaker, text, start, end, place), ...]; none of these warns.
READER_CASES: list[tuple[str, list[Block], list[Row]]] = [
    # --- paragraphs ---
    ("short-label", ["T : Bonjour.", "P : Bonjour."], [("T", "Bonjour.", None, None, "paragraph 1"), ("P", "Bonjour.", None, None, "paragraph 2")]),
    ("word-label", ["Thérapeute : Qu’est-ce qui vous amène ?"], [("Thérapeute", "Qu’est-ce qui vous amène ?", None, None, "paragraph 1")]),
    ("bracketed-speaker-id", ["[SPEAKER_00]: On y va."], [("SPEAKER_00", "On y va.", None, None, "paragraph 1")]),
    ("leading-time", ["[00:01:02] T : Bonjour."], [("T", "Bonjour.", 62.0, None, "paragraph 1")]),
    ("leading-range", ["[00:00:01,5 - 00:00:04] P : Oui."], [("P", "Oui.", 1.5, 4.0, "paragraph 1")]),
    (
        "continuation",
        ["P : Je dors mal.", "Depuis janvier, surtout.", "T : Depuis janvier."],
        [("P", "Je dors mal. Depuis janvier, surtout.", None, None, "paragraph 1"), ("T", "Depuis janvier.", None, None, "paragraph 3")],
    ),
    ("continuation-with-colon", ["P : Ma mère a appelé.", "Elle m'a dit : non."], [("P", "Ma mère a appelé. Elle m'a dit : non.", None, None, "paragraph 1")]),
    ("label-alone-then-text", ["T :", "Installez-vous."], [("T", "Installez-vous.", None, None, "paragraph 1")]),
    ("empty-paragraphs-numbered", ["", "T : Bien.", "   ", "P : Oui."], [("T", "Bien.", None, None, "paragraph 2"), ("P", "Oui.", None, None, "paragraph 4")]),
    ("tab-and-line-break", ["T : Bonjour.\tVous allez bien ?\nOn commence."], [("T", "Bonjour. Vous allez bien ? On commence.", None, None, "paragraph 1")]),
    ("spellings-folded", ["Thérapeute : Bonjour.", "THÉRAPEUTE : Ça va ?"], [("Thérapeute", "Bonjour.", None, None, "paragraph 1"), ("Thérapeute", "Ça va ?", None, None, "paragraph 2")]),
    # --- tables ---
    (
        "two-columns",
        [[["T", "Comment allez-vous ?"], ["P", "Fatiguée."]]],
        [("T", "Comment allez-vous ?", None, None, "table 1, row 1"), ("P", "Fatiguée.", None, None, "table 1, row 2")],
    ),
    (
        "header-row",
        [[["Locuteur", "Texte"], ["Thérapeute", "Bonjour."], ["Cliente", "Bonjour."]]],
        [("Thérapeute", "Bonjour.", None, None, "table 1, row 2"), ("Cliente", "Bonjour.", None, None, "table 1, row 3")],
    ),
    (
        "english-header-with-times",
        [[["Speaker", "Start", "End", "Text"], ["T", "1,5", "3", "Bonjour."]]],
        [("T", "Bonjour.", 1.5, 3.0, "table 1, row 2")],
    ),
    (
        "time-speaker-text",
        [[["00:00:01", "T", "Bonjour."], ["00:00:04", "P", "Bonjour."]]],
        [("T", "Bonjour.", 1.0, None, "table 1, row 1"), ("P", "Bonjour.", 4.0, None, "table 1, row 2")],
    ),
    (
        "speaker-time-text",
        [[["T", "[00:01:00]", "On reprend ?"], ["P", "", "Oui."]]],
        [("T", "On reprend ?", 60.0, None, "table 1, row 1"), ("P", "Oui.", None, None, "table 1, row 2")],
    ),
    (
        "time-range-cell",
        [[["00:00:01 - 00:00:04", "T", "Bonjour."]]],
        [("T", "Bonjour.", 1.0, 4.0, "table 1, row 1")],
    ),
    (
        "french-header-time-column",
        [[["Temps", "Intervenant", "Énoncé"], ["00:02:00", "P", "Je ne sais pas."]]],
        [("P", "Je ne sais pas.", 120.0, None, "table 1, row 2")],
    ),
    ("speaker-cell-with-colon", [[["T :", "Bien."], ["[SPEAKER_01]", "Oui."]]], [("T", "Bien.", None, None, "table 1, row 1"), ("SPEAKER_01", "Oui.", None, None, "table 1, row 2")]),
    ("blank-rows-skipped", [[["T", "Bien."], ["", ""], ["P", "Oui."]]], [("T", "Bien.", None, None, "table 1, row 1"), ("P", "Oui.", None, None, "table 1, row 3")]),
    # --- both ---
    (
        "paragraphs-and-tables-in-order",
        ["T : Bonjour.", [["P", "Bonjour."], ["T", "Asseyez-vous."]], "P : Merci.", [["T", "Alors ?"]]],
        [
            ("T", "Bonjour.", None, None, "paragraph 1"),
            ("P", "Bonjour.", None, None, "table 1, row 1"),
            ("T", "Asseyez-vous.", None, None, "table 1, row 2"),
            ("P", "Merci.", None, None, "paragraph 2"),
            ("T", "Alors ?", None, None, "table 2, row 1"),
        ],
    ),
    ("table-speaker-spelling-follows-paragraphs", ["Cliente : Oui.", [["CLIENTE", "Non."]]], [("Cliente", "Oui.", None, None, "paragraph 1"), ("Cliente", "Non.", None, None, "table 1, row 1")]),
]


@pytest.mark.parametrize(("blocks", "expected"), [case[1:] for case in READER_CASES], ids=[case[0] for case in READER_CASES])
def test_read_docx_table(blocks: list[Block], expected: list[Row]) -> None:
    transcript = _read(_docx(*blocks))
    assert _rows(transcript) == expected
    assert transcript.warnings == ()
    assert dict(transcript.metadata) == {"format": "docx"}


def test_columns_option_names_a_table_header() -> None:
    transcript = _read(_docx([["Qui", "Ce qui est dit"], ["T", "Bien."]]), text="Ce qui est dit")
    assert _rows(transcript) == [("T", "Bien.", None, None, "table 1, row 2")]


# --- warnings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("blocks", "expected", "warning"),
    [
        (
            ["Transcription de la séance 4", "T : Bonjour."],
            [("T", "Bonjour.", None, None, "paragraph 2")],
            "paragraph 1: no speaker label and no utterance to continue, paragraph skipped",
        ),
        (
            ["T : Bonjour.", [["P", "Bonjour."]], "(fin de l'enregistrement)"],
            [("T", "Bonjour.", None, None, "paragraph 1"), ("P", "Bonjour.", None, None, "table 1, row 1")],
            "paragraph 2: no speaker label and no utterance to continue, paragraph skipped",
        ),
        (
            ["[00:7x:00] T : Bonjour."],
            [("T", "Bonjour.", None, None, "paragraph 1")],
            "paragraph 1: malformed timestamp '[00:7x:00]' ignored, the paragraph is kept without a time",
        ),
        (
            [[["Patient", "Date", "Séance", "Durée"], ["M. D.", "12/03", "4", "50 min"]], "T : Bonjour."],
            [("T", "Bonjour.", None, None, "paragraph 1")],
            "table 1: 4 columns and no header row naming speaker and text columns (Locuteur | Texte), table skipped",
        ),
        (
            [[["T", "Bien."], ["P", ""]]],
            [("T", "Bien.", None, None, "table 1, row 1")],
            "table 1, row 2: no text, row skipped",
        ),
        (
            [[["T", "Bien."], ["", "Et ensuite ?"], ["", "On verra."]]],
            [("T", "Bien.", None, None, "table 1, row 1"), ("T", "Et ensuite ?", None, None, "table 1, row 2"), ("T", "On verra.", None, None, "table 1, row 3")],
            "table 1, row 2: this row and 1 more have no speaker: each takes the speaker of the row above",
        ),
        (
            [[["", "Bonjour."], ["T", "Bien."]]],
            [("T", "Bien.", None, None, "table 1, row 2")],
            "table 1, row 1: no speaker, row skipped",
        ),
        (
            [[["Locuteur", "Début", "Texte"], ["T", "vers 2 min", "Bien."]]],
            [("T", "Bien.", None, None, "table 1, row 2")],
            "table 1, row 2: start time 'vers 2 min' cannot be read, the row is kept without it",
        ),
        (
            [[["Séance 4", ""], ["Locuteur", "Texte"], ["T", "Bien."]]],
            [("T", "Bien.", None, None, "table 1, row 3")],
            "table 1, row 1: before the header row, skipped",
        ),
    ],
    ids=["title-paragraph", "paragraph-after-table", "malformed-time", "other-table", "row-without-text", "speaker-filled-down", "no-speaker-first-row", "bad-time-cell", "title-row"],
)
def test_odd_blocks_warn_with_their_place(blocks: list[Block], expected: list[Row], warning: str) -> None:
    transcript = _read(_docx(*blocks))
    assert _rows(transcript) == expected
    assert transcript.warnings == (f"{SOURCE}: {warning}",)


# --- text of a paragraph with tracked changes --------------------------------------------


def _paragraph(runs: str) -> etree._Element:
    return etree.fromstring(
        f'<w:p xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">{runs}</w:p>'
    )


@pytest.mark.parametrize(
    ("runs", "text"),
    [
        ("<w:r><w:t>Je dors mal.</w:t></w:r>", "Je dors mal."),
        ("<w:r><w:t>depuis </w:t></w:r><w:ins><w:r><w:t>janvier</w:t></w:r></w:ins>", "depuis janvier"),
        ("<w:r><w:t>depuis </w:t></w:r><w:del><w:r><w:delText>février</w:delText></w:r></w:del>", "depuis "),
        ("<w:del><w:r><w:t>vieux</w:t></w:r></w:del><w:r><w:t>neuf</w:t></w:r>", "neuf"),
        ("<w:moveFrom><w:r><w:t>parti</w:t></w:r></w:moveFrom><w:moveTo><w:r><w:t>arrivé</w:t></w:r></w:moveTo>", "arrivé"),
        ("<w:r><w:t>Oui</w:t><w:tab/><w:t>non</w:t><w:br/><w:t>peut-être</w:t><w:cr/></w:r>", "Oui non peut-être "),
        ("<w:r><w:t>après</w:t><w:noBreakHyphen/><w:t>midi</w:t></w:r>", "après-midi"),
        ("<w:pPr><w:tabs><w:tab w:val='left' w:pos='720'/></w:tabs></w:pPr><w:r><w:t>T : Bien.</w:t></w:r>", "T : Bien."),
        ("<w:hyperlink><w:r><w:t>le site</w:t></w:r></w:hyperlink>", "le site"),
        ("<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>3</w:t></w:r>", "3"),
        (
            (
                "<w:r><w:t>Oui.</w:t><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>cadre</w:t></w:r></w:p>"
                "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:r><w:t>copie</w:t></w:r></mc:Fallback></mc:AlternateContent></w:r>"
            ),
            "Oui.",
        ),
    ],
    ids=["plain", "insertion", "deletion", "deleted-w-t", "move", "tab-break-cr", "no-break-hyphen", "tab-stop-not-text", "hyperlink", "field-code", "text-box-and-fallback"],
)
def test_paragraph_text_reads_changes_accepted(runs: str, text: str) -> None:
    assert paragraph_text(_paragraph(runs)) == text


# --- fixture files ----------------------------------------------------------------------


def _read_fixture(name: str) -> Transcript:
    path = DATA / name
    return read_docx(path.read_bytes(), source=str(path), session_id=path.stem)


def test_timed_paragraphs_with_title_and_continuation() -> None:
    transcript = _read_fixture("paragraphes_horodates.docx")
    assert _rows(transcript)[0] == ("Thérapeute", "Bonjour, qu'est-ce qui vous amène aujourd'hui ?", 0.0, 3.25, "paragraph 2")
    assert _rows(transcript)[3] == ("Cliente", "Oui, je me réveille à trois heures et je pense au bureau. Ça me fatigue beaucoup.", 11.25, 16.48, "paragraph 5")
    assert transcript.warnings == (f"{DATA / 'paragraphes_horodates.docx'}: paragraph 1: no speaker label and no utterance to continue, paragraph skipped",)


def test_table_with_header_row_and_decimal_comma_times() -> None:
    transcript = _read_fixture("tableau_entete.docx")
    assert [(u.speaker, u.start, u.end, u.place) for u in transcript.utterances][::5] == [
        ("Thérapeute", 0.0, 3.25, "table 1, row 2"),
        ("Cliente", 20.5, 24.9, "table 1, row 7"),
    ]


def test_table_with_time_column_and_no_header() -> None:
    transcript = _read_fixture("tableau_horodate.docx")
    assert [(u.speaker, u.start, u.place) for u in transcript.utterances] == [
        ("Thérapeute", 0.0, "table 1, row 1"),
        ("Cliente", 3.5, "table 1, row 2"),
        ("Thérapeute", 8.4, "table 1, row 3"),
    ]


def test_mixed_document_keeps_document_order() -> None:
    transcript = _read_fixture("mixte.docx")
    assert [(u.speaker, u.place) for u in transcript.utterances] == [
        ("T", "paragraph 1"),
        ("P", "paragraph 2"),
        ("T", "table 1, row 1"),
        ("P", "table 1, row 2"),
        ("T", "paragraph 4"),
    ]


def test_merged_cells_repeat_the_speaker_and_skip_the_title_row() -> None:
    transcript = _read_fixture("cellules_fusionnees.docx")
    assert _rows(transcript) == [
        ("Cliente", "Je n'arrive plus à me concentrer.", None, None, "table 1, row 3"),
        ("Cliente", "Même le week-end.", None, None, "table 1, row 4"),
    ]


def test_tracked_changes_are_read_accepted_with_one_warning() -> None:
    transcript = _read_fixture("revisions.docx")
    assert [u.text for u in transcript.utterances] == [
        "Depuis quand dormez-vous mal ?",
        "Je dors mal depuis janvier.",
        "Tous les soirs ? Vraiment tous ?",
    ]
    (warning,) = transcript.warnings
    assert warning == (
        f"{DATA / 'revisions.docx'}: paragraph 2: the document holds tracked changes (1 insertion, 1 deletion, 1 move):"
        " its text is read as if all changes were accepted"
    )


# --- errors -----------------------------------------------------------------------------


def _with_document_xml(data: bytes, document_xml: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            target.writestr(name, document_xml if name == "word/document.xml" else source.read(name))
    return buffer.getvalue()


def test_broken_document_xml_names_part_line_and_column() -> None:
    data = _docx("T : Bonjour.")
    broken = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").replace(b"</w:body>", b"</w:bod>")
    with pytest.raises(InputError) as info:
        _read(_with_document_xml(data, broken))
    message = str(info.value)
    assert message.startswith(f"{SOURCE}: word/document.xml, line 2, column ")
    assert "damaged Word file: not well-formed XML (Opening and ending tag mismatch" in message


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"T : Bonjour.\n", InputError, "zip archive: not a Word .docx file (not a zip archive, or a truncated one)"),
        (b"", InputError, "zip archive: not a Word .docx file (not a zip archive, or a truncated one)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), InputError, "byte 0: not a .docx file: a Word 97-2003 .doc or a password-protected document; save it as .docx without a password"),
        (_docx(), InputError, "word/document.xml: empty document: no text"),
        (_docx("", "  "), InputError, "word/document.xml: empty document: no text"),
        (_docx([["a", "b", "c", "d"]]), NotATranscriptError, "table 1: no paragraph opens with a speaker label ('Thérapeute : …') and no table has speaker and text columns"),
        (_docx("Séance 4", "T :", "P :  "), InputError, "paragraph 2: every speaker label is followed by nothing"),
    ],
    ids=["plain-text", "empty-bytes", "ole-doc", "empty-document", "blank-paragraphs", "only-another-table", "labels-without-speech"],
)
def test_errors_name_the_file(data: bytes, error: type[InputError], message: str) -> None:
    with pytest.raises(error) as info:
        _read(data)
    assert str(info.value) == f"{SOURCE}: {message}"


def test_unknown_columns_field_is_refused() -> None:
    with pytest.raises(InputError) as info:
        _read(_docx("T : Bien."), qui="Locuteur")
    assert str(info.value) == f"{SOURCE}: --columns: unknown field 'qui'; the fields are speaker, start, end, text"
