"""The `rapport report` command: a folder of self-contained HTML pages, one per session, and their index.

Only click and the shared options are imported here; spaCy and the renderers load in the command body.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from analyser.cli.batch import batch_options, batch_run
from analyser.cli.options import EXIT_INPUT, EXIT_OK, reading_options, redact_option, reported_errors
from analyser.errors import InputError

if TYPE_CHECKING:
    from analyser.batch.run import BatchSettings
    from analyser.session import AnalysisOptions


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "-o", "--output-dir", required=True, metavar="DIR", type=click.Path(file_okay=False),
    help="Write DIR/index.html and DIR/sessions/<session>.html (DIR is created if missing).",
)
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True, help="Language of the report's labels.")
@reading_options
@redact_option
@batch_options
def report(paths: tuple[str, ...], output_dir: str, lang: str, options: AnalysisOptions, batch: BatchSettings, quiet: bool) -> None:
    """Write an HTML report of transcripts: an index of the sessions and one page per session.

    The pages are self-contained (no script, no external link, nothing loaded from the network)
    and hold the transcript text: share them as you would the transcripts. The index path is
    printed on standard output. Exit status as for `analyse`: 3 when an input could not be read
    (the other sessions are still written and the index lists the failures).
    """
    from analyser.render.registry import report_writer

    write_report = report_writer("html")
    failures: list[InputError] = []
    with reported_errors(output_dir):
        with batch_run(paths, options, batch, quiet=quiet) as run:
            summary = write_report(run.reported(failures, quiet=quiet), output_dir, lang=lang)
        click.echo(str(summary.index))
    sys.exit(EXIT_INPUT if failures else EXIT_OK)
