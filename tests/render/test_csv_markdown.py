"""CSV and Markdown outputs: dialects, inert cells, escaping, and the documented columns."""

from __future__ import annotations

import csv
import importlib
import io
import re

import pytest
from click.testing import CliRunner

from analyser.cli.main import main
from analyser.render.csv import CsvDialect, inert
from analyser.render.markdown import markdown_table, markdown_text
from analyser.render.registry import RENDERERS
from analyser.rows import SESSION_COLUMNS, UTTERANCE_COLUMNS, numeric_columns

from ..conftest import REPO

OUTPUTS_PAGE = (REPO / "docs" / "outputs.md").read_text(encoding="utf-8")

# A CSV transcript, so that a speaker may be named anything: here, a spreadsheet formula.
TRANSCRIPT = """\
start,speaker,text
0,Thérapeute,"Bonjour, qu'est-ce qui vous amène aujourd'hui ?"
4,"=HYPERLINK(""http://exemple.invalid"",""clic"")",Je dors mal depuis des semaines.
8,Thérapeute,Vous dormez mal depuis des semaines.
11,"=HYPERLINK(""http://exemple.invalid"",""clic"")",-1+1 @SOMME(A1) et ça m'épuise.
"""

@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Bonjour", "Bonjour"),
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+33 6 12", "'+33 6 12"),
        ("-1+1", "'-1+1"),
        ("@SOMME(A1)", "'@SOMME(A1)"),
        ("\tcaché", "'\tcaché"),
        ("a = b", "a = b"),
        ("", ""),
    ],
)
def test_text_cells_are_inert_in_spreadsheets(text, shown):
    assert inert(text) == shown


@pytest.mark.parametrize(
    ("separator", "decimal", "value", "cell"),
    [
        (",", None, 0.4598, "0.4598"),
        (";", None, 0.4598, "0,4598"),
        (";", ".", 0.4598, "0.4598"),
        ("\t", None, 902.0, "902.0"),
        (",", None, None, ""),
        (",", None, True, "true"),
        (";", None, 12, "12"),
        (";", None, "-x", "'-x"),
    ],
)
def test_dialect_writes_cells(separator, decimal, value, cell):
    assert CsvDialect.for_separator(separator, decimal).cell(value) == cell


def test_decimal_mark_cannot_be_the_separator():
    with pytest.raises(ValueError, match="decimal mark"):
        CsvDialect.for_separator(",", ",")


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("seance-1", "seance-1"),
        ("a|b", r"a\|b"),
        ("[lien](http://x)", r"\[lien\]\(http\://x\)"),
        ("<script>", r"\<script\>"),
        ("*gras* _it_ `code`", r"\*gras\* \_it\_ \`code\`"),
        ("deux\nlignes", "deux lignes"),
    ],
)
def test_markdown_text_is_shown_as_written(text, escaped):
    assert markdown_text(text) == escaped


def test_markdown_table_aligns_numbers_right():
    table = markdown_table(["session", "n"], [["a", "1"]])
    assert table.splitlines() == ["| session | n |", "| --- | ---: |", "| a | 1 |"]


