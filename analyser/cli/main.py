"""The `rapport` command: parse options, call the library, render. spaCy is imported only when needed."""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING

import click

from analyser import __version__
from analyser.cli.batch import batch_options, batch_run, shard_option
from analyser.cli.corrections import corrections_option, report_corrections
from analyser.cli.options import EXIT_INPUT, EXIT_OK, input_options, lang_option, redact_option, reported_errors
from analyser.errors import InputError
from analyser.render.registry import RENDERERS

if TYPE_CHECKING:
    from analyser.batch.run import BatchSettings
    from analyser.corrections import CorrectionRun
    from analyser.session import AnalysisOptions


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="rapport")
def main() -> None:
    """Measure language markers of the therapeutic alliance in French session transcripts."""


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "fmt", type=click.Choice(list(RENDERERS)), default="text", show_default=True, help="Output format.")
@click.option(
    "--csv-sep", type=click.Choice([",", ";", "tab"]), default=",", show_default=True, help="CSV cell separator; ';' for French spreadsheets."
)
@click.option("--csv-decimal", type=click.Choice([".", ","]), help="CSV decimal mark [default: ',' with --csv-sep ';', else '.'].")
@click.option("--utterances", "utterances_path", metavar="FILE", help="Also write a CSV of every coded utterance to FILE.")
@input_options
@redact_option
@batch_options
@shard_option
@lang_option
@corrections_option
def analyse(
    paths: tuple[str, ...],
    fmt: str,
    csv_sep: str,
    csv_decimal: str | None,
    utterances_path: str | None,
    output: str | None,
    options: AnalysisOptions,
    batch: BatchSettings,
    quiet: bool,
    lang: str,
    corrections: CorrectionRun | None,
) -> None:
    """Analyse transcripts (files, or folders walked for known extensions) into rapport profiles.

    Sessions are written as they are analysed, in input order, whatever --jobs or --dask;
    a progress bar shows on standard error when it is a terminal (not with -q).

    Exit status: 0 when every input was analysed, 2 on a usage error, 3 when an input
    could not be read (the others are still analysed and the error is listed), 1 when
    nothing could run (no French model, an output that cannot be written, a worker lost).
    """
    from analyser.render.csv import CsvDialect, with_utterance_rows
    from analyser.render.output import open_output
    from analyser.render.registry import render
    from analyser.resources import data_version

    dialect = CsvDialect.for_separator("\t" if csv_sep == "tab" else csv_sep, csv_decimal)
    failures: list[InputError] = []
    with reported_errors(output, lang=lang), contextlib.ExitStack() as outputs:
        run = outputs.enter_context(batch_run(paths, options, batch, quiet=quiet, lang=lang))
        generator = {"name": "rapport", "version": __version__, "data_version": data_version(), "model": run.model}
        format_options = {"csv": {"dialect": dialect}, "jsonl": {"batch": run.plan.describe()}, "json": {"corrections": corrections}}.get(fmt, {})
        results = run.reported(failures, quiet=quiet, lang=lang)
        if corrections is not None:
            results = corrections.apply(results)
        if utterances_path is not None:
            results = with_utterance_rows(results, outputs.enter_context(open_output(utterances_path)), dialect)
        with open_output(output) as stream:
            render(fmt, results, stream, generator=generator, lang=lang, **format_options)
    report_corrections(corrections, lang=lang, quiet=quiet)
    sys.exit(EXIT_INPUT if failures else EXIT_OK)


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@input_options
@redact_option
@lang_option
def explain(
    paths: tuple[str, ...],
    output: str | None,
    options: AnalysisOptions,
    quiet: bool,
    lang: str,
) -> None:
    """Print each utterance of the transcripts with its codes and their evidence (rule and span).

    Exit status as for `analyse`.
    """
    from analyser.batch.run import BatchSettings
    from analyser.render.explain import render_explanation
    from analyser.render.output import open_output

    failures: list[InputError] = []
    with reported_errors(output, lang=lang), batch_run(paths, options, BatchSettings(), quiet=True, lang=lang) as run:
        results = list(run.reported(failures, quiet=quiet, lang=lang))
        with open_output(output) as stream:
            for result in results:
                if not isinstance(result, InputError):
                    stream.write(render_explanation(result, lang=lang))
    sys.exit(EXIT_INPUT if failures else EXIT_OK)


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="TRANSCRIPT...")
@click.option("--labels", "labels_path", required=True, metavar="LABELS.csv", help="Human codes: columns session, source_line, question, reflection; speaker, therapist_input, client_talk, mi_quality if present.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format.")
@input_options
@batch_options
@lang_option
def evaluate(
    paths: tuple[str, ...],
    labels_path: str,
    fmt: str,
    output: str | None,
    options: AnalysisOptions,
    batch: BatchSettings,
    quiet: bool,
    lang: str,
) -> None:
    """Compare rapport's coding of transcripts with human labels.

    Prints precision, recall and F1 per code, Cohen's kappa for open/closed and simple/complex,
    confusion matrices and session-level Spearman correlations; for input and client talk when the
    labels code them, and, when they rate sessions (mi_quality), how well each session figure tells
    high-quality sessions from low ones (AUC). A session is a transcript's file name without its
    extension. Exit status as for `analyse`.
    """
    import json

    from analyser.batch.run import warning_line
    from analyser.evaluation.evaluate import compare, read_labels
    from analyser.render.evaluation import render_evaluation
    from analyser.render.output import open_output

    failures: list[InputError] = []
    with reported_errors(output, lang=lang):
        labels = read_labels(labels_path)
        with batch_run(paths, options, batch, quiet=quiet, lang=lang) as run:
            figures = compare(run.reported(failures, quiet=quiet, lang=lang), labels, labels_source=labels_path).to_dict()
        if not quiet:
            for warning in figures["warnings"]:
                click.echo(warning_line(warning, lang), err=True)
        with open_output(output) as stream:
            if fmt == "json":
                json.dump(figures, stream, ensure_ascii=False, indent=2)
                stream.write("\n")
            else:
                stream.write(render_evaluation(figures, lang=lang))
    sys.exit(EXIT_INPUT if failures else EXIT_OK)


@main.command()
@lang_option
def formats(lang: str) -> None:
    """List the transcript formats rapport reads, with their extensions and what they keep.

    A file's extension decides its format; .txt, .json, .xml and files without an extension
    are recognised by their content. --input-format forces a format.
    """
    from analyser.read.registry import FORMATS
    from analyser.render.report_text import ReportText

    words = ReportText.for_lang(lang)
    header = tuple(words[f"formats_column_{column}"] for column in ("format", "extensions", "keeps", "description"))
    rows = [(f.name, " ".join(f.extensions), words[f"format_keeps_{f.name}"], words[f"format_description_{f.name}"]) for f in FORMATS.values()]
    widths = [max(len(row[column]) for row in (header, *rows)) for column in range(3)]
    for row in (header, *rows):
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)) + "  " + row[3])
    click.echo("\n" + words["formats_note"])


# Commands with modules of their own, registered here so that `rapport --help` lists them.
from analyser.cli.check import check
from analyser.cli.merge import merge
from analyser.cli.report import report
from analyser.cli.trend import trend

main.add_command(check)
main.add_command(merge)
main.add_command(report)
main.add_command(trend)
