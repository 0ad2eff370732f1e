"""--jobs, --dask and --shard, shared by the commands that analyse transcripts; the run itself is `batch.run.batch_run`.

Only click is imported here; the analysis, spaCy and dask load when a command runs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from analyser.batch.plan import Shard


def batch_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--jobs and --dask, handed to the command as one `batch: BatchSettings`."""

    @functools.wraps(command)
    def with_batch(*args: Any, jobs: int, dask: str | None, **kwargs: Any) -> Any:
        if dask is not None and jobs != 1:
            raise click.UsageError("--jobs and --dask do not go together: the cluster's workers do the work (--dask local:N for N of them here)")
        from analyser.batch.run import BatchSettings

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
        from analyser.batch.plan import Shard

        try:
            return None if value is None else Shard.parse(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None

    return click.option(
        "--shard", metavar="i/N", callback=parsed,
        help="Analyse only part i of N of the inputs (sorted by path), for a job array; combine the parts with `rapport merge`.",
    )(command)


def batch_run(*args: Any, **kwargs: Any) -> Any:
    """`batch.run.batch_run`, imported when a command runs rather than when the CLI loads (`--help` stays light)."""
    from analyser.batch.run import batch_run as run

    return run(*args, **kwargs)