def test_every_csv_column_is_documented_in_the_outputs_page():
    section = OUTPUTS_PAGE.split("\n## CSV columns\n", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z0-9_]+)`", section, flags=re.MULTILINE))
    families = {"therapist_<field>", "client_<field>"}
    expanded = {c for c in SESSION_COLUMNS if not re.match(r"(therapist|client)_(utterances|turns|words|word_share|talk_time_s|time_share|overlap_s|interruptions|mean_turn_words|median_turn_words|longest_turn_words)$", c)}
    expanded = {c for c in expanded if not re.match(r"therapist_word_share_w\d\d$", c)}
    assert expanded <= documented | families, sorted(expanded - documented)
    assert set(UTTERANCE_COLUMNS) <= documented, sorted(set(UTTERANCE_COLUMNS) - documented)


def test_checkable_metrics_are_numeric_columns():
    numeric = numeric_columns()
    assert "open_question_share" in numeric and "therapist_word_share" in numeric
    assert not {"session_id", "source", "open_question_share_band"} & set(numeric)


@pytest.fixture
def transcript(tmp_path):
    path = tmp_path / "séance=1.csv"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    return path


@pytest.mark.model
@pytest.mark.parametrize(("option", "separator", "decimal"), [([], ",", "."), (["--csv-sep", ";"], ";", ","), (["--csv-sep", "tab"], "\t", ".")])
def test_csv_outputs_parse_back_with_their_dialect(transcript, tmp_path, option, separator, decimal):
    sessions, utterances = tmp_path / "sessions.csv", tmp_path / "utterances.csv"
    result = CliRunner().invoke(main, ["analyse", str(transcript), "--therapist", "Thérapeute", "--format", "csv", *option, "-o", str(sessions), "--utterances", str(utterances)])
    assert result.exit_code == 0, result.output
    for path, columns in ((sessions, SESSION_COLUMNS), (utterances, UTTERANCE_COLUMNS)):
        raw = path.read_bytes()
        assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=separator))
        assert tuple(rows[0]) == columns
    session = dict(zip(SESSION_COLUMNS, list(csv.reader(io.StringIO(sessions.read_text("utf-8-sig"), newline=""), delimiter=separator))[1], strict=True))
    assert session["session_id"] == "séance=1"  # not at the start of the cell: left as written
    assert session["utterances"] == "4" and decimal in session["therapist_word_share"]
    rows = list(csv.DictReader(io.StringIO(utterances.read_text("utf-8-sig"), newline=""), delimiter=separator))
    assert [row["index"] for row in rows] == ["1", "2", "3", "4"]
    assert rows[1]["speaker"].startswith("'=HYPERLINK")
    assert rows[3]["text"] == "'-1+1 @SOMME(A1) et ça m'épuise."
    assert rows[2]["reflection"] == "simple" and "REFLECTION_SIMPLE@" in rows[2]["markers"]


@pytest.mark.model
def test_markdown_output_holds_no_transcript_text_or_speaker_names(transcript, tmp_path):
    broken = tmp_path / "cassé.srt"
    broken.write_text("1\n00:00:01,000 --> pas une heure Marguerite\nBonjour\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["analyse", str(transcript), str(broken), "--format", "markdown"])
    assert result.exit_code == 3
    assert "séance=1" in result.stdout and "cassé (ligne 2) : n'a pas pu être lu" in result.stdout
    for private in ("Thérapeute", "HYPERLINK", "dors mal", "Marguerite"):
        assert private not in result.stdout


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_every_output_format_names_a_writer(fmt):
    module, _, function = RENDERERS[fmt].partition(":")
    assert callable(getattr(importlib.import_module(f"analyser.render.{module}"), function))


@pytest.mark.parametrize(
    ("lang", "names", "said"),
    [
        (
            "fr",
            {"open": "% questions ouvertes", "complex": "% reflets complexes", "adherent": "% conformes à l'EM", "target": "comportement cible",
             "adherence": "conformes / non conformes à l'EM", "change": "% discours-changement"},
            {"open": "67\u00a0%, trop peu pour conclure (n = 3)", "complex": "50\u00a0%, trop peu pour conclure (n = 2)", "adherent": "100\u00a0% (bon)",
             "target": "aucun", "change": "–, trop peu pour conclure (n = 0)"},
        ),
        (
            "en",
            {"open": "% open questions", "complex": "% complex reflections", "adherent": "% MI-adherent", "target": "target behaviour",
             "adherence": "MI-adherent / non-adherent", "change": "% change talk"},
            {"open": "67%, too few to conclude (n = 3)", "complex": "50%, too few to conclude (n = 2)", "adherent": "100% (good)",
             "target": "none", "change": "–, too few to conclude (n = 0)"},
        ),
    ],
)
def test_markdown_says_too_few_and_gives_the_miti_summary(lang, names, said):
    from analyser.render.markdown import write_markdown

    from ..sessions_by_hand import short_session

    stream = io.StringIO()
    write_markdown([short_session()], stream, generator={"version": "0", "data_version": "0"}, lang=lang)
    blocks = [block for block in stream.getvalue().split("\n\n") if block.startswith("|")]
    sessions, legend, miti = (block.splitlines() for block in blocks)
    header = sessions[0].split(" | ")
    row = dict(zip(header, sessions[2].split(" | "), strict=True))
    # Three questions, two reflections: values given, no band.
    assert row[names["open"]] == said["open"]
    assert row[names["complex"]] == said["complex"]
    assert row[names["adherent"]] == said["adherent"]  # three adherent utterances: the minimum is three
    assert len(legend) == 2 + 6  # every banded figure with its thresholds and their source
    summary = dict(zip(miti[0].split(" | "), miti[2].split(" | "), strict=True))
    assert summary[names["target"]] == said["target"]
    assert summary[names["adherence"]] == "3 / 0"
    assert summary[names["change"]] == said["change"]
