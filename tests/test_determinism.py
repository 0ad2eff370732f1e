"""Determinism: the same input gives the same bytes in every output, whatever the hash seed, the time zone or --jobs.

Three runs in separate processes: A and B run every command with --jobs 1 under different
PYTHONHASHSEED and TZ values; C runs the batch commands with --jobs 2 (worker processes) under a
third seed. Every file they write, and what they print, must be byte-identical; and no output may
hold the date or time of the run.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import REPO, SAMPLES
from .test_no_network import DRIVER

pytestmark = [pytest.mark.model, pytest.mark.slow]  # spawns rapport processes

CONVERSATION = REPO / "tests" / "data" / "conversation"
LABELS = "session,source_line,question,reflection\npremiere-seance-alliance,3,open,\npremiere-seance-alliance,7,,complex\nconversation,2,closed,\n"

# (name, arguments, environment); IN is the inputs folder, OUT/ the run's output folder, JOBS its --jobs.
COMMANDS = [
    ("text", ["analyse", "IN"], {}),
    ("json", ["analyse", "IN", "--format", "json", "-o", "OUT/sessions.json"], {}),
    ("jsonl", ["analyse", "IN", "--format", "jsonl", "--jobs", "JOBS", "--utterances", "OUT/utterances.csv", "-o", "OUT/sessions.jsonl"], {}),
    ("csv", ["analyse", "IN", "--format", "csv", "-o", "OUT/sessions.csv"], {}),
    ("csv-fr", ["analyse", "IN", "--format", "csv", "--csv-sep", ";", "--utterances", "OUT/utterances-fr.csv", "-o", "OUT/sessions-fr.csv"], {}),
    ("markdown", ["analyse", "IN", "--format", "markdown", "-o", "OUT/sessions.md"], {}),
    ("explain", ["explain", "IN/premiere-seance-alliance.txt", "-o", "OUT/explain.txt"], {}),
    ("report", ["report", "IN", "-o", "OUT/report", "--jobs", "JOBS"], {}),
    ("check", ["check", "IN", "--junit", "OUT/check.xml", "--markdown", "OUT/check.md", "--github", "-o", "OUT/check.txt"], {"GITHUB_STEP_SUMMARY": "OUT/step-summary.md"}),
    ("merge", ["merge", "OUT/sessions.jsonl", "--format", "json", "-o", "OUT/merged.json"], {}),
    ("trend", ["trend", "OUT/sessions.jsonl", "--series", "S", "--format", "json", "-o", "OUT/trend.json"], {}),
    ("trend-text", ["trend", "OUT/sessions.jsonl", "--series", "S", "-o", "OUT/trend.txt"], {}),
    ("evaluate", ["evaluate", "IN", "--labels", "IN/labels.csv", "--format", "json", "-o", "OUT/evaluation.json"], {}),
]
# What run C repeats with --jobs 2: the commands that spread work over processes and write the most.
WITH_WORKERS = {"jsonl", "report"}
RUNS = {"A": ("1", "UTC", "1"), "B": ("4242", "Pacific/Chatham", "1"), "C": ("987654321", "America/St_Johns", "2")}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """A sample, the same conversation in every format (timed ones too, nine sessions named alike), an unreadable file, labels."""
    folder = tmp_path_factory.mktemp("inputs")
    for path in [SAMPLES / "premiere-seance-alliance.txt", *CONVERSATION.iterdir()]:
        shutil.copy(path, folder / path.name)
    (folder / "zz-illisible.srt").write_text("ceci n'est pas un sous-titre\n", encoding="utf-8")
    (folder / "labels.csv").write_text(LABELS, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def runs(inputs, tmp_path_factory) -> dict[str, tuple[Path, dict]]:
    """Runs A, B and C, side by side in their own processes: each run's output folder and what its commands returned."""
    started = {}
    for name, (seed, zone, jobs) in RUNS.items():
        out = tmp_path_factory.mktemp(f"run-{name}")
        commands = [
            (command, [_placed(arg, inputs, out, jobs) for arg in args], {k: _placed(v, inputs, out, jobs) for k, v in env.items()}, None)
            for command, args, env in COMMANDS
            if name != "C" or command in WITH_WORKERS
        ]
        (out / "driver.py").write_text(DRIVER, encoding="utf-8")
        env = dict(os.environ, PYTHONHASHSEED=seed, TZ=zone)
        env.pop("GITHUB_STEP_SUMMARY", None)
        process = subprocess.Popen(
            [sys.executable, str(out / "driver.py"), json.dumps(commands), str(out / "outcomes.json")],
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        started[name] = (out, process)
    done = {}
    for name, (out, process) in started.items():
        _, stderr = process.communicate(timeout=900)
        assert process.returncode == 0, stderr
        (out / "driver.py").unlink()
        outcomes = json.loads((out / "outcomes.json").read_text(encoding="utf-8"))
        (out / "outcomes.json").unlink()
        done[name] = (out, outcomes)
    return done


def _placed(arg: str, inputs: Path, out: Path, jobs: str) -> str:
    return arg.replace("IN", str(inputs)).replace("OUT/", f"{out}/").replace("JOBS", jobs)


def files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def printed(outcome: dict, out: Path) -> tuple[int, str, str]:
    """Exit status, stdout and stderr, with the run's own output folder (which `report` prints) named OUT."""
    return outcome["exit_code"], outcome["stdout"].replace(str(out), "OUT"), outcome["stderr"].replace(str(out), "OUT")


def test_the_runs_wrote_every_output(runs):
    out, outcomes = runs["A"]
    assert {name: outcome["exit_code"] for name, outcome in outcomes.items()} == {
        **{name: 3 for name, _, _ in COMMANDS},  # the unreadable file
        "check": 3, "merge": 3, "explain": 0,
    }
    written = files(out)
    assert len([name for name in written if name.startswith("report/sessions/")]) == 12  # the sample and eleven conversations
    assert {"sessions.json", "sessions.jsonl", "utterances.csv", "sessions.csv", "sessions-fr.csv", "utterances-fr.csv", "sessions.md",
            "explain.txt", "report/index.html", "check.xml", "check.md", "check.txt", "step-summary.md", "merged.json", "evaluation.json"} <= set(written)


def test_another_hash_seed_and_time_zone_give_the_same_bytes(runs):
    (out_a, outcomes_a), (out_b, outcomes_b) = runs["A"], runs["B"]
    written_a, written_b = files(out_a), files(out_b)
    assert sorted(written_a) == sorted(written_b)
    assert [name for name in written_a if written_a[name] != written_b[name]] == []
    assert {name: printed(outcome, out_a) for name, outcome in outcomes_a.items()} == {name: printed(outcome, out_b) for name, outcome in outcomes_b.items()}


def test_worker_processes_give_the_same_bytes(runs):
    (out_a, outcomes_a), (out_c, outcomes_c) = runs["A"], runs["C"]
    written_a, written_c = files(out_a), files(out_c)
    assert set(written_c) == {name for name in written_a if name.startswith("report/") or name in ("sessions.jsonl", "utterances.csv")}
    assert [name for name in written_c if written_c[name] != written_a[name]] == []
    assert {name: printed(outcomes_c[name], out_c) for name in WITH_WORKERS} == {name: printed(outcomes_a[name], out_a) for name in WITH_WORKERS}


def test_no_output_holds_the_date_or_time_of_the_run(runs):
    """Today's (and yesterday's, around midnight) date in the usual spellings, and the epoch seconds when each file was written, appear nowhere."""
    now = datetime.datetime.now()
    days = [now, now - datetime.timedelta(days=1), datetime.datetime.now(datetime.UTC)]
    dates = {day.strftime(pattern) for day in days for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y%m%d", "%d-%m-%Y")}
    for name, (out, outcomes) in runs.items():
        texts = {path.relative_to(out).as_posix(): (path.read_text(encoding="utf-8", errors="replace"), path.stat().st_mtime) for path in out.rglob("*") if path.is_file()}
        texts.update({f"{command} (printed)": (outcome["stdout"] + outcome["stderr"], time.time()) for command, outcome in outcomes.items()})
        found = set()
        for path, (text, written_at) in texts.items():
            # Epoch seconds to the hundred (8 digits), in the ten minutes before the file was written (or read, for what was printed).
            stamps = dates | {str(int(written_at) - delta)[:8] for delta in range(0, 700, 100)}
            found |= {(path, stamp) for stamp in stamps if stamp in text}
        assert found == set(), name
