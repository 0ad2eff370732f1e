"""`rapport trend`: text, CSV and JSON of the series in tests/data/series/, from transcripts or from JSON Lines, and its errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyser.cli.main import main
from analyser.profile.registry import TREND_METRICS
from analyser.render.trend import TREND_CSV_COLUMNS
from analyser.resources import report_labels

from ..conftest import TEST_DATA

SERIES = TEST_DATA / "series"
MANIFEST = SERIES / "manifest.csv"
SESSIONS = sorted(SERIES.glob("*.txt"))

pytestmark = pytest.mark.model


def run(*args: str):
    return CliRunner().invoke(main, ["trend", *args])


@pytest.fixture(scope="module")
def analysed(tmp_path_factory) -> str:
    """The four sessions analysed once, as `rapport analyse --format jsonl` writes them."""
    path = tmp_path_factory.mktemp("trend") / "series.jsonl"
    result = CliRunner().invoke(main, ["analyse", str(SERIES), "--format", "jsonl", "-o", str(path), "-q"])
    assert result.exit_code == 0, result.output
    return str(path)


def test_text_in_french_by_default(analysed):
    result = run(analysed, "--manifest", str(MANIFEST))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Série Dupont — 4 séances — thérapeute : Mme Leroy ; client : M. Dupont\n")
    assert "dans la marge d'erreur" in result.output
    assert "14/03/2026" in result.output and "\u00a0%" in result.output
    for metric in TREND_METRICS:
        assert f"\n{report_labels('fr')[metric.trend_key]}\n" in result.output


def test_text_in_english(analysed):
    result = run(analysed, "--manifest", str(MANIFEST), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Series Dupont — 4 sessions")
    assert "within the error margin" in result.output and "2026-03-14" in result.output
    assert "improvement" not in result.output.lower()


def test_csv_has_one_row_per_session_and_figure(analysed):
    result = run(analysed, "--manifest", str(MANIFEST), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output.lstrip("\ufeff"))))
    assert tuple(rows[0]) == TREND_CSV_COLUMNS
    assert len(rows) == len(SESSIONS) * len(TREND_METRICS)
    assert {row["series"] for row in rows} == {"Dupont"}
    assert [row["date"] for row in rows[:: len(TREND_METRICS)]] == ["2026-03-14", "2026-03-28", "2026-04-04", "2026-04-11"]
    first = [row for row in rows if row["number"] == "1"]
    assert {row["since_first_verdict"] for row in first} == {"unknown"}
    assert {row["since_previous_verdict"] for row in rows} <= {"up", "down", "within", "unknown"}


def test_json_from_transcripts_equals_json_from_json_lines(analysed):
    from_lines = run(analysed, "--manifest", str(MANIFEST), "--format", "json")
    from_transcripts = run(*map(str, SESSIONS), "--manifest", str(MANIFEST), "--format", "json", "-q")
    assert from_lines.exit_code == 0 and from_transcripts.exit_code == 0, from_lines.output + from_transcripts.output
    lines, transcripts = json.loads(from_lines.output), json.loads(from_transcripts.output)
    assert lines["series"] == transcripts["series"]
    [series] = lines["series"]
    assert series["series"] == "Dupont"
    assert [session["position"] for session in series["sessions"]] == [1, 2, 3, 4]
    assert [figure["figure"] for figure in series["figures"]] == [metric.name for metric in TREND_METRICS]
    assert set(lines["margin"]["coding_errors"]) == {metric.name for metric in TREND_METRICS}
    assert lines["warnings"] == [] and lines["errors"] == []


def test_without_a_manifest_the_file_names_make_the_series(analysed):
    result = run(analysed, "--format", "json")
    [series] = json.loads(result.output)["series"]
    assert series["series"] == "dupont"
    assert [session["session_id"] for session in series["sessions"]] == ["dupont-s01", "dupont-s02", "dupont-s03", "dupont-s04"]


def test_series_name_makes_one_series_of_every_input(analysed):
    result = run(analysed, "--series", "Stage Leroy", "--format", "json")
    assert [series["series"] for series in json.loads(result.output)["series"]] == ["Stage Leroy"]


def test_rows_and_inputs_that_do_not_match_are_one_line_warnings(analysed, tmp_path):
    manifest = tmp_path / "m.csv"
    manifest.write_text("fichier,série,séance\ndupont-s01.txt,Dupont,1\ndupont-s02.txt,Dupont,2\ndupont-s09.txt,Dupont,9\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["trend", analysed, "--manifest", str(manifest), "--format", "json"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line]
    assert f"rapport : avertissement : {manifest} : ligne 4 : dupont-s09.txt n'est pas parmi les fichiers analysés" in warnings
    assert sum("absent du manifeste" in line for line in warnings) == 2
    document = json.loads(result.stdout)
    assert len(document["series"][0]["sessions"]) == 2
    assert {warning["warning"] for warning in document["warnings"]} == {"not_in_inputs", "not_in_manifest"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("fichier;séance\ndupont-s01.txt;1\n", "line 1: the manifest needs the columns series"),
        ("fichier;série;date\ndupont-s01.txt;X;le 3 mars\n", "line 2: the date must be"),
    ],
)
def test_a_bad_manifest_is_a_one_line_error_with_exit_1(analysed, tmp_path, content, expected):
    manifest = tmp_path / "m.csv"
    manifest.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["trend", analysed, "--manifest", str(manifest), "--lang", "en"])
    assert result.exit_code == 1
    [line] = [line for line in result.stderr.splitlines() if line]
    assert str(manifest) in line and expected in line
    assert "Traceback" not in result.output


def test_a_cut_json_lines_file_is_a_one_line_error(analysed, tmp_path):
    cut = tmp_path / "cut.jsonl"
    lines = Path(analysed).read_text(encoding="utf-8").splitlines(keepends=True)
    cut.write_text("".join(lines[:-1]), encoding="utf-8")
    result = CliRunner().invoke(main, ["trend", str(cut)])
    assert result.exit_code == 1
    assert str(cut) in result.stderr and len([line for line in result.stderr.splitlines() if line]) == 1


def test_an_unreadable_transcript_leaves_the_trend_of_the_others_and_exit_3(tmp_path):
    for path in SESSIONS[:2]:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "dupont-s03.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["trend", str(tmp_path), "--format", "json"])
    assert result.exit_code == 3
    document = json.loads(result.stdout)
    assert len(document["series"][0]["sessions"]) == 2
    assert [error["source"] for error in document["errors"]] == [str(tmp_path / "dupont-s03.txt")]
