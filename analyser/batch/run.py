"""Analyse a batch of inputs in order: in this process, on worker processes (--jobs) or on a Dask cluster (--dask).

Workers are sent file paths and read the files themselves. Results come back in input order,
with a bounded number in flight, so memory does not grow with the batch. `batch_run` is the library's
entry point for a batch, with its progress; `analyse_paths` the simplest one, in this process.
"""

from __future__ import annotations

import contextlib
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from analyser.batch.plan import BatchPlan, PlannedInput, Shard, plan_batch
from analyser.batch.pool import analyse_in_worker, analysing_model, process_pool, result_of, worker_count
from analyser.errors import InputError, RapportError
from analyser.messages import Notice, say, say_error
from analyser.pipeline import analyse_input
from analyser.read.registry import InputFile
from analyser.session import DEFAULT_OPTIONS, AnalysisOptions, SessionAnalysis
from analyser.textnorm import printable

if TYPE_CHECKING:
    from spacy.language import Language

    from analyser.batch.progress import Progress

Outcome = tuple[PlannedInput, "SessionAnalysis | InputError | None"]

# Results waiting to be written, per worker: enough to keep every worker busy while one file is slow.
IN_FLIGHT_PER_WORKER = 4


def run_batch(
    plan: BatchPlan,
    options: AnalysisOptions,
    *,
    executor: Executor | None = None,
    workers: int = 1,
    nlp: Language | None = None,
) -> Iterator[Outcome]:
    """Each planned input with its result (None for a walked file that is not a transcript), in input order.

    Without an executor, files are analysed here with `nlp`; with one, by its workers. Session ids come back
    unique within the batch: « seance.docx » and « seance.srt » are seance-docx and seance-srt, as report pages
    already were.
    """
    taken: set[str] = set()
    for planned, result in _analysed(plan, options, executor=executor, workers=workers, nlp=nlp):
        yield planned, (_unique_id(result, taken) if isinstance(result, SessionAnalysis) else result)


def _unique_id(analysis: SessionAnalysis, taken: set[str]) -> SessionAnalysis:
    transcript = analysis.transcript
    name = transcript.session_id
    if name in taken:
        extension = Path(transcript.source).suffix.lstrip(".").lower()
        base = f"{name}-{extension}" if extension else name
        name, number = base, 2
        while name in taken:
            name, number = f"{base}-{number}", number + 1
    taken.add(name)
    return analysis if name == transcript.session_id else replace(analysis, transcript=replace(transcript, session_id=name))


def _analysed(
    plan: BatchPlan,
    options: AnalysisOptions,
    *,
    executor: Executor | None = None,
    workers: int = 1,
    nlp: Language | None = None,
) -> Iterator[Outcome]:
    """The results in input order, at most `IN_FLIGHT_PER_WORKER` per worker waiting to be taken."""
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


def _collected(planned: PlannedInput, task: Future[SessionAnalysis | InputError | None] | None) -> Outcome:
    if task is None:
        return planned, _marked(planned, planned.item)
    assert isinstance(planned.item, InputFile)
    return planned, _marked(planned, result_of(task, Notice("batch.worker_stopped_analysing", path=str(planned.item.path))))


def _marked(planned: PlannedInput, result: SessionAnalysis | InputError | None) -> SessionAnalysis | InputError | None:
    """`result`, marked with where its file sits among the batch's inputs."""
    if isinstance(result, InputError):
        result.input_index = planned.position
        return result
    return None if result is None else replace(result, input_index=planned.position)


def analyse_paths(
    paths: Iterable[str | PathLike[str]],
    options: AnalysisOptions = DEFAULT_OPTIONS,
    *,
    nlp: Language | None = None,
) -> Iterator[SessionAnalysis | InputError]:
    """Analyse every transcript under `paths`, one at a time, in this process, in order.

    A file that cannot be read is yielded as its `InputError`, and the batch goes on. For
    several processes, a cluster, a shard or a progress bar, see `batch_run`.
    """
    if nlp is None:
        from analyser.nlp.pipeline import load_pipeline

        nlp = load_pipeline(entities=options.redact)
    for _, result in run_batch(plan_batch(paths, options), options, nlp=nlp):
        if result is not None:
            yield result


