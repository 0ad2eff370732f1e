"""Batches through the CLI: --jobs gives the same bytes, JSON Lines, shards and `rapport merge`, the progress bar."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyser.batch.plan import plan_batch
from analyser.batch.pool import process_pool
from analyser.batch.run import run_batch
from analyser.cli.main import main
from analyser.render.csv import CsvDialect
from analyser.render.registry import RENDERERS, render
from analyser.session import AnalysisOptions

from ..conftest import SAMPLES

pytestmark = [pytest.mark.model, pytest.mark.slow]  # spawns rapport processes

GENERATOR = {"name": "rapport", "version": "test", "data_version": "test", "model": "test"}
LABELS_HEADER = "session,source_line,question,reflection\n"


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    """The samples, twice over, with an unreadable file in the middle and a labels CSV that a folder walk passes over."""
    folder = tmp_path_factory.mktemp("batch")
    for copy in ("1", "2"):
        for sample in sorted(SAMPLES.glob("*.txt")):
            shutil.copy(sample, folder / f"{copy}-{sample.name}")
    (folder / "1-zz-broken.srt").write_text("garbage\n", encoding="utf-8")
    (folder / "labels.csv").write_text(LABELS_HEADER + "x,1,open,\n", encoding="utf-8")
    return folder


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def analyse(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(main, ["analyse", *args])
    return result.exit_code, result.stdout, result.stderr


def test_jobs_0_writes_byte_for_byte_what_one_process_writes(runner, batch, tmp_path):
    outputs = {}
    for jobs in ("1", "0"):
        code, _, stderr = analyse(
            runner, str(batch), "--format", "jsonl", "--jobs", jobs, "-o", str(tmp_path / f"{jobs}.jsonl"), "--utterances", str(tmp_path / f"{jobs}.csv")
        )
        assert code == 3, stderr
        assert stderr.count("rapport : erreur :") == 1 and "1-zz-broken.srt" in stderr
        outputs[jobs] = ((tmp_path / f"{jobs}.jsonl").read_bytes(), (tmp_path / f"{jobs}.csv").read_bytes())
    assert outputs["0"] == outputs["1"]
    records = [json.loads(line) for line in outputs["1"][0].decode().splitlines()]
    assert [r["record"] for r in records] == ["header", "session", "session", "session", "error", "session", "session", "session", "end"]
    # In input order: the folder sorted by name; position 7 is labels.csv, passed over.
    assert [r.get("input_index") for r in records[1:-1]] == [0, 1, 2, 3, 4, 5, 6]
    assert records[-1] == {"record": "end", "sessions": 6, "errors": 1}


@pytest.fixture(scope="module")
def in_one_process_and_in_two(nlp, batch):
    """The batch's results analysed here and by two worker processes."""
    options = AnalysisOptions()
    plan = plan_batch([batch], options)
    here = [result for _, result in run_batch(plan, options, nlp=nlp) if result is not None]
    with process_pool(2) as executor:
        there = [result for _, result in run_batch(plan, options, executor=executor, workers=2) if result is not None]
    return here, there


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_every_format_is_the_same_from_worker_processes(in_one_process_and_in_two, fmt):
    import io

    written = []
    for results in in_one_process_and_in_two:
        stream = io.StringIO()
        options = {"csv": {"dialect": CsvDialect()}, "jsonl": {"batch": None}}.get(fmt, {})
        render(fmt, results, stream, generator=GENERATOR, **options)
        written.append(stream.getvalue())
    assert written[0] == written[1]
    assert "rupture-et-reparation" in written[0]


