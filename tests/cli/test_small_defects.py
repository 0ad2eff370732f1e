"""The smaller defects of issue 18, each with its test: explain takes several paths, a file without an extension is
sniffed, "no transcript found" is one message and one exit code everywhere, the progress bar counts only transcripts,
and session ids are unique within a batch."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

from analyser.batch.progress import Progress
from analyser.cli.main import main
from analyser.messages import Notice
from analyser.read.registry import detect_format

SESSION = "Thérapeute : Bonjour, qu'est-ce qui vous amène aujourd'hui ?\nClient : Je dors mal depuis des semaines.\n"
SUBTITLES = "1\n00:00:01,000 --> 00:00:03,000\nThérapeute : Bonjour, comment allez-vous ?\n\n2\n00:00:04,000 --> 00:00:06,000\nClient : Bien, merci.\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("seance", SESSION, "txt"),  # speaker lines: a plain-text transcript
        ("seance", SUBTITLES, "srt"),
        ("LICENCE", "Tous droits réservés.\nAucune ligne de locuteur ici.\n", None),
    ],
)
def test_a_file_without_an_extension_is_sniffed(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert detect_format(path, path.read_bytes()) == expected


@pytest.mark.parametrize(
    "command",
    [
        ["analyse"],
        ["explain"],
        ["check"],
        ["report", "-o", "{out}"],
        ["evaluate", "--labels", "{labels}"],
    ],
    ids=lambda command: command[0],
)
@pytest.mark.parametrize(("lang", "said"), [("fr", "Erreur : aucune transcription trouvée"), ("en", "Error: no transcript found")])
def test_no_transcript_found_is_one_message_and_exit_1_in_every_command(runner, tmp_path, command, lang, said):
    empty = tmp_path / "vide"
    empty.mkdir()
    labels = tmp_path / "labels.csv"
    labels.write_text("session,source_line,question,reflection\n", encoding="utf-8")
    name, *options = (part.format(out=tmp_path / "rapport", labels=labels) for part in command)
    result = runner.invoke(main, [name, str(empty), *options, "-q", "--lang", lang])
    assert result.exit_code == 1
    assert said in result.output
    assert Notice("batch.no_transcript").in_lang(lang) in result.output
    assert not (tmp_path / "rapport").exists(), "the report left a folder behind with nothing in it"


def test_the_progress_bar_leaves_out_files_that_are_not_transcripts():
    stream = io.StringIO()
    progress = Progress(stream, total_sessions=3, total_bytes=30, enabled=True, clock=lambda: 0.0)
    progress.advance(size_bytes=10, words=5)
    progress.advance(size_bytes=10, words=0, transcript=False)  # labels.csv, met while walking the folder
    progress.advance(size_bytes=10, words=5)
    assert "2/2" in stream.getvalue() and "/3" not in stream.getvalue().rsplit("\r", 1)[-1]


@pytest.mark.model
def test_explain_takes_several_paths(runner, tmp_path):
    first, second = tmp_path / "premiere.txt", tmp_path / "seconde.txt"
    first.write_text(SESSION, encoding="utf-8")
    second.write_text(SESSION.replace("Je dors mal", "J'ai arrêté de fumer"), encoding="utf-8")
    result = runner.invoke(main, ["explain", str(first), str(second), "-q"])
    assert result.exit_code == 0
    assert "Je dors mal" in result.output and "J'ai arrêté de fumer" in result.output


@pytest.mark.model
def test_session_ids_are_unique_within_a_batch(runner, tmp_path):
    (tmp_path / "seance.txt").write_text(SESSION, encoding="utf-8")
    (tmp_path / "seance.srt").write_text(SUBTITLES, encoding="utf-8")
    result = runner.invoke(main, ["analyse", str(tmp_path), "--format", "csv", "-q"])
    assert result.exit_code == 0
    ids = [line.split(",")[0].lstrip("\ufeff") for line in result.output.splitlines()[1:]]
    assert sorted(ids) == ["seance", "seance-txt"]
