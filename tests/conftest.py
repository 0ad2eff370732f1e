"""Shared fixtures: one loaded French pipeline for the whole run, and paths to the samples."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"


@pytest.fixture(scope="session")
def nlp():
    """The analysis pipeline, loaded once for every test that needs the model."""
    from analyser.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def sample_paths() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))
