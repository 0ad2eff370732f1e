"""--dask on a real dask.distributed LocalCluster: the same bytes as the analysis in one process.

dask is an optional extra, in the test extra so that CI runs this; without it the test is
skipped with the reason, unless `CI` is set, where it fails: CI must run it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil

import pytest
from click.testing import CliRunner

from analyser.cli.main import main

from ..conftest import SAMPLES

pytestmark = [pytest.mark.model, pytest.mark.slow]  # starts a Dask cluster


def test_dask_on_a_local_cluster_writes_what_one_process_writes(tmp_path):
    if importlib.util.find_spec("distributed") is None:
        reason = "dask.distributed is not installed (pip install -e '.[test]')"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI is set: the Dask test must run, not skip)", pytrace=False)
        pytest.skip(reason)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for copy in ("a", "b"):
        for sample in SAMPLES.glob("*.txt"):
            shutil.copy(sample, inputs / f"{copy}-{sample.name}")
    (inputs / "b-broken.srt").write_text("garbage\n", encoding="utf-8")
    runner = CliRunner()
    outputs = {}
    for name, extra in (("here", []), ("dask", ["--dask", "local:2"])):
        result = runner.invoke(main, ["analyse", str(inputs), "--format", "jsonl", "-o", str(tmp_path / f"{name}.jsonl"), *extra])
        assert result.exit_code == 3, result.stderr
        assert [line for line in result.stderr.splitlines() if line.startswith("rapport")] == [
            (
                f"rapport : erreur : {inputs / 'b-broken.srt'} : ligne 1 : pas un sous-titre SubRip : attendu un numéro puis une ligne"
                " de minutage, trouvé « garbage »"
            )
        ]
        outputs[name] = (tmp_path / f"{name}.jsonl").read_bytes()
    assert outputs["dask"] == outputs["here"]
    assert outputs["here"].count(b'"record":"session"') == 6
