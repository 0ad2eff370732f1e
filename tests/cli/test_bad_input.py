"""The bad-input table: every kind of file a batch meets gives one line naming the file and the place, never a traceback.

A file that cannot be analysed is an error; one that can, with a caveat, is analysed with a warning.
The batch test runs them all in one folder through the CLI: the other files are analysed, exit 3.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyser.cli.main import main
from analyser.errors import InputError
from analyser.pipeline import analyse_input
from analyser.read.registry import InputFile, iter_input_files
from analyser.session import AnalysisOptions, SessionAnalysis

from ..conftest import TEST_DATA

DATA = TEST_DATA

EXCHANGE = "Thérapeute : Bonjour, qu'est-ce qui vous amène ?\nClient : Je dors mal depuis un mois.\nThérapeute : Vous dormez mal.\n"


def _text(content: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content.encode(encoding))


def _bytes(content: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content)


def _fixture(name: str) -> Callable[[Path], None]:
    return lambda path: shutil.copyfile(DATA / name, path)


def _truncated(name: str, keep: float) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        data = (DATA / name).read_bytes()
        path.write_bytes(data[: int(len(data) * keep)])

    return write


def _big_transcript(megabytes: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        block = (EXCHANGE * 2000).encode("utf-8")
        with path.open("wb") as file:
            for _ in range(megabytes * 1_048_576 // len(block) + 1):
                file.write(block)
            file.truncate(megabytes * 1_048_576)

    return write


def _whisperx_on_one_line(path: Path) -> None:
    """WhisperX writes its JSON on one line: here a megabyte of it, word-timed."""
    segments = []
    for number in range(2400):
        speaker = f"SPEAKER_0{number % 2}"
        words = [{"word": word, "start": number * 2.0 + i / 4, "end": number * 2.0 + i / 4 + 0.2, "score": 0.9, "speaker": speaker}
                 for i, word in enumerate(("je", "vous", "entends", "bien"))]
        segments.append({"start": number * 2.0, "end": number * 2.0 + 1.2, "text": " je vous entends bien", "speaker": speaker, "words": words})
    path.write_text(json.dumps({"segments": segments, "language": "fr"}), encoding="utf-8")


def _vtt_named(path: Path) -> None:
    path.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Thérapeute>Bonjour.\n\n00:00:03.500 --> 00:00:05.000\n<v Client>Bonjour.\n",
                    encoding="utf-8")


def _speakers(count: int) -> Callable[[Path], None]:
    lines = [f"Personne{turn % count} : Je parle à mon tour, le tour {turn}, vous me suivez ?" for turn in range(count * 3)]
    return _text("\n".join(lines) + "\n")


def _mixed_encodings(path: Path) -> None:
    path.write_bytes("Thérapeute : Qu'avez-vous ressenti ?\n".encode() + "Client : De la colère, et après du dégoût.\n".encode("cp1252"))


@dataclass(frozen=True)
class BadInput:
    """One row of the table: a file, and what rapport must say about it."""

    case: str
    name: str
    write: Callable[[Path], None]
    outcome: str  # "error": not analysed; "warning": analysed, with a warning
    place: str | None  # the place the line names, after the file; None when the whole file is at fault
    message: str  # what the line says (its start)


BAD_INPUTS = [
    BadInput("empty file", "vide.txt", _bytes(b""), "error", None, "empty file: no transcript text"),
    BadInput("whitespace only", "blanc.txt", _text(" \n\t\n   \r\n"), "error", None, "empty file: no transcript text"),
    BadInput("binary garbage", "bruit.txt", _bytes(bytes(range(256)) * 8), "error", "byte 0", "binary data, not a text transcript"),
    BadInput("binary garbage, no extension", "bruit", _bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256))), "error", None, "unknown transcript format '(no extension)'"),
    BadInput("wrong extension: a PDF", "seance.pdf", _bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "error", None, "unknown transcript format '.pdf'"),
    BadInput("wrong extension: WebVTT saved as .srt", "seance.srt", _vtt_named, "warning", None, "named .srt but holds WebVTT subtitles: read as such"),
    BadInput("wrong extension: plain text saved as .srt", "notes.srt", _text(EXCHANGE), "warning", None, "named .srt but holds a plain-text transcript"),
    BadInput("wrong extension: SubRip saved as .csv", "export.csv", _fixture("srt/dash_dialogue.srt"), "warning", None, "named .csv but holds SubRip subtitles"),
    BadInput("a 50 MB transcript", "corpus.txt", _big_transcript(50), "error", None, "50 MB, more than one session's transcript can be (the limit is 20 MB"),
    BadInput("a single 1 MB line", "sans-retour.txt", _text("Thérapeute : " + "je vous entends bien. " * 48_000 + "\n"), "error", "line 1",
             "one utterance of 1,055,999 characters, more than an hour of speech"),
    BadInput("a single 1 MB line of WhisperX JSON", "whisperx.json", _whisperx_on_one_line, "analysed", None, ""),
    BadInput("one speaker only", "monologue.txt", _text("Thérapeute : Bonjour.\nThérapeute : Je vous écoute.\n"), "warning", None,
             "no speaker is the client (the only speaker): the turn balance is one-sided"),
    BadInput("no therapist", "clients.txt", _text("Client : Je dors mal.\nPatiente : Moi aussi, depuis des mois.\n"), "warning", None,
             "no speaker is the therapist: the coding figures are not measured, the turn balance is"),
    BadInput("no speaker labels", "dictee.txt", _text("bonjour comment allez-vous\nça va merci\n"), "error", "line 1", "no 'SPEAKER: text' line found"),
    BadInput("ten speakers", "groupe.txt", _speakers(10), "warning", None, "guessed roles: Personne0 = therapist (asks the most questions), Personne1 = client, "),
    BadInput("malformed timestamps (SubRip)", "horodatage.srt", _fixture("srt/malformed.srt"), "error", "line 10", "malformed timing line '00:00:0x,000"),
    BadInput("malformed timestamps (text)", "horodatage.txt", _text("[00:00:05] T : Bonjour.\n[00:0x:10] P : Bonjour.\n"), "warning", "line 2",
             "malformed timestamp '[00:0x:10]' ignored"),
    BadInput("backwards timestamps", "retour.txt", _text("[00:00:05] T : Bonjour.\n[00:00:02] P : Bonjour.\n"), "warning", "line 2",
             "time goes backwards (2 s after 5 s)"),
    BadInput("a time range that ends before it starts", "inverse.srt", _text("1\n00:00:05,000 --> 00:00:03,000\nT : Bonjour.\n"), "warning", "cue 1",
             "the time range ends before it starts (3 s < 5 s)"),
    BadInput("truncated JSON", "coupe.json", _truncated("conversation/whisperx.json", 0.5), "error", "line ", "invalid JSON"),
    BadInput("truncated XML (Transcriber)", "coupe.trs", _truncated("conversation/conversation.trs", 0.6), "error", "line ", "not well-formed XML"),
    BadInput("truncated XML (ELAN)", "coupe.eaf", _truncated("conversation/conversation.eaf", 0.6), "error", "line ", "not well-formed XML"),
    BadInput("truncated Word document", "coupe.docx", _truncated("conversation/conversation.docx", 0.5), "error", "zip archive", "not a Word .docx file"),
    BadInput("mixed encodings", "melange.txt", _mixed_encodings, "warning", None, "mixed encodings: lines in UTF-8 and in cp1252"),
]


def _line(error_or_warning: str, path: Path, case: BadInput) -> None:
    """The line names the file, then the place, then says what is wrong, on one line."""
    where = f"{path}: {case.place}" if case.place else str(path)
    assert error_or_warning.startswith(where), error_or_warning
    assert case.message in error_or_warning
    assert "\n" not in error_or_warning and "Traceback" not in error_or_warning


@pytest.mark.model
@pytest.mark.parametrize("case", BAD_INPUTS, ids=[case.case for case in BAD_INPUTS])
def test_each_bad_input_gives_one_line_naming_the_file_and_the_place(case: BadInput, tmp_path: Path, nlp) -> None:
    path = tmp_path / case.name
    case.write(path)
    result = analyse_input(InputFile(path), AnalysisOptions(), nlp=nlp)
    if case.outcome == "error":
        assert isinstance(result, InputError), result
        _line(str(result), path, case)
        return
    assert isinstance(result, SessionAnalysis), result
    assert result.profile.turn_balance.roles, "the turn balance is measured"
    if case.outcome == "warning":
        matching = [warning for warning in result.transcript.warnings if case.message in warning]
        assert len(matching) == 1, result.transcript.warnings
        _line(matching[0], path, case)


@pytest.mark.model
def test_a_transcript_with_no_therapist_still_gets_its_turn_balance(tmp_path: Path, nlp) -> None:
    path = tmp_path / "clients.txt"
    path.write_text("Client : Je dors mal depuis un mois.\nPatiente : Moi aussi.\nClient : Et je suis fatigué.\n", encoding="utf-8")
    result = analyse_input(InputFile(path), AnalysisOptions(), nlp=nlp)
    assert isinstance(result, SessionAnalysis)
    client = result.profile.turn_balance.roles["client"]
    assert (client.utterances, client.words, client.word_share) == (3, 12, 1.0)
    assert (result.profile.coding.questions, result.profile.coding.therapist_words) == (0, 0)


def _unreadable_entries(folder: Path) -> list[str]:
    """Entries of `folder` that no user can read, whoever runs the tests: a link loop, a dangling link, a pipe."""
    (folder / "boucle.txt").symlink_to("boucle.txt")
    (folder / "disparu.txt").symlink_to("n-existe-plus.txt")
    os.mkfifo(folder / "tube.txt")
    names = ["boucle.txt", "disparu.txt", "tube.txt"]
    if os.geteuid() != 0:  # root reads a file whatever its mode
        (folder / "ferme.txt").write_text(EXCHANGE, encoding="utf-8")
        (folder / "ferme.txt").chmod(0)
        names.append("ferme.txt")
    return names


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("boucle.txt", "cannot read the file: Too many levels of symbolic links"),
        ("disparu.txt", "cannot read the file: No such file or directory"),
        ("tube.txt", "not a regular file (a pipe, a socket or a device): not read"),
    ],
)
def test_an_unreadable_file_in_a_folder_is_named_and_passed_over(tmp_path: Path, name: str, message: str) -> None:
    _unreadable_entries(tmp_path)
    items = {Path(item.source if isinstance(item, InputError) else item.path).name: item for item in iter_input_files([tmp_path])}
    item = items[name]
    error = item if isinstance(item, InputError) else analyse_input(item)
    assert isinstance(error, InputError)
    assert str(error) == f"{tmp_path / name}: {message}"


def test_a_file_without_read_permission_is_named(tmp_path: Path) -> None:
    path = tmp_path / "ferme.txt"
    path.write_text(EXCHANGE, encoding="utf-8")
    path.chmod(0)
    try:
        readable = os.access(path, os.R_OK)  # root can read it all the same
        error = analyse_input(InputFile(path, walked=True))
        if readable:
            assert not isinstance(error, InputError)
        else:
            assert str(error) == f"{path}: cannot read the file: Permission denied"
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_pipe_named_on_the_command_line_is_read_up_to_the_limit(tmp_path: Path) -> None:
    """`rapport analyse <(…)` hands rapport a pipe: it is read, and an endless one stops at --max-size."""
    from analyser.read.registry import ReadOptions

    options = AnalysisOptions(read_options=ReadOptions(max_bytes=1_000_000))
    error = analyse_input(InputFile(Path("/dev/zero")), options)
    assert str(error) == "/dev/zero: over 0.954 MB, more than one session's transcript can be (the limit is 0.954 MB; raise it with --max-size MB)"


@pytest.mark.model
def test_max_size_sets_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "seance.txt"
    path.write_text(EXCHANGE * 20, encoding="utf-8")  # 2,380 bytes
    runner = CliRunner()
    refused = runner.invoke(main, ["analyse", str(path), "--max-size", "0.001", "--format", "jsonl", "--lang", "en"])
    assert (refused.exit_code, refused.stderr) == (
        3, f"rapport: error: {path}: 0.00227 MB, more than one session's transcript can be (the limit is 0.001 MB; raise it with --max-size MB)\n"
    )
    in_french = runner.invoke(main, ["analyse", str(path), "--max-size", "0.001", "--format", "jsonl"])
    assert in_french.stderr == (
        f"rapport : erreur : {path} : 0,00227 Mo, plus que ne peut faire la transcription d'une séance"
        " (la limite est de 0,001 Mo ; relevez-la avec l'option --max-size Mo)\n"
    )
    accepted = runner.invoke(main, ["analyse", str(path), "--max-size", "0.003", "--format", "jsonl"])
    assert accepted.exit_code == 0, accepted.output


@pytest.mark.model
def test_a_batch_of_every_bad_input_completes_the_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "lot"
    folder.mkdir()
    for case in BAD_INPUTS:
        if case.name != "corpus.txt":  # the 50 MB file: its own test shows its line; here it would only cost time
            case.write(folder / case.name)
    unreadable = _unreadable_entries(folder)
    (folder / "bonne-seance.txt").write_text(EXCHANGE, encoding="utf-8")

    result = CliRunner().invoke(main, ["analyse", str(folder), "--format", "jsonl"])

    assert result.exit_code == 3, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    analysed = {record["session_id"] for record in records if record["record"] == "session"}
    failed = {Path(record["source"]).name for record in records if record["record"] == "error"}
    # A folder is walked for the transcript extensions only: "bruit" and "seance.pdf" are not even looked at.
    expected_errors = {case.name for case in BAD_INPUTS if case.outcome == "error" and case.name not in ("corpus.txt", "bruit", "seance.pdf")}
    assert failed == expected_errors | set(unreadable)
    assert analysed == {Path(case.name).stem for case in BAD_INPUTS if case.outcome != "error"} | {"bonne-seance"}
    assert records[-1] == {"record": "end", "sessions": len(analysed), "errors": len(failed)}
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith(("rapport : erreur : ", "rapport : avertissement : ")) and str(folder) in line for line in lines), lines
    assert "Traceback" not in result.stderr
