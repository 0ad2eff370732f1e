"""Worker processes and what they run: one model loaded per worker, one analysis at a time per process."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from concurrent.futures import Executor, Future
from typing import TYPE_CHECKING, Any

from analyser.errors import InputError, RapportError
from analyser.messages import Notice
from analyser.pipeline import analyse_input
from analyser.read.registry import InputFile
from analyser.session import AnalysisOptions, SessionAnalysis

if TYPE_CHECKING:
    from spacy.language import Language


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


def analysing_model(executor: Executor | None, *, workers: int = 1, nlp: Language | None = None, entities: bool = False) -> str:
    """The model the analysis runs with, as the output's generator names it.

    With workers, it is asked of them: one question per worker, at once, so that every worker
    starts and loads its model in parallel before the first file is sent.
    """
    if executor is None:
        from analyser.nlp.pipeline import load_pipeline, model_description

        return model_description(nlp or load_pipeline(entities=entities))
    answers = [executor.submit(worker_model, entities) for _ in range(workers)]
    return result_of(answers[0], Notice("batch.worker_stopped_loading"))


def result_of(task: Future[Any], lost: Notice) -> Any:
    """The task's result; a RapportError saying `lost` when the worker or the cluster is gone (killed, out of memory)."""
    try:
        return task.result()
    except RapportError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever the executor raises for a lost worker
        raise RapportError(Notice("batch.lost", lost=lost, kind=type(exc).__name__, detail=str(exc) or Notice("batch.no_detail"))) from None


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
