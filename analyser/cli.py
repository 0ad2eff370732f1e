"""The `rapport` command: parse options, call the library, render. spaCy is imported only when needed."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .errors import InputError, RapportError
from .readers import READERS
from .renderers import RENDERERS
from .textnorm import fold

if TYPE_CHECKING:
    from .analysis import AnalysisOptions

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INPUT = 3


_ROLE_NAMES = {
    "therapist": "therapist", "therapeute": "therapist",
    "client": "client", "cliente": "client", "patient": "client", "patiente": "client",
    "other": "other", "autre": "other",
}
_COLUMN_FIELDS = ("speaker", "text", "start", "end")


def _pairs(value: tuple[str, ...], what: str) -> list[tuple[str, str]]:
    """"A=B" items (each option value may hold several, comma-separated) as (A, B) pairs."""
    pairs = []
    for item in (part for raw in value for part in raw.split(",") if part.strip()):
        left, equals, right = item.partition("=")
        if not equals or not left.strip() or not right.strip():
            raise click.BadParameter(f"{item!r} is not {what}")
        pairs.append((left.strip(), right.strip()))
    return pairs


def _speaker_map(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    pairs = _pairs(value, "LABEL=ROLE (for example SPEAKER_00=therapist)")
    for label, role in pairs:
        if fold(role) not in _ROLE_NAMES:
            raise click.BadParameter(f"{label}={role}: the role must be therapist, client or other")
    return tuple((label, _ROLE_NAMES[fold(role)]) for label, role in pairs)


def _columns(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> dict[str, str]:
    pairs = _pairs(value, "FIELD=HEADER (for example speaker=Intervenant)")
    for field, _ in pairs:
        if field not in _COLUMN_FIELDS:
            raise click.BadParameter(f"unknown field {field!r}; the fields are {', '.join(_COLUMN_FIELDS)}")
    return dict(pairs)


def input_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that reads transcripts, handed to it as one `options: AnalysisOptions`.

    -o/--output and -q/--quiet are passed through; the reading and role options are bundled.
    """

    @functools.wraps(command)
    def with_options(
        *args: Any,
        input_format: str | None,
        therapist_labels: tuple[str, ...],
        client_labels: tuple[str, ...],
        speaker_map: tuple[tuple[str, str], ...],
        columns: dict[str, str],
        rttm: str | None,
        **kwargs: Any,
    ) -> Any:
        from .analysis import AnalysisOptions
        from .readers import ReadOptions

        mapped = {role: tuple(label for label, given in speaker_map if given == role) for role in ("therapist", "client", "other")}
        kwargs["options"] = AnalysisOptions(
            therapist_labels=therapist_labels + mapped["therapist"],
            client_labels=client_labels + mapped["client"],
            other_labels=mapped["other"],
            input_format=input_format,
            read_options=ReadOptions(columns=MappingProxyType(columns), rttm=rttm),
        )
        return command(*args, **kwargs)

    for option in reversed(
        (
            click.option("-o", "--output", metavar="FILE", help="Write to FILE (atomically) instead of standard output."),
            click.option("--input-format", type=click.Choice(READERS), help="Read every input in this format, whatever its extension or content."),
            click.option("--therapist", "therapist_labels", multiple=True, metavar="LABEL", help="Speaker label to treat as the therapist (repeatable)."),
            click.option("--client", "client_labels", multiple=True, metavar="LABEL", help="Speaker label to treat as the client (repeatable)."),
            click.option(
                "--speaker-map", multiple=True, metavar="LABEL=ROLE", callback=_speaker_map,
                help="Give a speaker a role: therapist, client or other (repeatable), e.g. SPEAKER_00=therapist.",
            ),
            click.option(
                "--columns", multiple=True, metavar="FIELD=HEADER,...", callback=_columns,
                help="CSV/TSV headers for the fields speaker, text, start, end, e.g. speaker=Qui,text=Propos.",
            ),
            click.option(
                "--rttm", metavar="FILE|FOLDER", type=click.Path(),
                help="Speakers for Whisper JSON from a pyannote RTTM file, or from FOLDER/<session>.rttm.",
            ),
            click.option("-q", "--quiet", is_flag=True, help="Do not print warnings on standard error."),
        )
    ):
        with_options = option(with_options)
    return with_options


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
    options: AnalysisOptions,
    quiet: bool,
) -> None:
    """Analyse transcripts (files, or folders walked for known extensions) into rapport profiles.

    Exit status: 0 when every input was analysed, 2 on a usage error, 3 when an input
    could not be read (the others are still analysed and the error is listed), 1 when
    nothing could run (no French model, or an output that cannot be written).
    """
    from .analysis import analyse_paths
    from .nlp import load_pipeline, model_description
    from .output import open_output
    from .renderers import render
    from .resources import data_version

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
    options: AnalysisOptions,
    quiet: bool,
) -> None:
    """Print each utterance of a transcript with its codes and their evidence (rule and span).

    Exit status as for `analyse`.
    """
    from .analysis import analyse_paths
    from .nlp import load_pipeline
    from .output import open_output
    from .render_explain import render_explanation

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
    options: AnalysisOptions,
    quiet: bool,
) -> None:
    """Compare rapport's coding of transcripts with human labels.

    Prints precision, recall and F1 per code, Cohen's kappa for open/closed and simple/complex,
    confusion matrices and session-level Spearman correlations. A session is a transcript's
    file name without its extension. Exit status as for `analyse`.
    """
    import json

    from .analysis import analyse_paths
    from .evaluate import compare, read_labels
    from .nlp import load_pipeline
    from .output import open_output
    from .render_evaluation import render_evaluation

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


@main.command()
def formats() -> None:
    """List the transcript formats rapport reads, with their extensions and what they keep.

    A file's extension decides its format; .txt, .json, .xml and files without an extension
    are recognised by their content. --input-format forces a format.
    """
    from .readers import FORMATS

    rows = [(f.name, " ".join(f.extensions), f.keeps, f.description) for f in FORMATS.values()]
    widths = [max(len(row[column]) for row in (("format", "extensions", "keeps", ""), *rows)) for column in range(3)]
    for row in (("format", "extensions", "keeps", "description"), *rows):
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)) + "  " + row[3])
    click.echo("\nThe content decides for .txt, .json, .xml and files without an extension; --input-format forces a format.")


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
