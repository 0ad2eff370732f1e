"""`rapport check` on real files: exit codes that follow from the samples' figures, every CI output, and privacy."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from analyser.cli.check import check
from analyser.cli.main import main
from analyser.gate.checks import builtin_profiles
from analyser.profile.bands import minimum_counts
from analyser.profile.numbers import format_number
from analyser.render.checks import check_name
from analyser.render.github import escape_data
from analyser.render.report_text import ReportText
from analyser.rows import session_row

from ..conftest import SAMPLES

# The samples are analysed once for the run: these tests run commands over them again and again (conftest.py).
pytestmark = [pytest.mark.model, pytest.mark.usefixtures("shared_analyses")]

PROFILES = ("miti-fair", "miti-good")
FRENCH = ReportText.for_lang("fr")  # check speaks French unless --lang en


@pytest.fixture(scope="module")
def sample_rows(nlp, sample_paths) -> dict[str, dict]:
    """The samples' session rows, as `rapport analyse samples/ --format csv` gives them."""
    from analyser.batch.run import analyse_paths

    return {row["session_id"]: row for row in (session_row(analysis) for analysis in analyse_paths(sample_paths, nlp=nlp))}


def too_few(row: dict, metric: str) -> bool:
    """Whether the codes behind `metric` are fewer than its minimum: the check is skipped (when_too_few = skip)."""
    needed = minimum_counts().get(metric)
    return needed is not None and sum(row[column] for column in needed.counted) < needed.minimum


def falls_short(row: dict, profile: str) -> list[str]:
    """The thresholds of `profile` a row does not meet, computed here from the figures, apart from analyser.gate.checks."""
    short = []
    for threshold in builtin_profiles()[profile].thresholds:
        value = row[threshold.metric]
        if too_few(row, threshold.metric):
            continue
        if value is None or (value < threshold.value if threshold.kind == "min" else value > threshold.value):
            short.append(threshold.label)
    return short


def invoke(args: list[str], env: dict[str, str | None] | None = None) -> Result:
    """Run `rapport check`; GITHUB_STEP_SUMMARY unset unless given, even when the tests run on GitHub."""
    return CliRunner().invoke(check, args, env={"GITHUB_STEP_SUMMARY": None, **(env or {})})


@pytest.fixture(scope="module")
def sample_runs(nlp, tmp_path_factory) -> dict[str, dict]:
    """`rapport check samples/` under each profile with every output on, run once per profile."""
    runs = {}
    for profile in PROFILES:
        folder = tmp_path_factory.mktemp(profile)
        summary = folder / "step_summary.md"
        summary.write_text("## An earlier step\n\nits summary\n", encoding="utf-8")
        junit, markdown = folder / "report.xml", folder / "summary.md"
        args = [str(SAMPLES), "--profile", profile, "--junit", str(junit), "--markdown", str(markdown), "--github"]
        result = invoke(args, env={"GITHUB_STEP_SUMMARY": str(summary)})
        runs[profile] = {
            "result": result,
            "junit": junit.read_text(encoding="utf-8"),
            "markdown": markdown.read_text(encoding="utf-8"),
            "step_summary": summary.read_text(encoding="utf-8"),
        }
    return runs


@pytest.mark.parametrize("profile", PROFILES)
def test_exit_code_follows_from_the_samples_figures(sample_rows, sample_runs, profile):
    result = sample_runs[profile]["result"]
    expected = 1 if any(falls_short(row, profile) for row in sample_rows.values()) else 0
    assert result.exit_code == expected, result.output
    for session_id, row in sample_rows.items():
        verdict = "ÉCHEC" if falls_short(row, profile) else "RÉUSSI"
        assert re.search(rf"^{verdict} +{re.escape(session_id)}$", result.stdout, re.MULTILINE)


