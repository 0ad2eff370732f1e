"""Packaging: every data file under models/ ships in the wheel, and the loader finds them."""

from __future__ import annotations

import fnmatch
import tomllib

from analyser.resources import data_version, models_dir

from .conftest import REPO


def test_every_models_file_is_declared_as_package_data():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["analyser.models"]
    files = [path.name for path in (REPO / "models").iterdir() if path.is_file()]
    assert files
    missing = [name for name in files if not any(fnmatch.fnmatch(name, pattern) for pattern in patterns)]
    assert missing == []


def test_models_dir_holds_the_data_and_a_version():
    assert (models_dir() / "speaker_roles.tsv").is_file()
    assert data_version().count(".") == 2
