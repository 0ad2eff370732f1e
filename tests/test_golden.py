"""Golden files: the text, Markdown and CSV outputs of the bundled samples, byte for byte.

A change to the analysis or to a renderer shows here as a diff to review. When the change is
intended, regenerate the files and commit them with it:

    python -m pytest tests/test_golden.py --update-golden
"""

from __future__ import annotations

import difflib

import pytest
from click.testing import CliRunner

from analyser.cli.main import main

from .conftest import REPO

GOLDEN = REPO / "tests" / "golden"
# The samples are analysed once for the run: these tests run commands over them again and again (conftest.py).
pytestmark = pytest.mark.usefixtures("shared_analyses")

# (golden file, arguments after `rapport`, exit status); OUT is replaced by the file the command writes.
# `rapport check` exits 1: two of the three samples fall short of miti-fair (README, "rapport check").
OUTPUTS = [
    ("samples.txt", ["analyse", "samples", "-o", "OUT"], 0),
    ("samples.md", ["analyse", "samples", "--format", "markdown", "-o", "OUT"], 0),
    ("samples.csv", ["analyse", "samples", "--format", "csv", "-o", "OUT"], 0),
    ("samples-fr.csv", ["analyse", "samples", "--format", "csv", "--csv-sep", ";", "-o", "OUT"], 0),
    ("samples-utterances.csv", ["analyse", "samples", "--format", "json", "-o", "-", "--utterances", "OUT"], 0),
    ("check-miti-fair.txt", ["check", "samples", "-o", "OUT"], 1),
    ("check-miti-fair.md", ["check", "samples", "--markdown", "OUT"], 1),
    ("check-miti-good.junit.xml", ["check", "samples", "--profile", "miti-good", "--junit", "OUT"], 1),
    # A series of four sessions and its manifest (tests/data/series/): `rapport trend` as text, CSV and JSON.
    ("trend-series.txt", ["trend", "tests/data/series", "--manifest", "tests/data/series/manifest.csv", "-o", "OUT"], 0),
    ("trend-series.csv", ["trend", "tests/data/series", "--manifest", "tests/data/series/manifest.csv", "--format", "csv", "-o", "OUT"], 0),
    ("trend-series.json", ["trend", "tests/data/series", "--manifest", "tests/data/series/manifest.csv", "--format", "json", "-o", "OUT"], 0),
    # The outputs for people are French by default; the same in English.
    ("samples-en.txt", ["analyse", "samples", "--lang", "en", "-o", "OUT"], 0),
    ("samples-en.md", ["analyse", "samples", "--format", "markdown", "--lang", "en", "-o", "OUT"], 0),
    ("check-miti-fair-en.txt", ["check", "samples", "--lang", "en", "-o", "OUT"], 1),
    ("check-miti-fair-en.md", ["check", "samples", "--lang", "en", "--markdown", "OUT"], 1),
]


@pytest.mark.model
@pytest.mark.parametrize(("name", "args", "status"), OUTPUTS, ids=[name for name, _, _ in OUTPUTS])
def test_sample_outputs_match_their_golden_files(name, args, status, tmp_path, monkeypatch, update_golden):
    monkeypatch.chdir(REPO)  # sources are shown as given: "samples/…"
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)  # when the tests run on GitHub, check would append to it
    written = tmp_path / name
    result = CliRunner().invoke(main, [str(written) if arg == "OUT" else arg for arg in args])
    assert result.exit_code == status, result.output
    produced = written.read_bytes()
    golden = GOLDEN / name
    if update_golden:
        golden.write_bytes(produced)
        pytest.skip(f"rewrote {golden.relative_to(REPO)}")
    expected = golden.read_bytes()
    if produced != expected:
        diff = difflib.unified_diff(
            expected.decode("utf-8").splitlines(), produced.decode("utf-8").splitlines(), f"golden/{name}", "produced", lineterm="", n=1
        )
        pytest.fail(
            f"{name} differs from its golden file (if intended: python -m pytest tests/test_golden.py --update-golden):\n"
            + "\n".join(list(diff)[:60])
        )