@pytest.mark.parametrize("profile", PROFILES)
def test_junit_has_one_testcase_per_session_and_check(sample_rows, sample_runs, profile):
    root = ET.fromstring(sample_runs[profile]["junit"])
    cases = root.findall("./testsuite/testcase")
    thresholds = builtin_profiles()[profile].thresholds
    assert sorted((case.get("classname"), case.get("name")) for case in cases) == sorted(
        (f"rapport.{session_id}", threshold.label) for session_id in sample_rows for threshold in thresholds
    )
    failures = {(case.get("classname"), case.get("name")): case.find("failure") for case in cases if case.find("failure") is not None}
    expected = {(f"rapport.{session_id}", label) for session_id, row in sample_rows.items() for label in falls_short(row, profile)}
    assert set(failures) == expected
    assert root.get("failures") == str(len(expected)) and root.get("tests") == str(len(cases))
    for (classname, name), failure in failures.items():
        metric = name.split()[0]
        measured = sample_rows[classname.removeprefix("rapport.")][metric]
        threshold = next(t for t in thresholds if t.label == name)
        # The message for people names the figure and its minimum in French; the property keeps the value as the CSV does.
        assert failure.get("message").startswith(f"{FRENCH[f'short_{metric}']} = ") and "sous le minimum" in failure.get("message")
        assert failure.get("message").endswith(check_name(threshold, FRENCH).rpartition("≥ ")[2])
        case = next(c for c in cases if (c.get("classname"), c.get("name")) == (classname, name))
        assert {p.get("name"): p.get("value") for p in case.iter("property")}["value"] == format_number(measured)
    for case in cases:  # the measured value also on passing cases
        assert {p.get("name") for p in case.iter("property")} >= {"value", "band", "threshold"}
        assert case.findtext("system-out")


@pytest.mark.parametrize("profile", PROFILES)
def test_markdown_is_a_table_of_sessions_and_checks_with_totals(sample_rows, sample_runs, profile):
    markdown = sample_runs[profile]["markdown"]
    table = next(block for block in markdown.split("\n\n") if block.startswith("|")).splitlines()  # the bands' legend follows
    checks = len(builtin_profiles()[profile].thresholds)
    assert len(table) == 2 + len(sample_rows) + 1
    assert {line.count(" | ") for line in table} == {2 + checks - 1}
    assert table[0].startswith("| Séance | Résultat | % questions ouvertes ≥ ")
    assert table[-1].startswith("| **toutes les séances** |")
    for session_id, row in sample_rows.items():
        line = next(line for line in table if line.startswith(f"| {session_id} |"))
        assert ("✗ échec" if falls_short(row, profile) else "✓ réussi") in line


@pytest.mark.parametrize("profile", PROFILES)
def test_step_summary_is_appended_not_overwritten(sample_runs, profile):
    run = sample_runs[profile]
    assert run["step_summary"] == "## An earlier step\n\nits summary\n" + run["markdown"]


@pytest.mark.parametrize("profile", PROFILES)
def test_github_annotations_are_one_per_failing_check(sample_rows, sample_runs, profile):
    lines = [line for line in sample_runs[profile]["result"].stdout.splitlines() if line.startswith("::")]
    errors = [line for line in lines if line.startswith("::error ")]
    for threshold in builtin_profiles()[profile].thresholds:
        short = [session_id for session_id, row in sample_rows.items() if threshold.label in falls_short(row, profile)]
        said = f"::séances sous le seuil {check_name(threshold, FRENCH)} : {len(short)} sur {len(sample_rows)} — "
        mine = [line for line in errors if escape_data(said) in line]
        assert len(mine) == (1 if short else 0)
        if short:
            assert all(session_id in mine[0] for session_id in short)
    notices = [line for line in lines if line.startswith("::notice")]
    assert len(notices) == (0 if errors else 1)


def test_sessions_at_the_threshold_pass_and_exit_0(sample_rows, tmp_path):
    fewest = min(row["words"] for row in sample_rows.values())
    config = tmp_path / "rapport.toml"
    config.write_text(f'[check]\nprofile = "none"\n[check.min]\nwords = {fewest}\n', encoding="utf-8")
    result = invoke([str(SAMPLES), "--config", str(config), "--github"])
    assert result.exit_code == 0, result.output
    said = f"Toutes les séances réussissent — séances : {len(sample_rows)} · seuils par séance : 1 · profil aucun"
    assert f"::notice title=rapport check::{said}" in result.stdout


def test_output_option_writes_the_text_summary(tmp_path):
    target = tmp_path / "summary.txt"
    result = invoke([str(SAMPLES / "rupture-et-reparation.txt"), "-o", str(target), "--github"])
    assert "rupture-et-reparation" in target.read_text(encoding="utf-8")
    assert all(line.startswith("::") for line in result.stdout.splitlines())


