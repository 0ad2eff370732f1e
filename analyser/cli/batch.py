"""--jobs and --dask, and the batch run they set up, shared by the commands that analyse transcripts.

Only click is imported here; the analysis, spaCy and dask load when a command runs.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from analyser.errors import InputError
from analyser.textnorm import printable

if TYPE_CHECKING:
    from analyser.pipeline import AnalysisOptions, SessionAnalysis
    from analyser.batch.run import BatchPlan, Outcome, Shard
    from analyser.batch.progress import Progress


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

    def reported(self, failures: list[InputError], *, quiet: bool) -> Iterator[SessionAnalysis | InputError]:
        """The results, with errors (always) and warnings (unless quiet) printed on stderr as they come."""
        for result in self.results:
            if isinstance(result, InputError):
                failures.append(result)
                self.progress.echo(f"rapport: error: {printable(str(result))}")
            elif not quiet:
                for warning in result.transcript.warnings:
                    self.progress.echo(f"rapport: warning: {printable(warning)}")
            yield result


def batch_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--jobs and --dask, handed to the command as one `batch: BatchSettings`."""

    @functools.wraps(command)
    def with_batch(*args: Any, jobs: int, dask: str | None, **kwargs: Any) -> Any:
        if dask is not None and jobs != 1:
            raise click.UsageError("--jobs and --dask do not go together: the cluster's workers do the work (--dask local:N for N of them here)")
        kwargs["batch"] = BatchSettings(jobs=jobs, dask=dask, shard=kwargs.pop("shard", None))
        return command(*args, **kwargs)

    with_batch = click.option(
        "--dask", metavar="ADDRESS|local[:N]",
        help="Run on a dask.distributed cluster: a scheduler address, or local[:N] for N worker processes here (needs rapport[dask]).",
    )(with_batch)
    return click.option(
        "-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
        help="Worker processes, each loading the model once; 0 means one per core. The output is the same whatever N.",
    )(with_batch)


def shard_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--shard i/N, for commands whose outputs `rapport merge` combines."""

    def parsed(ctx: click.Context, param: click.Parameter, value: str | None) -> Shard | None:
        from analyser.batch.run import Shard

        try:
            return None if value is None else Shard.parse(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None

    return click.option(
        "--shard", metavar="i/N", callback=parsed,
        help="Analyse only part i of N of the inputs (sorted by path), for a job array; combine the parts with `rapport merge`.",
    )(command)


@contextlib.contextmanager
def batch_run(paths: Iterable[str], options: AnalysisOptions, settings: BatchSettings, *, quiet: bool) -> Iterator[BatchRun]:
    """Plan the batch, start its workers (or load the model here), and show progress while the caller takes the results.

    Raises:
        RapportError: no model, no dask, a cluster out of reach, a worker lost.
    """
    from analyser.batch.run import analysing_model, plan_batch, process_pool, run_batch, worker_count
    from analyser.batch.progress import Progress

    plan = plan_batch(paths, options, settings.shard)
    with contextlib.ExitStack() as stack:
        progress = stack.enter_context(Progress.on(sys.stderr, total_sessions=len(plan.inputs), total_bytes=plan.total_bytes, quiet=quiet))
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
    """The results, moving the progress bar on for every input, including walked files that are not transcripts."""
    for planned, result in outcomes:
        words = 0 if result is None or isinstance(result, InputError) else result.profile.words
        progress.advance(size_bytes=planned.size, words=words)
        if result is not None:
            yield result