@dataclass(frozen=True, slots=True)
class BatchSettings:
    """How to spread the analysis: processes here, or a Dask cluster; and which shard of the inputs to take."""

    jobs: int = 1
    dask: str | None = None
    shard: Shard | None = None


@dataclass(frozen=True, slots=True)
class BatchRun:
    """A running batch: its plan, the model its workers use, the progress bar, and the results in input order."""

    plan: BatchPlan
    model: str
    progress: Progress
    results: Iterator[SessionAnalysis | InputError]

    def reported(self, failures: list[InputError], *, quiet: bool, lang: str = "fr") -> Iterator[SessionAnalysis | InputError]:
        """The results, with errors (always) and warnings (unless quiet) printed on stderr as they come, in `lang`."""
        for result in self.results:
            if isinstance(result, InputError):
                failures.append(result)
                self.progress.echo(error_line(say_error(result, lang), lang))
            elif not quiet:
                for warning in result.transcript.warnings:
                    self.progress.echo(warning_line(warning, lang))
            yield result


def warning_line(warning: str, lang: str) -> str:
    """A warning as rapport prints it on standard error: "rapport : avertissement : …" ("rapport: warning: …"), on one line."""
    return Notice("batch.warning_line", message=printable(say(warning, lang))).in_lang(lang)


def error_line(message: str, lang: str) -> str:
    """An error the run goes on after, on standard error: "rapport : erreur : …" ("rapport: error: …"), on one line."""
    return Notice("batch.error_line", message=printable(say(message, lang))).in_lang(lang)


@contextlib.contextmanager
def batch_run(paths: Iterable[str], options: AnalysisOptions, settings: BatchSettings, *, quiet: bool, lang: str = "fr") -> Iterator[BatchRun]:
    """Plan the batch, start its workers (or load the model here), and show progress in `lang` while the caller takes the results.

    Raises:
        RapportError: no model, no dask, a cluster out of reach, a worker lost.
    """
    from analyser.batch.progress import Progress

    plan = plan_batch(paths, options, settings.shard)
    with contextlib.ExitStack() as stack:
        progress = stack.enter_context(Progress.on(sys.stderr, total_sessions=len(plan.inputs), total_bytes=plan.total_bytes, quiet=quiet, lang=lang))
        executor, nlp = None, None
        if settings.dask is not None:
            from analyser.batch.cluster import dask_executor

            executor, workers = stack.enter_context(dask_executor(settings.dask))
        else:
            workers = min(worker_count(settings.jobs), max(len(plan.inputs), 1))
            if workers > 1:
                executor = stack.enter_context(process_pool(workers))
            else:
                from analyser.nlp.pipeline import load_pipeline

                nlp = load_pipeline(entities=options.redact)
        model = analysing_model(executor, workers=workers, nlp=nlp, entities=options.redact)
        outcomes = run_batch(plan, options, executor=executor, workers=workers, nlp=nlp)
        yield BatchRun(plan, model, progress, _advancing(outcomes, progress))


def _advancing(outcomes: Iterable[Outcome], progress: Progress) -> Iterator[SessionAnalysis | InputError]:
    """The results, moving the progress bar on for every input, including walked files that are not transcripts.

    Raises:
        RapportError: no input was a transcript, nor a file that could not be read ("batch.no_transcript"): every command
            says so the same way, and exits 1.
    """
    found = False
    for planned, result in outcomes:
        words = 0 if result is None or isinstance(result, InputError) else result.profile.words
        progress.advance(size_bytes=planned.size, words=words, transcript=result is not None)
        if result is not None:
            found = True
            yield result
    if not found:
        raise RapportError(Notice("batch.no_transcript"))