@pytest.mark.parametrize(
    ("text", "lang", "line"),
    [
        (
            "[check.min]\nopen_question = 0.5\n",
            [],
            "Erreur : {config} : check.min.open_question : métrique inconnue ; vouliez-vous dire open_questions, open_question_share, closed_questions ?",
        ),
        (
            "[check.min]\nopen_question = 0.5\n",
            ["--lang", "en"],
            "Error: {config}: check.min.open_question: unknown metric; did you mean open_questions, open_question_share, closed_questions?",
        ),
        ('[check]\nwhen_missing = "ignorer"\n', [], "Erreur : {config} : check.when_missing : doit être l'une des valeurs fail, pass, skip, pas « ignorer »"),
        ('[check]\nwhen_missing = "ignorer"\n', ["--lang", "en"], "Error: {config}: check.when_missing: must be one of fail, pass, skip, not 'ignorer'"),
        ("[check.max]\nopen_question_share = 0.4\n", [], "Erreur : {config} : check.max.open_question_share : 0,4 est en dessous du minimum 0,5 : aucune séance ne pourrait passer"),
        ("[check.max]\nopen_question_share = 0.4\n", ["--lang", "en"], "Error: {config}: check.max.open_question_share: 0.4 is below the minimum 0.5: no session could pass"),
        ("[chek]\n", [], "Erreur : {config} : check : pas de table [check] : les seuils se placent sous [check.min] et [check.max]"),
        ("[chek]\n", ["--lang", "en"], "Error: {config}: check: no [check] table: the thresholds go under [check.min] and [check.max]"),
    ],
)
def test_a_bad_config_is_a_usage_error_in_one_line_in_the_language_asked_for(tmp_path, text, lang, line):
    config = tmp_path / "rapport.toml"
    config.write_text(text, encoding="utf-8")
    result = invoke([str(SAMPLES), "--config", str(config), *lang])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [line.format(config=config)]
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("lang", "line"),
    [([], "Erreur : {config} : octet 9 : ce n'est pas du texte UTF-8, comme TOML l'exige"), (["--lang", "en"], "Error: {config}: byte 9: not UTF-8 text, as TOML must be")],
)
def test_a_config_that_is_not_utf8_is_said_in_the_language_asked_for(tmp_path, lang, line):
    config = tmp_path / "rapport.toml"
    config.write_bytes("[check]\n#é\n".encode("latin-1"))
    result = invoke([str(SAMPLES), "--config", str(config), *lang])
    assert (result.exit_code, result.stderr.strip().splitlines()) == (2, [line.format(config=config)])


def test_an_unknown_profile_is_a_usage_error():
    assert invoke([str(SAMPLES), "--profile", "miti-excellent"]).exit_code == 2


def test_nothing_to_check_is_an_error(tmp_path):
    result = invoke([str(tmp_path)])
    assert result.exit_code == 1
    assert "Erreur : aucune transcription trouvée dans les chemins donnés" in result.stderr


# --- privacy --------------------------------------------------------------------------------------------------------

# Speaker names, words said, and a malformed line: each unique, so a leak into any output is found.
CANARIES = ("Zorglubette", "Quasimodine", "CanaryTextOne", "CanaryTextTwo", "CanaryStamp", "CanarySrtLine")
CANARY_TRANSCRIPT = """\
[00:00:01] Zorglubette : Bonjour, je voulais parler du CanaryTextOne aujourd'hui.
[00:00:xx CanaryStamp] Quasimodine : Qu'est-ce qui vous amène, CanaryTextTwo ?
[00:00:09] Zorglubette : Mon travail, surtout.
[00:00:12] Quasimodine : Vous semblez épuisée par ce travail.
"""
CANARY_SRT = "1\n00:00:01,000 --> 00:00:02,000\nThérapeute : Bonjour.\n\n2\n00:00:0x CanarySrtLine --> 00:00:04,000\nClient : Oui.\n"
# Zorglubette named twice, as therapist and as client: a warning that names the speaker.
ROLE_OPTIONS = ["--therapist", "Quasimodine", "--therapist", "Zorglubette", "--client", "Zorglubette"]


@pytest.fixture
def canary_folder(tmp_path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "seance-canari.txt").write_text(CANARY_TRANSCRIPT, encoding="utf-8")
    (folder / "seance-cassee.srt").write_text(CANARY_SRT, encoding="utf-8")
    return folder


def test_the_canaries_would_leak_through_analyse(canary_folder):
    """The inputs do exercise the leaks: `analyse` rightly shows the reader's message and the warnings."""
    result = CliRunner().invoke(main, ["analyse", str(canary_folder), *ROLE_OPTIONS])
    assert result.exit_code == 3
    for canary in ("CanaryStamp", "CanarySrtLine", "zorglubette"):
        assert canary.casefold() in result.stderr.casefold()


