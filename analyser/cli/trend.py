"""The `rapport trend` command: a series' key figures session by session, with what changed beyond the error margin.

Only click and the shared options are imported here; the analysis and the renderers load in the command body.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from analyser.cli.batch import batch_options, batch_run
from analyser.cli.options import EXIT_INPUT, EXIT_OK, input_options, lang_option, reported_errors, series_options
from analyser.errors import InputError
from analyser.render.registry import TREND_RENDERERS
from analyser.textnorm import printable

if TYPE_CHECKING:
    from analyser.batch.plan import BatchPlan
    from analyser.batch.run import BatchSettings
    from analyser.series import SeriesWarning, SessionFigures
    from analyser.session import AnalysisOptions

JSON_LINES = ".jsonl"


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@series_options
@click.option("--format", "fmt", type=click.Choice(list(TREND_RENDERERS)), default="text", show_default=True, help="Output format.")
@lang_option
@input_options
@batch_options
def trend(
    paths: tuple[str, ...],
    manifest: str | None,
    series: str | None,
    fmt: str,
    lang: str,
    output: str | None,
    options: AnalysisOptions,
    batch: BatchSettings,
    quiet: bool,
) -> None:
    """Follow series of sessions (a dyad, a trainee): each key figure session by session, and its change since the first
    and the previous session, called a rise or a fall only beyond its error margin.

    PATH is a transcript, a folder, or a JSON Lines file written by `rapport analyse --format jsonl` (read, not
    re-analysed). A session's series comes from --manifest, else from --series NAME, else from its file name
    (dupont-s03.txt: series dupont, session 3).

    Exit status as for `analyse`: 3 when an input could not be read (the trend is still written), 1 when the
    manifest or a JSON Lines file is unusable.
    """
    from analyser import __version__
    from analyser.render.merge import session_records
    from analyser.render.output import open_output
    from analyser.render.registry import trend_renderer
    from analyser.resources import data_version
    from analyser.series import SeriesAssigner, SessionFigures, build_trends, read_manifest
    from analyser.session import analyses

    failures: list[InputError] = []
    with reported_errors(output, lang=lang):
        assigner = SeriesAssigner(read_manifest(manifest, series=series) if manifest else None, series=series, redact=options.redact)
        sessions: list[SessionFigures] = []
        for path in (path for path in paths if path.lower().endswith(JSON_LINES)):
            for place, record in session_records(path):
                if record.get("record") == "error":  # an input the analysis could not read: the trend lacks it, as `merge` says
                    failures.append(InputError(str(record.get("source")), str(record.get("message")), place=record.get("place")))
                    click.echo(f"rapport: error: {printable(str(failures[-1]))}", err=True)
                    continue
                session = SessionFigures.from_record(record, source=path, place=place)
                sessions.append(session.placed(assigner.membership(session.source)))
        transcripts = [path for path in paths if not path.lower().endswith(JSON_LINES)]
        if transcripts:
            with batch_run(transcripts, options, batch, quiet=quiet, lang=lang) as run:
                assigner.inputs = given_paths(run.plan)
                for analysis in analyses(run.reported(failures, quiet=quiet, lang=lang), []):
                    sessions.append(SessionFigures.from_analysis(analysis, assigner.membership_of(analysis)))
        trends = build_trends(sessions)
        warnings = assigner.warnings()
        if not quiet:
            echo_series_warnings(warnings, lang=lang)
        write = trend_renderer(fmt)
        with open_output(output) as stream:
            if fmt == "json":
                generator = {"name": "rapport", "version": __version__, "data_version": data_version()}
                errors = [{"source": error.source, "place": error.place, "message": error.message} for error in failures]
                write(trends, stream, generator=generator, warnings=warnings, errors=errors)
            elif fmt == "text":
                write(trends, stream, lang=lang)
            else:
                write(trends, stream)
    sys.exit(EXIT_INPUT if failures else EXIT_OK)


def given_paths(plan: BatchPlan) -> dict[int, str]:
    """The batch's files as given, by their place among its inputs: what a manifest and file names are matched with."""
    from analyser.read.registry import InputFile

    return {planned.position: str(planned.item.path) for planned in plan.inputs if isinstance(planned.item, InputFile)}


def echo_series_warnings(warnings: Sequence[SeriesWarning], *, lang: str) -> None:
    """Each series warning on one line of standard error, in the reader's language."""
    from analyser.render.report_text import ReportText
    from analyser.render.trend import warning_text

    text = ReportText.for_lang(lang)
    for warning in warnings:
        click.echo(printable(text.format("trend_warning", message=warning_text(warning, text))), err=True)
