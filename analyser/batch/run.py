"""Analyse a batch of inputs in order: in this process, on worker processes (--jobs) or on a Dask cluster (--dask).

Workers are sent file paths and read the files themselves. Results come back in input order,
with a bounded number in flight, so memory does not grow with the batch.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from os import PathLike
from typing import TYPE_CHECKING, Any

from analyser.pipeline import AnalysisOptions, SessionAnalysis, analyse_input, written_error
from analyser.errors import InputError, RapportError
from analyser.read.registry import InputFile, iter_input_files

if TYPE_CHECKING:
    from spacy.language import Language

Outcome = tuple["PlannedInput", "SessionAnalysis | InputError | None"]

# Results waiting to be written, per worker: enough to keep every worker busy while one file is slow.
IN_FLIGHT_PER_WORKER = 4


@dataclass(frozen=True, slots=True)
class Shard:
    """Part `index` of `count` (1-based) of a batch's inputs: --shard 2/8."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """ "2/8" -> Shard(2, 8); ValueError with a message for the user otherwise."""
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
        if match is None:
            raise ValueError(f"{text!r} is not i/N (for example 2/8)")
        index, count = int(match[1]), int(match[2])
        if count < 1 or not 1 <= index <= count:
            raise ValueError(f"{text!r}: i must be between 1 and N")
        return cls(index, count)

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


@dataclass(frozen=True, slots=True)
class PlannedInput:
    """One input of the batch: where it sits among all the inputs (shards included), and its size for the progress bar."""

    position: int
    item: InputFile | InputError
    size: int


@dataclass(frozen=True, slots=True)
class BatchPlan:
    """The inputs this run analyses, out of `total_inputs`; `fingerprint` tells the shards of one batch from another's."""

    inputs: tuple[PlannedInput, ...]
    total_inputs: int
    fingerprint: str
    shard: Shard | None = None

    @property
    def total_bytes(self) -> int:
        return sum(planned.size for planned in self.inputs)

    def describe(self) -> dict[str, object]:
        """What JSON Lines output says about the batch, for `rapport merge` to check."""
        return {"inputs": self.total_inputs, "fingerprint": self.fingerprint, "shard": None if self.shard is None else str(self.shard)}


def plan_batch(paths: Iterable[str | PathLike[str]], options: AnalysisOptions, shard: Shard | None = None) -> BatchPlan:
    """List the inputs (paths only: no file is read) and keep the shard's part.

    A shard takes every N-th input of the inputs sorted by path, so that every machine of a
    job array picks the same part whatever order its shell listed a glob in.
    """
    listed = list(iter_input_files(paths))
    names = [item.source if isinstance(item, InputError) else str(item.path) for item in listed]
    # The ordered names and the options: shards of one batch agree on both, and positions depend on the order.
    fingerprint = hashlib.sha256("\n".join([repr(options), *names]).encode("utf-8", "surrogateescape")).hexdigest()
    listed = [written_error(item, options) if isinstance(item, InputError) else item for item in listed]
    chosen = range(len(listed))
    if shard is not None:
        by_name = sorted(range(len(listed)), key=lambda position: (names[position], position))
        chosen = sorted(position for rank, position in enumerate(by_name) if rank % shard.count == shard.index - 1)
    inputs = tuple(PlannedInput(position, listed[position], _size(listed[position])) for position in chosen)
    return BatchPlan(inputs, len(listed), fingerprint, shard)


def _size(item: InputFile | InputError) -> int:
    if isinstance(item, InputError):
        return 0
    try:
        return item.path.stat().st_size
    except OSError:
        return 0  # the worker reading it will report why


def worker_count(jobs: int) -> int:
    """--jobs N: N processes; 0 means one per core this process may use."""
    if jobs < 0:
        raise ValueError("--jobs must be 0 (all cores) or more")
    if jobs:
        return jobs
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextlib.contextmanager
def process_pool(workers: int) -> Iterator[Executor]:
    """Worker processes, started fresh (spawn: the same on Linux, macOS and Windows); each loads the model once."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=_ignore_interrupts)
    try:
        yield executor
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _ignore_interrupts() -> None:
    """Ctrl-C reaches the whole process group: the main process stops the batch, workers need not print a traceback each."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_batch(
    plan: BatchPlan,
    options: AnalysisOptions,
    *,
    executor: Executor | None = None,
    workers: int = 1,
    nlp: Language | None = None,
) -> Iterator[Outcome]:
    """Each planned input with its result (None for a walked file that is not a transcript), in input order.

    Without an executor, files are analysed here with `nlp`; with one, by its workers, at most
    `IN_FLIGHT_PER_WORKER` results per worker waiting to be taken.
    """
    if executor is None:
        for planned in plan.inputs:
            yield planned, _marked(planned, planned.item if isinstance(planned.item, InputError) else analyse_input(planned.item, options, nlp=nlp))
        return
    pending: deque[tuple[PlannedInput, Future[SessionAnalysis | InputError | None] | None]] = deque()
    for planned in plan.inputs:
        task = None if isinstance(planned.item, InputError) else executor.submit(analyse_in_worker, planned.item, options)
        pending.append((planned, task))
        while len(pending) > IN_FLIGHT_PER_WORKER * workers:
            yield _collected(*pending.popleft())
    while pending:
        yield _collected(*pending.popleft())


def analysing_model(executor: Executor | None, *, workers: int = 1, nlp: Language | None = None, entities: bool = False) -> str:
    """The model the analysis runs with, as the output's generator names it.

    With workers, it is asked of them: one question per worker, at once, so that every worker
    starts and loads its model in parallel before the first file is sent.
    """
    if executor is None:
        from analyser.nlp.pipeline import load_pipeline, model_description

        return model_description(nlp or load_pipeline(entities=entities))
    answers = [executor.submit(worker_model, entities) for _ in range(workers)]
    return _result(answers[0], "a worker stopped while loading the French model")


def _collected(planned: PlannedInput, task: Future[SessionAnalysis | InputError | None] | None) -> Outcome:
    if task is None:
        return planned, _marked(planned, planned.item)
    assert isinstance(planned.item, InputFile)
    return planned, _marked(planned, _result(task, f"{planned.item.path}: a worker stopped while analysing it"))


def _result(task: Future[Any], lost: str) -> Any:
    """The task's result; a RapportError saying `lost` when the worker or the cluster is gone (killed, out of memory)."""
    try:
        return task.result()
    except RapportError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever the executor raises for a lost worker
        raise RapportError(f"{lost} ({type(exc).__name__}: {exc or 'no detail'})") from None


def _marked(planned: PlannedInput, result: SessionAnalysis | InputError | None) -> SessionAnalysis | InputError | None:
    """`result`, marked with where its file sits among the batch's inputs."""
    if isinstance(result, InputError):
        result.input_index = planned.position
        return result
    return None if result is None else replace(result, input_index=planned.position)


# A Dask worker may run several tasks at once in threads: one analysis at a time per process keeps one model safe.
_ONE_AT_A_TIME = threading.Lock()


def analyse_in_worker(item: InputFile, options: AnalysisOptions) -> SessionAnalysis | InputError | None:
    """The task a worker runs: read and analyse one file with the worker's model (loaded on its first task)."""
    with _ONE_AT_A_TIME:
        return analyse_input(item, options)


def worker_model(entities: bool = False) -> str:
    """The worker's model, as `analysing_model` reports it (loading it: the first task warms the worker up)."""
    from analyser.nlp.pipeline import load_pipeline, model_description

    with _ONE_AT_A_TIME:
        return model_description(load_pipeline(entities=entities))
