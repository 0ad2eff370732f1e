"""--corrections FILE, shared by `analyse`, `report` and `check`: a supervisor's corrections of the codes, and their summary."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from analyser.cli.options import reported_errors

if TYPE_CHECKING:
    from analyser.corrections import CorrectionRun


def corrections_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--corrections FILE, handed to the command as `corrections: CorrectionRun | None`, the file read and checked.

    A file that cannot be used is a one-line error naming it and its line (exit 1), before any transcript is read.
    """

    @click.option(
        "--corrections", "corrections_path", metavar="FILE",
        help="A supervisor's corrections of the codes: a CSV of session, line, code, value (séance, ligne, code, valeur), "
        "or an utterance CSV (--utterances) with code cells edited. Every figure is measured again with them.",
    )
    @functools.wraps(command)
    def with_corrections(*args: Any, corrections_path: str | None, **kwargs: Any) -> Any:
        run = None
        if corrections_path is not None:
            from analyser.corrections import CorrectionRun, read_corrections

            # Said like every other error, in the language of the command's --lang.
            with reported_errors(corrections_path, lang=kwargs.get("lang", "fr")):
                run = CorrectionRun(read_corrections(corrections_path))
        return command(*args, corrections=run, **kwargs)

    return with_corrections


def report_corrections(run: CorrectionRun | None, *, lang: str, quiet: bool) -> None:
    """Once the results are all taken: on standard error, a warning per correction that matched nothing, then the summary."""
    if run is None or quiet:
        return
    from analyser.render.corrections import render_summary, warning_lines

    summary = run.summary()
    for line in warning_lines(summary, lang=lang):
        click.echo(line, err=True)
    click.echo(render_summary(summary, lang=lang), err=True, nl=False)
