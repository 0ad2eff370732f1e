"""The `rapport` command: parse options, call the library, render. spaCy is imported only when needed."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import click

from . import __version__
from .errors import InputError, RapportError
from .readers import READERS
from .renderers import RENDERERS

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INPUT = 3


def role_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--therapist / --client, shared by every command that reads transcripts."""
    command = click.option(
        "--client", "client_labels", multiple=True, metavar="LABEL",
        help="Speaker label to treat as the client (repeatable).",
    )(command)
    command = click.option(
        "--therapist", "therapist_labels", multiple=True, metavar="LABEL",
        help="Speaker label to treat as the therapist (repeatable).",
    )(command)
    return command


def input_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """-o/--output, --input-format, the role options and -q/--quiet, shared by every command that reads transcripts."""
    command = click.option("-q", "--quiet", is_flag=True, help="Do not print warnings on standard error.")(command)
    command = role_options(command)
    command = click.option(
        "--input-format", type=click.Choice(sorted(READERS)), help="Read every input in this format, whatever its extension."
    )(command)
    return click.option("-o", "--output", metavar="FILE", help="Write to FILE (atomically) instead of standard output.")(command)


@contextlib.contextmanager
def reported_errors(output: str | None) -> Iterator[None]:
    """Turn what can go wrong while running a command into one-line errors (exit 1)."""
    try:
        yield
    except RapportError as exc:
        raise click.ClickException(str(exc)) from None
    except BrokenPipeError:
        # The reader of our standard output stopped early (`rapport analyse … | head`): not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as exc:
        raise click.ClickException(f"{output or 'standard output'}: cannot write the output: {exc.strerror or exc}") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="rapport")
def main() -> None:
    """Measure language markers of the therapeutic alliance in French session transcripts."""


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text", show_default=True, help="Output format.")
@input_options
def analyse(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    input_format: str | None,
    therapist_labels: tuple[str, ...],
    client_labels: tuple[str, ...],
    quiet: bool,
) -> None:
    """Analyse transcripts (files, or folders walked for known extensions) into rapport profiles.

    Exit status: 0 when every input was analysed, 2 on a usage error, 3 when an input
    could not be read (the others are still analysed and the error is listed), 1 when
    nothing could run (no French model, or an output that cannot be written).
    """
    from .analysis import AnalysisOptions, analyse_paths
    from .nlp import load_pipeline, model_description
    from .output import open_output
    from .renderers import render
    from .resources import data_version

    options = AnalysisOptions(therapist_labels, client_labels, input_format)
    failures: list[InputError] = []
    with reported_errors(output):
        nlp = load_pipeline()
        generator = {"name": "rapport", "version": __version__, "data_version": data_version(), "model": model_description(nlp)}
        results = _report_as_they_come(analyse_paths(paths, options, nlp=nlp), failures, quiet=quiet)
        with open_output(output) as stream:
            render(fmt, results, stream, generator=generator)
    sys.exit(EXIT_INPUT if failures else EXIT_OK)


@main.command()
@click.argument("path", metavar="FILE")
@input_options
def explain(
    path: str,
    output: str | None,
    input_format: str | None,
    therapist_labels: tuple[str, ...],
    client_labels: tuple[str, ...],
    quiet: bool,
) -> None:
    """Print each utterance of a transcript with its codes and their evidence (rule and span).

    Exit status as for `analyse`.
    """
    from .analysis import AnalysisOptions, analyse_paths
    from .nlp import load_pipeline
    from .output import open_output
    from .render_explain import render_explanation

    options = AnalysisOptions(therapist_labels, client_labels, input_format)
    failures: list[InputError] = []
    with reported_errors(output):
        results = list(_report_as_they_come(analyse_paths([path], options, nlp=load_pipeline()), failures, quiet=quiet))
        with open_output(output) as stream:
            for result in results:
                if not isinstance(result, InputError):
                    stream.write(render_explanation(result))
    sys.exit(EXIT_INPUT if failures else EXIT_OK)


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="TRANSCRIPT...")
@click.option("--labels", "labels_path", required=True, metavar="LABELS.csv", help="Human codes: columns session, source_line, question, reflection.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format.")
@input_options
def evaluate(
    paths: tuple[str, ...],
    labels_path: str,
    fmt: str,
    output: str | None,
    input_format: str | None,
    therapist_labels: tuple[str, ...],
    client_labels: tuple[str, ...],
    quiet: bool,
) -> None:
    """Compare rapport's coding of transcripts with human labels.

    Prints precision, recall and F1 per code, Cohen's kappa for open/closed and simple/complex,
    confusion matrices and session-level Spearman correlations. A session is a transcript's
    file name without its extension. Exit status as for `analyse`.
    """
    import json

    from .analysis import AnalysisOptions, analyse_paths
    from .evaluate import compare, read_labels
    from .nlp import load_pipeline
    from .output import open_output
    from .render_evaluation import render_evaluation

    options = AnalysisOptions(therapist_labels, client_labels, input_format)
    failures: list[InputError] = []
    with reported_errors(output):
        labels = read_labels(labels_path)
        results = _report_as_they_come(analyse_paths(paths, options, nlp=load_pipeline()), failures, quiet=quiet)
        figures = compare(results, labels, labels_source=labels_path).to_dict()
        if not quiet:
            for warning in figures["warnings"]:
                click.echo(f"rapport: warning: {warning}", err=True)
        with open_output(output) as stream:
            if fmt == "json":
                json.dump(figures, stream, ensure_ascii=False, indent=2)
                stream.write("\n")
            else:
                stream.write(render_evaluation(figures))
    sys.exit(EXIT_INPUT if failures else EXIT_OK)


def _report_as_they_come(results: Iterable[Any], failures: list[InputError], *, quiet: bool) -> Iterator[Any]:
    """Pass results through, printing errors (always) and warnings (unless quiet) on stderr."""
    for result in results:
        if isinstance(result, InputError):
            failures.append(result)
            click.echo(f"rapport: error: {result}", err=True)
        elif not quiet:
            for warning in result.transcript.warnings:
                click.echo(f"rapport: warning: {warning}", err=True)
        yield result
