"""Interrupted runs: Ctrl-C, a killed worker, SIGTERM or SIGKILL leave the previous output or none, never a truncated one.

Each run is a real `rapport` process in its own process group, over a batch big enough to be
stopped half way: the signal is sent once the run has provably written records (its temporary
output holds sessions, or pages exist), never after a guessed delay. All the runs start together
and are stopped as each reaches that point, so the module pays for a few model loads at once.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ..conftest import REPO, SAMPLES

pytestmark = [pytest.mark.model, pytest.mark.slow]  # spawns rapport processes

COPIES = 40  # x 3 samples: far more than a run gets through before it is stopped
PREVIOUS = "sortie de la séance précédente\n"
# A safety net against a hung run, not a measure: every run is stopped long before.
DEADLINE_S = 600


def temporaries(folder: Path) -> list[Path]:
    """The temporary files open_output leaves while writing: `.<name>.<random>.part`, hidden."""
    return sorted(path for path in folder.rglob(".*.part"))


def one_temporary(folder: Path, name: str) -> Path | None:
    found = [path for path in folder.glob(f".{name}.*.part")]
    return found[0] if found else None


def holds(folder: Path, name: str, marker: str, count: int) -> Callable[[], bool]:
    """True once the temporary output of `name` holds `count` occurrences of `marker`: records were written."""

    def check() -> bool:
        part = one_temporary(folder, name)
        try:
            return part is not None and part.read_bytes().count(marker.encode("utf-8")) >= count
        except FileNotFoundError:
            return False

    return check


def children(pid: int) -> list[tuple[int, str]]:
    """The child processes of `pid`, with their command lines (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if parent == pid:
                found.append((int(stat.parent.name), (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()))
        except (OSError, IndexError, ValueError):
            continue  # the process ended while it was read
    return found


def kill_one_worker(run: Run) -> None:
    workers = [pid for pid, command in children(run.process.pid) if "spawn_main" in command]
    assert len(workers) == 2, children(run.process.pid)
    run.note = f"killed worker {workers[0]}"
    os.kill(workers[0], signal.SIGKILL)


@dataclass
class Run:
    """One `rapport` process: when it counts as mid-run, and what to do to it then."""

    name: str
    args: list[str]
    mid_run: Callable[[], bool]
    interrupt: Callable[[Run], None]
    folder: Path
    process: subprocess.Popen | None = None
    stopped_mid_run: bool = False
    note: str = ""
    returncode: int | None = None
    stderr: str = ""
    files: dict[str, str] = field(default_factory=dict)

    def start(self) -> None:
        self.stderr_path = self.folder / "stderr.txt"
        with open(self.stderr_path, "w", encoding="utf-8") as errors:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "analyser", *self.args],
                cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True,
            )


def signal_group(sig: signal.Signals) -> Callable[[Run], None]:
    """Send `sig` to the run's whole process group, as a terminal does for Ctrl-C."""
    return lambda run: os.killpg(run.process.pid, sig)


def signal_main(sig: signal.Signals) -> Callable[[Run], None]:
    return lambda run: os.kill(run.process.pid, sig)


@pytest.fixture(scope="module")
def big_batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    for copy in range(COPIES):
        for sample in sorted(SAMPLES.glob("*.txt")):
            shutil.copy(sample, folder / f"{copy:03d}-{sample.name}")
    return folder


