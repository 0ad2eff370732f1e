"""Shared fixtures: one loaded French pipeline for the whole run, and paths to the samples."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
TEST_DATA = REPO / "tests" / "data"

# The start-up cache (analyser/nlp/startup.py) of the tests and of every process they start: in the git-ignored build/,
# not the user's cache folder. RAPPORT_CACHE=off python -m pytest runs them all without it.
os.environ.setdefault("RAPPORT_CACHE", str(REPO / "build" / "test-cache"))


@pytest.fixture(scope="session")
def nlp():
    """The analysis pipeline, loaded once for every test that needs the model."""
    from analyser.nlp.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def _analyses_by_input() -> dict:
    return {}


@pytest.fixture
def shared_analyses(monkeypatch: pytest.MonkeyPatch, _analyses_by_input: dict) -> None:
    """Analyse each distinct transcript once for the whole run, for the tests that run commands over the samples again and again.

    `analyse_transcript` is a function of its arguments alone (tests/test_determinism.py checks it across processes): the
    first analysis of a transcript, with the same pipeline and options, stands for the next ones. Everything around it
    (reading, options, batching, rendering, writing) still runs in every test.
    """
    import analyser.pipeline

    analyse = analyser.pipeline.analyse_transcript

    def analysed_once(transcript, nlp, *, redact: bool = False, target: str | None = None):
        key = (nlp, repr(transcript), redact, target)  # the pipeline itself, not its id: kept alive, never reused
        if key not in _analyses_by_input:
            _analyses_by_input[key] = analyse(transcript, nlp, redact=redact, target=target)
        return _analyses_by_input[key]

    monkeypatch.setattr(analyser.pipeline, "analyse_transcript", analysed_once)


@pytest.fixture(scope="session")
def sample_paths() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))


@pytest.fixture(scope="session")
def code_exchange(nlp):
    """Code a short exchange: `code_exchange("Client line", "Therapist line")` -> the therapist's CodedUtterance.

    Any number of turns can be given, alternating speakers so that the last one is said by `last`
    ("therapist" or "client"); empty turns are left out, and the last one is returned. `target` is
    the behaviour client talk is about (`--target`), inferred when None.
    """
    from analyser.pipeline import analyse_transcript
    from analyser.read.roles import assign_roles
    from analyser.read.txt import read_txt

    def run(*turns: str, last: str = "therapist", target: str | None = None):
        turns = tuple(turn for turn in turns if turn)
        final = "Thérapeute" if last == "therapist" else "Client"
        other = "Client" if final == "Thérapeute" else "Thérapeute"
        lines = [f"{final if (len(turns) - 1 - i) % 2 == 0 else other} : {text}" for i, text in enumerate(turns)]
        transcript = read_txt("\n".join(lines).encode("utf-8"), source="exchange.txt", session_id="exchange")
        transcript = assign_roles(transcript, therapist_labels=("Thérapeute",), client_labels=("Client",))
        return analyse_transcript(transcript, nlp, target=target).utterances[-1]

    return run


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/golden/ from the current outputs instead of comparing.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
