"""Tests of the CSV/TSV reader: headers in French or English, delimiters, times, odd rows, errors."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from analyser.domain import Transcript
from analyser.errors import InputError, NotATranscriptError
from analyser.read._columns import map_columns, parse_seconds
from analyser.read.registry import ReadOptions
from analyser.read.table import read_csv
from analyser.resources import column_key, transcript_columns

from ..conftest import TEST_DATA

DATA = TEST_DATA / "csv"
SOURCE = "seance-02.csv"

Row = tuple[str, str, float | None, float | None, int | None]


def _read(data: bytes, **columns: str) -> Transcript:
    return read_csv(data, source=SOURCE, session_id="s02", options=ReadOptions(columns=MappingProxyType(columns)))


def _rows(transcript: Transcript) -> list[Row]:
    return [(u.speaker, u.text, u.start, u.end, u.source_line) for u in transcript.utterances]


# file content -> [(speaker, text, start, end, line), ...]; none of these warns.
READER_CASES: list[tuple[str, bytes, list[Row]]] = [
    # --- headers and delimiters ---
    (
        "comma-english",
        b"speaker,start,end,text\nT,0.5,2.25,Bonjour.\nP,3,4.5,\"Bonjour, docteur.\"\n",
        [("T", "Bonjour.", 0.5, 2.25, 2), ("P", "Bonjour, docteur.", 3.0, 4.5, 3)],
    ),
    (
        "semicolon-french-decimal-comma",
        "Locuteur;Début;Fin;Texte\nThérapeute;0,5;2,25;Bonjour, installez-vous.\n".encode(),
        [("Thérapeute", "Bonjour, installez-vous.", 0.5, 2.25, 2)],
    ),
    (
        "tab",
        b"locuteur\ttexte\nT\tOn commence ?\nP\tOui, allons-y.\n",
        [("T", "On commence ?", None, None, 2), ("P", "Oui, allons-y.", None, None, 3)],
    ),
    (
        "headers-folded",
        "  LOCUTRICE ;ÉNONCÉ\nCliente;J’ai peur de rechuter.\n".encode(),
        [("Cliente", "J’ai peur de rechuter.", None, None, 2)],
    ),
    (
        "columns-in-any-order",
        "texte,fin,début,orateur\nVous êtes venue seule ?,3,1,T\n".encode(),
        [("T", "Vous êtes venue seule ?", 1.0, 3.0, 2)],
    ),
    (
        "other-columns-ignored",
        "n°;locuteur;transcription;commentaire\n1;P;Je dors mal.;voix basse\n".encode(),
        [("P", "Je dors mal.", None, None, 2)],
    ),
    (
        "speaker-before-role",
        b"role,speaker,text\ntherapist,SPEAKER_00,Bonjour.\n",
        [("SPEAKER_00", "Bonjour.", None, None, 2)],
    ),
    (
        "header-with-unit",
        "Locuteur;Début (s);Fin (s);Texte\nT;1,5;2;Bien.\n".encode(),
        [("T", "Bien.", 1.5, 2.0, 2)],
    ),
    (
        "milliseconds",
        b"speaker,start_ms,end_ms,text\nT,1500,2250,Bien.\n",
        [("T", "Bien.", 1.5, 2.25, 2)],
    ),
    (
        "tc-in-tc-out",
        b"intervenant;tc_in;tc_out;verbatim\nT;00:01:02;00:01:05,500;Bien.\n",
        [("T", "Bien.", 62.0, 65.5, 2)],
    ),
    # --- times ---
    (
        "clock-times",
        b"speaker,start,end,text\nT,00:00:01.250,00:01:02.5,Bien.\nP,01:03.5,1:02:03,Oui.\n",
        [("T", "Bien.", 1.25, 62.5, 2), ("P", "Oui.", 63.5, 3723.0, 3)],
    ),
    (
        "bracketed-clock-time",
        b"speaker,start,text\nT,[00:00:04],Bien.\n",
        [("T", "Bien.", 4.0, None, 2)],
    ),
    (
        "empty-time-cells",
        b"speaker,start,end,text\nT,,,Bien.\nP,2,,Oui.\n",
        [("T", "Bien.", None, None, 2), ("P", "Oui.", 2.0, None, 3)],
    ),
    # --- quoting, lines, encodings ---
    (
        "quoted-line-break-counts-physical-lines",
        b'speaker,text\nP,"Je dors mal.\nDepuis janvier."\nT,Depuis janvier ?\n',
        [("P", "Je dors mal. Depuis janvier.", None, None, 2), ("T", "Depuis janvier ?", None, None, 4)],
    ),
    (
        "escaped-quotes",
        b'speaker,text\nP,"Il m\'a dit ""non"", voil\xc3\xa0."\n',
        [("P", "Il m'a dit \"non\", voilà.", None, None, 2)],
    ),
    (
        "blank-lines-skipped",
        b"\n\nspeaker;text\n\nT;Bien.\n ; \nP;Oui.\n",
        [("T", "Bien.", None, None, 5), ("P", "Oui.", None, None, 7)],
    ),
    (
        "crlf",
        b"speaker,text\r\nT,Bien.\r\nP,Oui.\r\n",
        [("T", "Bien.", None, None, 2), ("P", "Oui.", None, None, 3)],
    ),
    (
        "utf8-bom",
        "\ufefflocuteur;texte\nThérapeute;Ça va ?\n".encode("utf-8"),
        [("Thérapeute", "Ça va ?", None, None, 2)],
    ),
    (
        "cp1252",
        "locuteur;texte\nThérapeute;Qu’est-ce qui vous amène ?\n".encode("cp1252"),
        [("Thérapeute", "Qu’est-ce qui vous amène ?", None, None, 2)],
    ),
    (
        "trailing-delimiters",
        b"speaker;text\nT;Bien.;;\n",
        [("T", "Bien.", None, None, 2)],
    ),
    # --- speakers ---
    (
        "bracketed-speaker-id",
        b"speaker,text\n[SPEAKER_01],Bonjour.\nSPEAKER_01:,Encore.\n",
        [("SPEAKER_01", "Bonjour.", None, None, 2), ("SPEAKER_01", "Encore.", None, None, 3)],
    ),
    (
        "speaker-spellings-folded",
        "locuteur;texte\nThérapeute;Bonjour.\nTHERAPEUTE;Ça va ?\n".encode(),
        [("Thérapeute", "Bonjour.", None, None, 2), ("Thérapeute", "Ça va ?", None, None, 3)],
    ),
]


@pytest.mark.parametrize(("data", "expected"), [case[1:] for case in READER_CASES], ids=[case[0] for case in READER_CASES])
def test_read_csv_table(data: bytes, expected: list[Row]) -> None:
    transcript = _read(data)
    assert _rows(transcript) == expected
    assert transcript.warnings == ()


@pytest.mark.parametrize(
    ("data", "delimiter", "encoding"),
    [
        (b"speaker,text\nT,Bien.\n", "comma", "utf-8"),
        (b"speaker;text\nT;Bien.\n", "semicolon", "utf-8"),
        (b"speaker\ttext\nT\tBien.\n", "tab", "utf-8"),
        ("locuteur;texte\nT;Très bien.\n".encode("cp1252"), "semicolon", "cp1252"),
    ],
    ids=["comma", "semicolon", "tab", "cp1252"],
)
def test_metadata(data: bytes, delimiter: str, encoding: str) -> None:
    assert dict(_read(data).metadata) == {"format": "csv", "encoding": encoding, "delimiter": delimiter}


@pytest.mark.parametrize(
    ("data", "columns", "expected"),
    [
        (b"Qui;Quand;Dit\nT;00:00:02;Bien.\n", {"text": "Dit"}, [("T", "Bien.", None, None, 2)]),
        (b"Qui;Quand;Dit\nT;2;Bien.\n", {"speaker": "qui", "start": "QUAND", "text": "dit"}, [("T", "Bien.", 2.0, None, 2)]),
        (b"speaker;role;text\nSPEAKER_00;T;Bien.\n", {"speaker": "role"}, [("T", "Bien.", None, None, 2)]),
    ],
    ids=["text-named-speaker-by-alias", "all-named-any-case", "overrides-alias"],
)
def test_columns_option_names_headers(data: bytes, columns: dict[str, str], expected: list[Row]) -> None:
    assert _rows(_read(data, **columns)) == expected


# --- warnings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected", "warning"),
    [
        (
            b"speaker,start,end,text\nT,1,2,Bien.\nP,abc,4,Oui.\n",
            [("T", "Bien.", 1.0, 2.0, 2), ("P", "Oui.", None, 4.0, 3)],
            "line 3: start time 'abc' cannot be read, the row is kept without it",
        ),
        (
            b"speaker,start,text\nT,00:75:00,Bien.\n",
            [("T", "Bien.", None, None, 2)],
            "line 2: start time '00:75:00' cannot be read, the row is kept without it",
        ),
        (
            b"speaker,start,end,text\nT,1,2,Bien.\nP,3,4,\n",
            [("T", "Bien.", 1.0, 2.0, 2)],
            "line 3: no text, row skipped",
        ),
        (
            b"speaker,start,end,text\nT,1,2,Bien.\nFin de l'enregistrement\n",
            [("T", "Bien.", 1.0, 2.0, 2)],
            "line 3: 1 cells where the header has 4: the missing cells are read as empty; no text, row skipped",
        ),
        (
            b"speaker,text,start\nT,Bien.\n",
            [("T", "Bien.", None, None, 2)],
            "line 2: 2 cells where the header has 3: the missing cells are read as empty",
        ),
        (
            b"speaker,start,text\nP,1,Oui, bien s\xc3\xbbr, merci.\n",
            [("P", "Oui, bien sûr, merci.", 1.0, None, 2)],
            "line 2: 5 cells where the header has 3: the extra cells are taken as part of the text (an unquoted delimiter?)",
        ),
        (
            b"speaker,text,start\nP,Oui,1,2\n",
            [("P", "Oui", 1.0, None, 2)],
            "line 2: 4 cells where the header has 3: the extra cells are ignored",
        ),
        (
            b"speaker,text\nT,Bien.\n,Et ensuite ?\n,On verra.\nP,Oui.\n",
            [("T", "Bien.", None, None, 2), ("T", "Et ensuite ?", None, None, 3), ("T", "On verra.", None, None, 4), ("P", "Oui.", None, None, 5)],
            "line 3: this row and 1 more have no speaker: each takes the speaker of the row above",
        ),
        (
            b"speaker,text\n,Bonjour.\nT,Bien.\n",
            [("T", "Bien.", None, None, 3)],
            "line 2: no speaker, row skipped",
        ),
        (
            b"speaker,start,text\nT,10,Bien.\nP,5,Oui.\n",
            [("T", "Bien.", 10.0, None, 2), ("P", "Oui.", 5.0, None, 3)],
            "line 3: time goes backwards (5 s after 10 s)",
        ),
    ],
    ids=["bad-start", "minutes-out-of-range", "no-text", "one-cell-row", "fewer-cells", "unquoted-commas-in-text", "extra-cells-dropped", "speaker-filled-down", "no-speaker-first", "backwards"],
)
def test_odd_rows_warn_with_their_line(data: bytes, expected: list[Row], warning: str) -> None:
    transcript = _read(data)
    assert _rows(transcript) == expected
    assert transcript.warnings == (f"{SOURCE}: {warning}",)


# --- fixture files ----------------------------------------------------------------------


def test_excel_export_cp1252_semicolons_decimal_commas() -> None:
    path = DATA / "excel_cp1252_point_virgule.csv"
    transcript = read_csv(path.read_bytes(), source=str(path), session_id="excel")
    assert _rows(transcript) == [
        ("Psychologue", "Bonjour, comment s’est passée votre semaine ?", 0.0, 4.5, 2),
        ("Patient", "Pas très bien ; j’ai eu un coup de cœur pour rien… et puis la déprime.", 5.25, 12.0, 3),
        ("Psychologue", "« Un coup de cœur pour rien » : qu’est-ce que vous entendez par là ?", 12.5, 15.75, 4),
    ]
    assert transcript.metadata["encoding"] == "cp1252"
    (warning,) = transcript.warnings
    assert warning.startswith(f"{path}: line 3: 5 cells where the header has 4")


def test_tsv_with_bom_clock_times_and_quoted_line_break() -> None:
    path = DATA / "bom_horodatage.tsv"
    transcript = read_csv(path.read_bytes(), source=str(path), session_id="tsv")
    assert _rows(transcript) == [
        ("Thérapeute", "Vous vouliez parler de votre sœur.", 1.25, 4.0, 2),
        ("Client", "Oui. Elle m'a appelé hier soir, et ça s'est mal passé.", 4.5, 9.1, 3),
        ("Thérapeute", "Mal passé ?", 9.6, 11.0, 6),
    ]
    assert transcript.warnings == ()


def test_english_export_with_milliseconds() -> None:
    path = DATA / "anglais_millisecondes.csv"
    transcript = read_csv(path.read_bytes(), source=str(path), session_id="en")
    assert _rows(transcript) == [
        ("SPEAKER_00", 'Il vous a dit "non", c\'est ça ?', 0.0, 2.5, 2),
        ("SPEAKER_01", "Oui. Et je n'ai rien répondu.", 2.75, 6.02, 3),
    ]


def test_headers_named_by_the_columns_option() -> None:
    data = (DATA / "colonnes_a_nommer.csv").read_bytes()
    transcript = _read(data, speaker="Qui", start="Quand", text="Dit")
    assert _rows(transcript) == [("T", "On commence par la semaine passée ?", 2.0, None, 2), ("P", "D'accord.", 5.0, None, 3)]


# --- errors -----------------------------------------------------------------------------


def test_missing_columns_say_what_was_found_and_what_is_needed() -> None:
    with pytest.raises(NotATranscriptError) as info:
        _read(b"seance,duree\ns1,50\n")
    assert str(info.value) == (
        f"{SOURCE}: line 1: not a transcript table: the header has 'seance', 'duree' but needs a speaker column "
        "(locuteur or speaker…) and a text column (texte or text…); --columns speaker=…,text=… names other headers"
    )


@pytest.mark.parametrize(
    ("data", "columns", "error", "message"),
    [
        (b"\n\nspeaker;text\n", {}, InputError, "line 3: a header and no rows: no utterance"),
        (b"speaker,text\nT,\nP, \n", {}, InputError, "line 2: no row has both a speaker and a text"),
        (b"\nspeaker;texte\nT;Bien.\n", {"text": "Dit"}, NotATranscriptError, "line 2: no column 'Dit' (named by --columns) in the header, which has 'speaker', 'texte'"),
        (b"speaker;text\nT;Bien.\n", {"role": "speaker"}, InputError, "--columns: unknown field 'role'; the fields are speaker, start, end, text"),
        (b"", {}, InputError, "empty file: no header line and no rows"),
        (b" \r\n\t\r\n", {}, InputError, "empty file: no header line and no rows"),
        (b"speaker,text\nT,\x00\x01\x02\n", {}, InputError, "byte 15: binary data, not a text transcript"),
    ],
    ids=["header-only", "no-text-anywhere", "named-header-absent", "unknown-field", "empty", "blank", "binary"],
)
def test_errors_name_file_and_place(data: bytes, columns: dict[str, str], error: type[InputError], message: str) -> None:
    with pytest.raises(error) as info:
        _read(data, **columns)
    assert str(info.value) == f"{SOURCE}: {message}"


# --- helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "scale", "seconds"),
    [
        ("12.5", 1.0, 12.5),
        ("12,5", 1.0, 12.5),
        (" 7 ", 1.0, 7.0),
        ("1500", 0.001, 1.5),
        ("00:00:01,250", 1.0, 1.25),
        ("01:02.5", 1.0, 62.5),
        ("[00:01:02]", 1.0, 62.0),
        ("", 1.0, None),
    ],
)
def test_parse_seconds(cell: str, scale: float, seconds: float | None) -> None:
    assert parse_seconds(cell, scale=scale) == seconds


@pytest.mark.parametrize("cell", ["abc", "-3", "1e3", "9" * 400, "00:75:00", "1:2:3:4", "12 s"])
def test_parse_seconds_refuses(cell: str) -> None:
    with pytest.raises(ValueError):
        parse_seconds(cell)


@pytest.mark.parametrize(
    ("header", "fields"),
    [
        (["Locuteur", "Début", "Fin", "Texte"], {"speaker": 0, "start": 1, "end": 2, "text": 3}),
        (["Speaker Name", "Start Time", "End Time", "Transcript"], {"speaker": 0, "start": 1, "end": 2, "text": 3}),
        (["Heure de début", "Interlocutrice", "Réplique"], {"start": 0, "speaker": 1, "text": 2}),
        (["rôle", "locuteur", "texte", "text"], {"speaker": 1, "text": 2}),
        (["note", "commentaire"], {}),
    ],
    ids=["french", "english", "french-variants", "first-alias-wins", "none"],
)
def test_map_columns(header: list[str], fields: dict[str, int]) -> None:
    assert dict(map_columns(header, columns={}).index) == fields


def test_every_alias_is_its_own_key() -> None:
    table = transcript_columns()
    assert set(table.values()) == {"speaker", "start", "end", "text"}
    assert all(column_key(alias) == alias for alias in table)
