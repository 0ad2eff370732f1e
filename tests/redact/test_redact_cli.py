"""--redact, end to end: a canary session whose names, e-mail and phone must reach no output of any command.

The names are planted where --redact promises to find them: speaker labels, a title before a surname,
a first name alone and in lower case, the file name; the e-mail and phone number in the text; and a
broken file whose error message would quote a line holding a name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyser.cli.main import main

pytestmark = pytest.mark.model

CANARY_SESSION = """\
Zéphyrine : Bonjour docteur Quentaloup, merci de me recevoir.
Dr Quentaloup : Bonjour Zéphyrine. Qu'est-ce qui vous amène aujourd'hui ?
Zéphyrine : Mon frère Anatole dit que je travaille trop. Vous pouvez m'écrire à zephyrine.quentaloup@exemple.fr.
Dr Quentaloup : Vous sentez que votre frère s'inquiète pour vous.
Zéphyrine : Oui, et ma voisine, Mme Brisebarre, aussi. Appelez-moi au 06 12 34 56 78 si besoin.
Dr Quentaloup : Qu'est-ce que zéphyrine aimerait changer en premier ?
Zéphyrine : Dormir. Anatole me répète de ralentir.
Dr Quentaloup : Ensemble, nous pourrions chercher ce qui vous aiderait à ralentir.
"""
# What must appear nowhere, in any case; "zephyrine" also catches the folded spelling in paths and slugs.
CANARIES = ("zéphyrine", "zephyrine", "quentaloup", "anatole", "brisebarre", "exemple.fr", "06 12 34 56 78", "0612345678")
BROKEN_SRT = "1\n00:00:01,000 --> 00:00:02,000\nBonjour.\n\n2\n00:00:0x,000 Quentaloup Brisebarre\nAu revoir.\n"


@pytest.fixture(scope="module")
def canary_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("canary")
    (folder / "seance-zephyrine-quentaloup.txt").write_text(CANARY_SESSION, encoding="utf-8")
    (folder / "notes-cassees.srt").write_text(BROKEN_SRT, encoding="utf-8")
    return folder


def _assert_no_canary(where: str, text: str) -> None:
    found = [canary for canary in CANARIES if canary in text.casefold()]
    assert not found, f"{where} holds {found}"


def _written(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "csv", "markdown"])
def test_analyse_redact_writes_no_name_in_any_format(canary_folder: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(main, ["analyse", str(canary_folder), "--redact", "--format", fmt, "-o", str(out / f"all.{fmt}"),
                                       "--utterances", str(out / "utterances.csv")])
    assert result.exit_code == 3, result.output  # the broken file
    _assert_no_canary("stderr", result.stderr)
    _assert_no_canary("stdout", result.stdout)
    written = _written(out)
    assert set(written) == {f"all.{fmt}", "utterances.csv"}
    for name, content in written.items():
        _assert_no_canary(name, content)
    assert "PERSONNE_" in written["utterances.csv"]


def test_redact_keeps_the_figures_and_the_structure(canary_folder: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    plain = runner.invoke(main, ["analyse", str(canary_folder / "seance-zephyrine-quentaloup.txt"), "--format", "json"])
    redacted = runner.invoke(main, ["analyse", str(canary_folder / "seance-zephyrine-quentaloup.txt"), "--format", "json", "--redact"])
    before, after = json.loads(plain.stdout)["sessions"][0], json.loads(redacted.stdout)["sessions"][0]
    # Every figure is the one measured on the original text; only names change.
    by_speaker = "markers_by_speaker"
    assert {k: v for k, v in before["profile"]["coding"].items() if k != by_speaker} == {k: v for k, v in after["profile"]["coding"].items() if k != by_speaker}
    assert list(before["profile"]["coding"][by_speaker].values()) == list(after["profile"]["coding"][by_speaker].values())
    assert before["profile"]["turn_balance"]["roles"] == after["profile"]["turn_balance"]["roles"]
    assert list(before["profile"]["turn_balance"]["speakers"].values()) == list(after["profile"]["turn_balance"]["speakers"].values())
    assert [(u["role"], u["question"], u["reflection"], [m["label"] for m in u["markers"]]) for u in before["utterances"]] == [
        (u["role"], u["question"], u["reflection"], [m["label"] for m in u["markers"]]) for u in after["utterances"]
    ]
    for utterance in after["utterances"]:
        for marker in utterance["markers"]:
            assert utterance["text"][marker["start_char"]:marker["end_char"]] == marker["text"]
    speakers = [u["speaker"] for u in after["utterances"]]
    assert speakers[0] != speakers[1] and len(set(speakers)) == 2  # two people, two pseudonyms, the same all session long
    assert "EMAIL_1" in after["utterances"][2]["text"] and "TELEPHONE_1" in after["utterances"][4]["text"]


def test_explain_redact_shows_no_name(canary_folder: Path) -> None:
    result = CliRunner().invoke(main, ["explain", str(canary_folder / "seance-zephyrine-quentaloup.txt"), "--redact"])
    assert result.exit_code == 0, result.output
    assert "PERSONNE_" in result.stdout
    _assert_no_canary("explain", result.stdout + result.stderr)


def test_report_redact_writes_no_name_in_any_page_or_file_name(canary_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = CliRunner().invoke(main, ["report", str(canary_folder), "-o", str(out), "--redact"])
    assert result.exit_code == 3, result.output
    _assert_no_canary("stderr", result.stderr)
    pages = _written(out)
    assert "index.html" in pages and len(pages) == 2
    for name, content in pages.items():
        _assert_no_canary(name, name + content)


def test_check_redact_writes_no_name_in_any_report(canary_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = CliRunner().invoke(main, ["check", str(canary_folder), "--redact", "--github",
                                       "--junit", str(tmp_path / "junit.xml"), "--markdown", str(tmp_path / "check.md")])
    assert result.exit_code == 3, result.output
    _assert_no_canary("check output", result.stdout + result.stderr)
    for name in ("junit.xml", "check.md", "step-summary.md"):
        _assert_no_canary(name, (tmp_path / name).read_text(encoding="utf-8"))