@pytest.fixture(scope="module")
def shards(batch, tmp_path_factory) -> dict[str, Path]:
    """A single run and its three shards, as JSON Lines and JSON."""
    runner, folder = CliRunner(), tmp_path_factory.mktemp("shards")
    files = {}
    for name, extra in (("all", []), ("1", ["--shard", "1/3"]), ("2", ["--shard", "2/3"]), ("3", ["--shard", "3/3"])):
        files[name] = folder / f"{name}.jsonl"
        analyse(runner, str(batch), "--format", "jsonl", "-o", str(files[name]), *extra)
    files["all.json"] = folder / "all.json"
    analyse(runner, str(batch), "--format", "json", "-o", str(files["all.json"]))
    return files


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_shards_split_the_inputs_and_say_which_part_they_are(shards):
    headers = [lines(shards[name])[0]["batch"] for name in ("1", "2", "3")]
    assert [header["shard"] for header in headers] == ["1/3", "2/3", "3/3"]
    assert len({header["fingerprint"] for header in headers}) == 1
    indexes = [r["input_index"] for name in ("1", "2", "3") for r in lines(shards[name]) if "input_index" in r]
    assert sorted(indexes) == [r["input_index"] for r in lines(shards["all"]) if "input_index" in r]


@pytest.mark.parametrize(("fmt", "single"), [("jsonl", "all"), ("json", "all.json")])
def test_merged_shards_are_what_a_single_run_writes(runner, shards, tmp_path, fmt, single):
    merged = tmp_path / f"merged.{fmt}"
    result = runner.invoke(main, ["merge", str(shards["3"]), str(shards["1"]), str(shards["2"]), "--format", fmt, "-o", str(merged)])
    assert result.exit_code == 3  # as analyse: the batch lists an unreadable input
    assert merged.read_bytes() == shards[single].read_bytes()


def test_a_whole_batch_merged_alone_is_itself(runner, shards):
    result = runner.invoke(main, ["merge", str(shards["all"])])
    assert result.stdout == shards["all"].read_text(encoding="utf-8")


def test_merge_exits_0_when_no_input_failed(runner, tmp_path):
    for shard in ("1/2", "2/2"):
        analyse(runner, str(SAMPLES), "--format", "jsonl", "--shard", shard, "-o", str(tmp_path / f"{shard[0]}.jsonl"))
    result = runner.invoke(main, ["merge", str(tmp_path / "1.jsonl"), str(tmp_path / "2.jsonl")])
    assert result.exit_code == 0
    assert [r["record"] for r in map(json.loads, result.stdout.splitlines())] == ["header", "session", "session", "session", "end"]


def _cut_last_line(path: Path) -> str:
    return "".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:-1])


def _cut_mid_line(path: Path) -> str:
    return path.read_text(encoding="utf-8")[:2000]


def _wrong_count(path: Path) -> str:
    return path.read_text(encoding="utf-8").replace('{"record":"end","sessions":', '{"record":"end","sessions":9', 1)


def _other_options(path: Path) -> str:
    return path.read_text(encoding="utf-8").replace('"fingerprint":"', '"fingerprint":"0', 1)


def _no_header(path: Path) -> str:
    return "".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[1:])


def _other_version(path: Path) -> str:
    return path.read_text(encoding="utf-8").replace('"version":"', '"version":"9', 1)


@pytest.mark.parametrize(
    ("given", "damage", "message"),
    [
        (("1", "2"), None, "shards missing from the merge: 3/3"),
        (("1", "1", "2", "3"), None, "shard 1/3 is also"),
        (("1", "2", "3", "all"), None, "is a whole batch, not a shard"),
        (("damaged", "2", "3"), _cut_last_line, "ends without its end record"),
        (("damaged", "2", "3"), _cut_mid_line, "ends without its end record"),
        (("damaged", "2", "3"), _wrong_count, "its end record counts 93 records, the file holds 3"),
        (("1", "damaged", "3"), _other_options, "comes from another batch"),
        (("1", "damaged", "3"), _other_version, "written by another rapport"),
        (("damaged", "2", "3"), _no_header, "line 1: no header record"),
        (("all.json",), None, "line 1: not a JSON record"),
        (("absent",), None, "cannot read the file"),
    ],
)
def test_shards_that_cannot_be_merged_give_one_line_and_no_output(runner, shards, tmp_path, given, damage, message):
    files = dict(shards, absent=tmp_path / "absent.jsonl")
    if damage is not None:
        files["damaged"] = tmp_path / "damaged.jsonl"
        source = shards["2" if damage in (_other_options, _other_version) else "1"]
        files["damaged"].write_text(damage(source), encoding="utf-8")
    merged = tmp_path / "merged.jsonl"
    result = runner.invoke(main, ["merge", *(str(files[name]) for name in given), "-o", str(merged), "--lang", "en"])
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr
    assert not merged.exists()
    assert list(tmp_path.glob(".merged*")) == []  # no temporary file left either


