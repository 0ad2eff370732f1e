"""`rapport analyse|report|check --corrections` on the samples: figures measured again, the summary, warnings, the round trip."""

from __future__ import annotations

import csv
import io
import json

import lxml.html
import pytest
from click.testing import CliRunner, Result

from analyser.cli.main import main
from analyser.corrections import Correction, correct_session, read_corrections
from analyser.gate.checks import check_row, load_config
from analyser.render.csv import CsvDialect, write_csv
from analyser.rows import session_row

from ..conftest import SAMPLES

# The samples are analysed once for the run: these tests run commands over them again and again (conftest.py).
pytestmark = [pytest.mark.model, pytest.mark.usefixtures("shared_analyses")]

ALLIANCE = SAMPLES / "premiere-seance-alliance.txt"


@pytest.fixture(scope="module")
def analysed(nlp) -> dict:
    """The samples' analyses by session id, as `rapport analyse samples/` measures them."""
    from analyser.batch.run import analyse_paths

    return {a.transcript.session_id: a for a in analyse_paths(sorted(str(p) for p in SAMPLES.glob("*.txt")), nlp=nlp)}


def run(*args: str) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def write_corrections(path, corrections: list[Correction]) -> None:
    """A French corrections file, with semicolons, as a supervisor's spreadsheet saves it."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Séance", "Ligne", "Code", "Valeur"])
        french = {"question": "question", "reflection": "reflet", "input": "apport", "client_talk": "discours"}
        values = {None: "aucun", "open": "ouverte", "closed": "fermée", "simple": "simple", "complex": "complexe"}
        writer.writerows([c.session, c.line, french[c.code], values[c.value]] for c in corrections)


def first(analysis, *, question=None, reflection=None):
    """The first utterance with that code, so that no line number is written into the test."""
    return next(c for c in analysis.utterances if (question is None or c.question == question) and (reflection is None or c.reflection == reflection))


def expected_csv(results) -> str:
    """The session CSV of `results`, with the line ends CliRunner gives."""
    stream = io.StringIO(newline="")
    write_csv(results, stream, generator={}, dialect=CsvDialect())
    return stream.getvalue().replace("\r\n", "\n")


def test_analyse_measures_every_figure_again_from_the_corrected_codes(tmp_path, analysed):
    alliance = analysed["premiere-seance-alliance"]
    corrections = [
        Correction(alliance.transcript.session_id, first(alliance, reflection="simple").utterance.source_line, "reflection", None, 0),
        Correction(alliance.transcript.session_id, first(alliance, question="open").utterance.source_line, "question", "closed", 0),
    ]
    path = tmp_path / "corrections.csv"
    write_corrections(path, corrections)
    result = run("analyse", SAMPLES, "--format", "csv", "--corrections", path)
    assert result.exit_code == 0, result.output
    corrected = [correct_session(a, corrections)[0] if a is alliance else a for a in analysed.values()]
    assert result.stdout == expected_csv(corrected)
    assert result.stdout != expected_csv(analysed.values())
    assert "Corrections du superviseur" in result.stderr and "codes corrigés : 2 " in result.stderr


def test_json_holds_the_corrections_block_and_both_codes(tmp_path, analysed):
    alliance = analysed["premiere-seance-alliance"]
    line = first(alliance, reflection="complex").utterance.source_line
    path = tmp_path / "corrections.csv"
    path.write_text(f"session,line,code,value\npremiere-seance-alliance,{line},reflection,simple\nabsente,3,question,open\n", encoding="utf-8")
    result = run("analyse", SAMPLES, "--format", "json", "--corrections", path)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    block = document["corrections"]
    assert (block["corrected_codes"], block["reviewed_sessions"], [u["reason"] for u in block["unmatched"]]) == (1, 1, ["no_session"])
    (session,) = [s for s in document["sessions"] if s["session_id"] == "premiere-seance-alliance"]
    (changed,) = [u for u in session["utterances"] if "corrected_from" in u]
    assert (changed["source_line"], changed["reflection"], changed["corrected_from"]) == (line, "simple", {"reflection": "complex"})
    # The unmatched correction is a warning naming the file and its line, in French by default, and in English on demand.
    assert f"{path} : ligne 3 : aucune séance « absente »" in result.stderr
    english = run("analyse", ALLIANCE, "--format", "json", "--corrections", path, "--lang", "en")
    assert f"{path}: line 3: no session 'absente'" in english.stderr and "Supervisor corrections" in english.stderr


def test_report_shows_the_corrections_in_the_index_and_on_the_page(tmp_path, analysed):
    alliance = analysed["premiere-seance-alliance"]
    line = first(alliance, reflection="simple").utterance.source_line
    path = tmp_path / "corrections.csv"
    path.write_text(f"séance,ligne,code,valeur\npremiere-seance-alliance,{line},reflet,complexe\n", encoding="utf-8")
    out = tmp_path / "rapport"
    result = run("report", SAMPLES, "-o", out, "--corrections", path)
    assert result.exit_code == 0, result.output
    index = lxml.html.fromstring((out / "index.html").read_text(encoding="utf-8"))
    assert index.xpath("//section[@id='corrections']//text()[contains(., 'codes corrigés : 1 ')]")
    page = lxml.html.fromstring((out / "sessions" / "premiere-seance-alliance.html").read_text(encoding="utf-8"))
    number = next(c for c in alliance.utterances if c.utterance.source_line == line).utterance.index + 1
    (badge,) = page.xpath("//span[contains(@class, 'badge-corrected')]")
    assert badge.xpath(f"ancestor::li[@id='u{number}']")
    assert "Corrections du superviseur" in result.stderr


def test_check_gates_the_corrected_figures(tmp_path, analysed):
    alliance = analysed["premiere-seance-alliance"]
    config = load_config(profile="miti-fair")
    assert check_row(session_row(alliance), config).failed
    # Take closed questions away until the session has as many reflections as questions: R:Q then reaches 1.
    coding = alliance.profile.coding
    surplus = coding.open_questions + coding.closed_questions - coding.simple_reflections - coding.complex_reflections
    closed = [c.utterance.source_line for c in alliance.utterances if c.question == "closed"][:surplus]
    corrections = [Correction("premiere-seance-alliance", line, "question", None, 0) for line in closed]
    corrected, _, _ = correct_session(alliance, corrections)
    assert not check_row(session_row(corrected), config).failed
    path = tmp_path / "corrections.csv"
    write_corrections(path, corrections)
    assert run("check", ALLIANCE).exit_code == 1
    result = run("check", ALLIANCE, "--corrections", path)
    assert result.exit_code == 0, result.output
    assert f"codes corrigés : {surplus} " in result.stderr


def test_a_bad_corrections_file_is_one_line_and_nothing_runs(tmp_path):
    path = tmp_path / "corrections.csv"
    path.write_text("séance;ligne;code;valeur\nx;3;question;peut-être\n", encoding="utf-8")
    for command in (["analyse"], ["check"], ["report", "-o", tmp_path / "out"]):
        result = run(*command, ALLIANCE, "--corrections", path)
        assert result.exit_code == 1
        assert result.stderr.strip().splitlines() == [f"Erreur : {path} : ligne 2 : question ne peut pas valoir « peut-être » : il vaut open, closed ou none (aucun)"]
        assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
    english = run("analyse", ALLIANCE, "--corrections", path, "--lang", "en")
    assert english.stderr.strip().splitlines() == [f"Error: {path}: line 2: question cannot be 'peut-être': it is open, closed or none"]


def test_round_trip_edit_the_utterance_csv_and_feed_it_back(tmp_path, analysed):
    utterances = tmp_path / "enonces.csv"
    assert run("analyse", ALLIANCE, "--utterances", utterances, "--csv-sep", ";", "-o", tmp_path / "profil.txt").exit_code == 0
    with open(utterances, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    reflected = next(row for row in rows if row["reflection"] == "simple")
    reflected["reflection"] = ""  # the supervisor hears no reflection here
    asked = next(row for row in rows if row["question"] == "closed")
    asked["question"] = "ouverte"  # and an open question there, written in French
    with open(utterances, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)

    again = tmp_path / "enonces-corriges.csv"
    result = run("analyse", ALLIANCE, "--format", "csv", "--corrections", utterances, "--utterances", again)
    assert result.exit_code == 0, result.output
    alliance = analysed["premiere-seance-alliance"]
    corrected, changed, unmatched = correct_session(alliance, read_corrections(utterances).by_session["premiere-seance-alliance"])
    assert (dict(changed), unmatched) == ({"question": 1, "reflection": 1}, [])
    assert result.stdout == expected_csv([corrected])
    assert "codes corrigés : 2 " in result.stderr
    # The utterance CSV of the corrected run holds the supervisor's codes: fed back, it changes nothing more.
    with open(again, encoding="utf-8-sig", newline="") as handle:
        written = {row["source_line"]: row for row in csv.DictReader(handle)}
    assert (written[reflected["source_line"]]["reflection"], written[asked["source_line"]]["question"]) == ("", "open")
    assert sum(correct_session(corrected, read_corrections(again).by_session["premiere-seance-alliance"])[1].values()) == 0
