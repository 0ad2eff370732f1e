"""Reading a supervisor's corrections: both kinds of file, French and English headers and values, bad rows as one-line errors."""

from __future__ import annotations

import csv
import io

import pytest

from analyser.corrections import read_corrections
from analyser.errors import InputError
from analyser.render.csv import CsvDialect, CsvTable
from analyser.rows import UTTERANCE_COLUMNS, utterance_rows

from ..sessions_by_hand import short_session


def write(tmp_path, content: str | bytes, name: str = "corrections.csv"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def found(path) -> list[tuple[str, int | None, str, str | None]]:
    corrections = read_corrections(path)
    return [(c.session, c.line, c.code, c.value) for items in corrections.by_session.values() for c in items]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("session,line,code,value\nseance-a,3,question,closed\n", [("seance-a", 3, "question", "closed")]),
        ("séance;ligne;code;valeur\nseance-a;3;question;fermée\n", [("seance-a", 3, "question", "closed")]),
        ("Seance;Ligne;Code;Valeur\r\nseance-a;3;QUESTION;Fermee\r\n", [("seance-a", 3, "question", "closed")]),
        ("\ufeffSéance;N° de ligne;Code;Valeur\nseance-a;7;reflet;reformulation complexe\n", [("seance-a", 7, "reflection", "complex")]),
        ("session,line,code,value\nseance-a,7,reflection,simple\nseance-a,9,reformulation,aucun\n", [("seance-a", 7, "reflection", "simple"), ("seance-a", 9, "reflection", None)]),
        ("Session,Line,Code,Value\nseance-a,5,apport,conseil\nseance-a,6,input,none\n", [("seance-a", 5, "input", "advice"), ("seance-a", 6, "input", None)]),
        ("séance,ligne,code,valeur\ns1,5,apport du thérapeute,négociation\ns1,8,apport,choix proposés\n", [("s1", 5, "input", "negotiation"), ("s1", 8, "input", "options")]),
        ("séance;ligne;code;valeur\ns1;4;discours;changement\ns1;6;discours du client;maintien\ns1;8;client_talk;neutre\n",
         [("s1", 4, "client_talk", "change"), ("s1", 6, "client_talk", "sustain"), ("s1", 8, "client_talk", "neutral")]),
        # Blank rows, and rows of empty cells a spreadsheet leaves behind, are skipped.
        ("session,line,code,value\n\n,,,\ns2,3,question,ouverte\n", [("s2", 3, "question", "open")]),
        # Columns in another order, and one more column the file keeps for itself.
        ("valeur;commentaire;code;ligne;séance\nfermée;trop directif;question;12;s3\n", [("s3", 12, "question", "closed")]),
        # A cell made inert for spreadsheets by rapport's CSV writer: the apostrophe is not part of the session id.
        ("session,line,code,value\n'-s4,3,question,open\n", [("-s4", 3, "question", "open")]),
    ],
)
def test_a_corrections_file_in_french_or_english(tmp_path, content, expected):
    path = write(tmp_path, content)
    assert read_corrections(path).form == "corrections"
    assert found(path) == expected


def test_utf8_with_a_byte_order_mark_and_semicolons(tmp_path):
    path = write(tmp_path, "\ufeffséance;ligne;code;valeur\r\nséance-é;3;question;ouverte\r\n".encode())
    assert found(path) == [("séance-é", 3, "question", "open")]


def utterance_csv(analysis, dialect: CsvDialect | None = None) -> str:
    """The utterance CSV `rapport analyse --utterances` writes for `analysis`."""
    stream = io.StringIO(newline="")
    table = CsvTable(stream, UTTERANCE_COLUMNS, dialect or CsvDialect())
    for row in utterance_rows(analysis):
        table.write(row)
    return stream.getvalue()


@pytest.mark.parametrize("dialect", [CsvDialect(), CsvDialect.for_separator(";")], ids=["comma", "semicolon"])
def test_an_utterance_csv_gives_every_code_of_every_utterance(tmp_path, dialect):
    analysis = short_session(session_id="-seance")  # a session id the CSV makes inert
    corrections = read_corrections(write(tmp_path, utterance_csv(analysis, dialect)))
    assert corrections.form == "utterances"
    assert list(corrections.by_session) == ["-seance"]
    expected = []
    for coded in analysis.utterances:
        codes = ("question", "reflection", "input") if coded.utterance.role == "therapist" else ("client_talk",)
        expected += [(coded.utterance.source_line, coded.utterance.index + 1, code, getattr(coded, code)) for code in codes]
    assert [(c.line, c.number, c.code, c.value) for c in corrections.by_session["-seance"]] == expected


def test_an_edited_cell_of_an_utterance_csv_in_french(tmp_path):
    analysis = short_session()
    rows = list(csv.DictReader(io.StringIO(utterance_csv(analysis).removeprefix("\ufeff"), newline="")))
    assert rows[2]["reflection"] == "simple"  # utterance 3: the therapist's simple reflection
    rows[2]["reflection"] = "complexe"
    stream = io.StringIO(newline="")
    writer = csv.DictWriter(stream, fieldnames=UTTERANCE_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    corrections = read_corrections(write(tmp_path, stream.getvalue()))
    assert [(c.code, c.value) for c in corrections.by_session["seance"] if c.number == 3] == [("question", None), ("reflection", "complex"), ("input", None)]


@pytest.mark.parametrize(
    ("content", "place", "message"),
    [
        ("session,line,code,value\ns,3,humeur,open\n", "line 2", "unknown code 'humeur'"),
        ("session,line,code,value\ns,3,question,rhétorique\n", "line 2", "question cannot be 'rhétorique'"),
        ("session,line,code,value\ns,3,reflet,fermée\n", "line 2", "reflection cannot be 'fermée'"),
        ("session,line,code,value\ns,3,discours,aucun\ns,trois,question,open\n", "line 3", "line must be a line number, not 'trois'"),
        ("session,line,code,value\ns,0,question,open\n", "line 2", "line must be a line number"),
        ("session,line,code,value\n,3,question,open\n", "line 2", "the session is empty"),
        ("session,line,code,value\ns,3,question,\n", "line 2", "no value for question"),
        ("séance;ligne;code;valeur\ns;3;question;ouverte\ns;4;question;ouverte\ns;3;question;fermée\n", "line 4", "line 2 says open"),
        ("a,b,c\n1,2,3\n", "line 1", "not a corrections file"),
        ("session_id,index,source_line,question\ns,,,open\n", "line 2", "neither a source_line nor an index"),
        ("session_id,index,source_line,question\ns,1,1,ouvert-ish\n", "line 2", "question cannot be 'ouvert-ish'"),
    ],
)
def test_bad_rows_are_one_line_errors_naming_the_file_and_line(tmp_path, content, place, message):
    path = write(tmp_path, content)
    with pytest.raises(InputError) as caught:
        read_corrections(path)
    error = caught.value
    assert (error.source, error.place) == (str(path), place)
    assert message in error.message
    assert "\n" not in str(error)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"session,line,code,value\ns\xe9ance,3,question,open\n", "the corrections are not UTF-8"), (None, "cannot read the corrections")],
)
def test_an_unreadable_file_is_one_line(tmp_path, content, message):
    path = tmp_path / "corrections.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_corrections(path)


def test_the_same_correction_twice_is_kept_once(tmp_path):
    path = write(tmp_path, "session,line,code,value\ns,3,question,open\ns,3,question,ouverte\n")
    assert found(path) == [("s", 3, "question", "open")]