def test_a_merge_error_is_said_in_french_by_default(runner, tmp_path):
    shard = tmp_path / "part.jsonl"
    shard.write_text("pas du JSON\n", encoding="utf-8")
    result = runner.invoke(main, ["merge", str(shard)])
    assert result.exit_code == 1
    assert result.stderr == f"Erreur : {shard} : ligne 1 : pas un enregistrement JSON\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--jobs", "-1"], "-1 is not in the range x>=0"),
        (["--shard", "0/2"], "i must be between 1 and N"),
        (["--shard", "half"], "is not i/N"),
        (["--jobs", "2", "--dask", "local"], "--jobs and --dask do not go together"),
    ],
)
def test_bad_batch_options_are_usage_errors(runner, args, message):
    code, _, stderr = analyse(runner, str(SAMPLES), *args)
    assert code == 2
    assert message in stderr


def test_without_dask_installed_dask_says_how_to_install_it(runner, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    code, stdout, stderr = analyse(runner, str(SAMPLES), "--dask", "local")
    assert code == 1
    assert stderr.strip() == "Erreur : le calcul sur une grappe Dask (option --dask) demande dask.distributed, qui n'est pas installé : pip install 'rapport[dask]'"
    _, _, english = analyse(runner, str(SAMPLES), "--dask", "local", "--lang", "en")
    assert english.strip() == "Error: --dask needs dask.distributed, which is not installed: pip install 'rapport[dask]'"
    assert stdout == ""


def test_quiet_silences_the_progress_bar_even_on_a_terminal(runner, batch, monkeypatch):
    import analyser.batch.progress

    monkeypatch.setattr(analyser.batch.progress, "_is_terminal", lambda stream: True)
    code, _, stderr = analyse(runner, str(batch), "--format", "jsonl", "-q")
    assert code == 3
    assert stderr.splitlines() == [line for line in stderr.splitlines() if line.startswith("rapport : erreur :")]
    assert "séances" not in stderr and "\r" not in stderr


def test_the_progress_bar_shows_on_a_terminal_and_stdout_stays_clean(batch):
    """A real pseudo-terminal as stderr: the bar is drawn there, and standard output holds only the JSON Lines."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "analyser", "analyse", str(batch), "--format", "jsonl"], stdout=subprocess.PIPE, stderr=follower
    )
    os.close(follower)
    terminal = bytearray()

    def read_terminal() -> None:
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the last writer closed the terminal
                return
            if not chunk:
                return
            terminal.extend(chunk)

    reader = threading.Thread(target=read_terminal)
    reader.start()
    stdout, _ = process.communicate(timeout=300)
    reader.join(timeout=10)
    os.close(leader)
    assert process.returncode == 3
    shown = terminal.decode("utf-8")
    assert "\r" in shown and "\x1b[K" in shown
    # Six samples and the broken file: the labels CSV the walk meets is no session and leaves the count.
    assert "7/7 séances" in shown and "8/8" not in shown and "mots/s" in shown and "reste" in shown
    assert "rapport : erreur :" in shown and "1-zz-broken.srt" in shown
    assert [json.loads(line)["record"] for line in stdout.decode("utf-8").splitlines()][::8] == ["header", "end"]
