"""The `rapport report` command: a folder of self-contained HTML pages, one per session, and their index.

Only click and the shared options are imported here; spaCy and the renderers load in the command body.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from analyser.cli.batch import batch_options, batch_run
from analyser.cli.corrections import corrections_option, report_corrections
from analyser.cli.options import EXIT_INPUT, EXIT_OK, lang_option, reading_options, redact_option, reported_errors, series_options
from analyser.cli.trend import echo_series_warnings, given_paths
from analyser.errors import InputError

if TYPE_CHECKING:
    from analyser.batch.run import BatchSettings
    from analyser.corrections import CorrectionRun
    from analyser.session import AnalysisOptions


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "-o", "--output-dir", required=True, metavar="DIR", type=click.Path(file_okay=False),
    help="Write DIR/index.html and DIR/sessions/<session>.html (DIR is created if missing).",
)
@reading_options
@redact_option
@batch_options
@lang_option
@corrections_option
@series_options
def report(
    paths: tuple[str, ...],
    output_dir: str,
    lang: str,
    options: AnalysisOptions,
    batch: BatchSettings,
    quiet: bool,
    corrections: CorrectionRun | None,
    manifest: str | None,
    series: str | None,
) -> None:
    """Write an HTML report of transcripts: an index of the sessions and one page per session.

    Sessions in a series (from --manifest, --series NAME, or file names such as dupont-s03.txt) also get
    a page per series, DIR/series/<series>.html: each key figure over the sessions, with its changes.

    The pages are self-contained (no script, no external link, nothing loaded from the network)
    and hold the transcript text: share them as you would the transcripts. The index path is
    printed on standard output. Exit status as for `analyse`: 3 when an input could not be read
    (the other sessions are still written and the index lists the failures).
    """
    from analyser.render.registry import report_writer
    from analyser.series import SeriesAssigner, read_manifest

    write_report = report_writer("html")
    failures: list[InputError] = []
    with reported_errors(output_dir, lang=lang):
        # Without a manifest or --series, file names decide; a session in no series is no warning here.
        assigner = SeriesAssigner(read_manifest(manifest, series=series) if manifest else None, series=series, warn_unplaced=False, redact=options.redact)
        with batch_run(paths, options, batch, quiet=quiet, lang=lang) as run:
            assigner.inputs = given_paths(run.plan)
            results = run.reported(failures, quiet=quiet, lang=lang)
            if corrections is not None:
                results = corrections.apply(results)
            summary = write_report(results, output_dir, lang=lang, corrections=corrections, series=assigner)
        if not quiet:
            echo_series_warnings(summary.warnings, lang=lang)
        click.echo(str(summary.index))
    report_corrections(corrections, lang=lang, quiet=quiet)
    sys.exit(EXIT_INPUT if failures else EXIT_OK)