@pytest.mark.parametrize("when_missing", ["fail", "skip"])
def test_no_output_of_check_holds_transcript_text_or_speaker_names(canary_folder, tmp_path, when_missing):
    junit, markdown, summary, config = (tmp_path / name for name in ("junit.xml", "summary.md", "step.md", "rapport.toml"))
    config.write_text(f'[check]\nwhen_missing = "{when_missing}"\n[check.max]\ntherapist_word_share = 0.1\n', encoding="utf-8")
    args = [str(canary_folder), *ROLE_OPTIONS, "--config", str(config), "--junit", str(junit), "--markdown", str(markdown), "--github"]
    result = invoke(args, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 3  # the .srt could not be read; that wins over the sessions falling short
    outputs = {
        "stdout": result.stdout,
        "stderr": result.stderr,
        "junit": junit.read_text(encoding="utf-8"),
        "markdown": markdown.read_text(encoding="utf-8"),
        "step summary": summary.read_text(encoding="utf-8"),
    }
    for name, text in outputs.items():
        assert "seance-canari" in text and "seance-cassee" in text, name
        for canary in CANARIES:
            assert canary.casefold() not in text.casefold(), f"{canary} in {name}"
    assert "seance-cassee : ligne 6 : illisible ; lancez `rapport analyse` sur ce fichier en local pour voir pourquoi" in result.stderr
    assert "rapport : avertissement : seance-canari : 2 avertissements de lecture, non montrés par check" in result.stderr


def test_quiet_silences_the_warning_counts(canary_folder):
    result = invoke([str(canary_folder), *ROLE_OPTIONS, "--github", "-q"])
    assert "warning" not in result.stderr
    assert "avertissements de transcription" not in result.stdout
    assert "seance-cassee : ligne 6" in result.stderr


def test_help_lists_the_options_and_loads_no_model():
    result = invoke(["--help"])
    assert result.exit_code == 0
    for option in ("--config", "--profile", "--junit", "--markdown", "--github", "--output", "--quiet", "miti-fair", "miti-good"):
        assert option in result.output
    code = "import sys\nimport analyser.cli.check\nprint('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


# --- too few to conclude --------------------------------------------------------------------------------------------

# Two questions and one reflection: too few for any MITI share of the profile.
SHORT_SESSION = """\
Thérapeute : Bonjour, qu'est-ce qui vous amène aujourd'hui ?
Client : Je dors mal depuis des semaines, je suis épuisé.
Thérapeute : Vous êtes épuisé par ces nuits sans sommeil.
Client : Oui, c'est ça.
Thérapeute : Comment ça se passe au travail ?
Client : Difficilement.
"""


@pytest.mark.parametrize(("when_too_few", "exit_code", "mark"), [("skip", 0, "skip"), ("fail", 1, "FAIL"), ("pass", 0, "pass")])
def test_a_short_session_is_too_few_to_conclude_not_failed(tmp_path, when_too_few, exit_code, mark):
    (tmp_path / "courte.txt").write_text(SHORT_SESSION, encoding="utf-8")
    config = tmp_path / "rapport.toml"
    config.write_text(f'[check]\nwhen_too_few = "{when_too_few}"\n', encoding="utf-8")
    junit = tmp_path / "junit.xml"
    # In English: this test is about the verdict, and reads the summary's words.
    result = invoke([str(tmp_path / "courte.txt"), "--config", str(config), "--junit", str(junit), "--github", "--lang", "en"])
    assert result.exit_code == exit_code, result.output
    lines = [line for line in result.stdout.splitlines() if "% open questions ≥ 50%" in line and not line.startswith("::")]
    assert len(lines) == 1 and lines[0].split()[0] == mark
    assert "too few to conclude (n = 2), needs at least 5" in lines[0]
    cases = {case.get("name"): case for case in ET.fromstring(junit.read_text(encoding="utf-8")).iter("testcase")}
    properties = {p.get("name"): p.get("value") for p in cases["open_question_share >= 0.5"].iter("property")}
    assert (properties["count"], properties["minimum"], properties["band"]) == ("2", "5", "")
    if when_too_few == "skip":
        assert cases["open_question_share >= 0.5"].find("skipped") is not None
        assert any(line.startswith("::warning ") and "too few codes to conclude on %25 open questions" in line for line in result.stdout.splitlines())