def prepared(tmp_path_factory, name: str, *files: str) -> Path:
    """A folder holding the previous run's outputs."""
    folder = tmp_path_factory.mktemp(name)
    for file in files:
        (folder / file).parent.mkdir(parents=True, exist_ok=True)
        (folder / file).write_text(PREVIOUS, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def runs(big_batch, tmp_path_factory) -> dict[str, Run]:
    """Every scenario, started together, each stopped once it is mid-run, then waited for."""
    batch = str(big_batch)
    scenarios = []

    def add(name: str, files: tuple[str, ...], args: list[str], mid_run: Callable[[Path], Callable[[], bool]], interrupt: Callable[[Run], None]) -> None:
        folder = prepared(tmp_path_factory, name, *files)
        scenarios.append(Run(name, [arg.replace("OUT", str(folder)) for arg in args], mid_run(folder), interrupt, folder))

    ctrl_c = signal_group(signal.SIGINT)
    add("json", ("out.json",), ["analyse", batch, "--format", "json", "-o", "OUT/out.json"], lambda f: holds(f, "out.json", '"session_id"', 2), ctrl_c)
    add("jsonl", ("out.jsonl",), ["analyse", batch, "--format", "jsonl", "-o", "OUT/out.jsonl"], lambda f: holds(f, "out.jsonl", '"record":"session"', 2), ctrl_c)
    add(
        "csv", ("out.csv", "utterances.csv"),
        ["analyse", batch, "--format", "csv", "--csv-sep", ";", "--utterances", "OUT/utterances.csv", "-o", "OUT/out.csv"],
        lambda f: holds(f, "out.csv", "\r\n", 3), ctrl_c,
    )
    add("report", ("report/index.html", "report/sessions/ancienne.html"), ["report", batch, "-o", "OUT/report"], lambda f: (lambda: len(list((f / "report" / "sessions").glob("0*.html"))) >= 2), ctrl_c)
    add("worker", ("out.jsonl",), ["analyse", batch, "--format", "jsonl", "--jobs", "2", "-o", "OUT/out.jsonl"], lambda f: holds(f, "out.jsonl", '"record":"session"', 2), kill_one_worker)
    add("sigterm", ("out.jsonl",), ["analyse", batch, "--format", "jsonl", "-o", "OUT/out.jsonl"], lambda f: holds(f, "out.jsonl", '"record":"session"', 2), signal_main(signal.SIGTERM))
    add("sigkill", ("out.jsonl",), ["analyse", batch, "--format", "jsonl", "-o", "OUT/out.jsonl"], lambda f: holds(f, "out.jsonl", '"record":"session"', 2), signal_main(signal.SIGKILL))

    for run in scenarios:
        run.start()
    deadline = time.monotonic() + DEADLINE_S
    try:
        waiting = list(scenarios)
        while waiting and time.monotonic() < deadline:
            for run in list(waiting):
                if run.mid_run():
                    run.interrupt(run)
                    run.stopped_mid_run = True
                    waiting.remove(run)
                elif run.process.poll() is not None:
                    waiting.remove(run)  # ended before it could be stopped: the tests say so
            time.sleep(0.05)
        for run in scenarios:
            run.returncode = run.process.wait(timeout=max(1.0, deadline - time.monotonic()))
            run.stderr = run.stderr_path.read_text(encoding="utf-8")
            run.stderr_path.unlink()
    finally:
        for run in scenarios:
            if run.process.poll() is None:
                os.killpg(run.process.pid, signal.SIGKILL)
                run.process.wait()
    return {run.name: run for run in scenarios}


def assert_previous(path: Path) -> None:
    assert path.read_text(encoding="utf-8") == PREVIOUS, f"{path.name} was replaced or damaged"


@pytest.mark.parametrize(("name", "outputs"), [("json", ["out.json"]), ("jsonl", ["out.jsonl"]), ("csv", ["out.csv", "utterances.csv"])])
def test_ctrl_c_leaves_the_previous_file_and_no_temporary(runs, name, outputs):
    run = runs[name]
    assert run.stopped_mid_run, f"{name}: the run ended before it was interrupted: {run.stderr}"
    assert run.returncode == 1 and run.stderr.strip().splitlines()[-1] == "Aborted!", run.stderr
    assert "Traceback" not in run.stderr
    for output in outputs:
        assert_previous(run.folder / output)
    assert temporaries(run.folder) == []


def test_ctrl_c_during_a_report_leaves_the_previous_index_and_only_whole_pages(runs):
    run = runs["report"]
    assert run.stopped_mid_run, run.stderr
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    report = run.folder / "report"
    assert_previous(report / "index.html")
    assert_previous(report / "sessions" / "ancienne.html")
    pages = sorted((report / "sessions").glob("0*.html"))
    assert len(pages) >= 2
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert text.startswith("<!doctype html>") and text.endswith("</html>\n"), f"{page.name} is truncated"
    assert temporaries(report) == []


def test_a_killed_worker_fails_the_run_and_keeps_the_previous_file(runs):
    run = runs["worker"]
    assert run.stopped_mid_run, run.stderr
    assert run.returncode == 1, (run.note, run.stderr)
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and re.fullmatch(r"Erreur : .+ : un processus de travail s'est arrêté pendant son analyse \(BrokenProcessPool: .+\)", lines[0]), run.stderr
    assert_previous(run.folder / "out.jsonl")
    assert temporaries(run.folder) == []


def test_sigterm_cleans_up_like_ctrl_c(runs):
    """A cancelled CI job or `kill PID`: the run exits 143 (128 + SIGTERM) through the same cleanup."""
    run = runs["sigterm"]
    assert run.stopped_mid_run, run.stderr
    assert run.returncode == 128 + signal.SIGTERM, run.stderr
    assert "Traceback" not in run.stderr
    assert_previous(run.folder / "out.jsonl")
    assert temporaries(run.folder) == []


def test_sigkill_keeps_the_previous_file_and_leaves_at_most_a_hidden_named_temporary(runs):
    """Nothing can clean up after SIGKILL: the previous output stays whole, and the temporary is hidden and names its target."""
    run = runs["sigkill"]
    assert run.stopped_mid_run, run.stderr
    assert run.returncode == -signal.SIGKILL
    assert_previous(run.folder / "out.jsonl")
    left = temporaries(run.folder)
    assert [path.name for path in left if not re.fullmatch(r"\.out\.jsonl\.[A-Za-z0-9_]+\.part", path.name)] == []
    assert len(left) <= 1
    if left:
        assert left[0].read_text(encoding="utf-8").startswith('{"record":"header"')


def test_no_process_of_a_stopped_run_is_left(runs):
    """The workers of the --jobs run (and any other child) ended with their run.

    A killed worker whose parent exited is a zombie until PID 1 reaps it (a container's PID 1 may
    never do so): it runs nothing, so it is not counted.
    """
    running = {run.name: members for run in runs.values() if (members := _running_in_group(run.process.pid))}
    assert running == {}


def _running_in_group(group: int) -> list[str]:
    """The command lines of the live (not zombie) processes of a process group, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group and fields[0] != "Z":
                found.append((stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except (OSError, IndexError, ValueError):
            continue  # the process ended while it was read
    return found

