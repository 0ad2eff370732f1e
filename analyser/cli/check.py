"""`rapport check`: the CI gate — thresholds on every session's figures, reported without a word of the transcripts."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

import click

from analyser.cli.batch import batch_options, batch_run
from analyser.cli.corrections import corrections_option, report_corrections
from analyser.cli.options import EXIT_INPUT, EXIT_OK, EXIT_USAGE, SaidError, input_options, lang_option, redact_option, reported_errors
from analyser.errors import DataFileError
from analyser.messages import Notice, say_error
from analyser.resources import check_profiles

if TYPE_CHECKING:
    from analyser.batch.run import BatchSettings
    from analyser.corrections import CorrectionRun
    from analyser.gate.checks import CheckConfig, CheckRun
    from analyser.session import AnalysisOptions

EXIT_SHORT = 1  # a session falls short of a threshold


class _BadConfig(SaidError):
    """A rapport.toml that cannot be used: a usage error (exit 2), in one line, in the language asked for."""

    exit_code = EXIT_USAGE


def _profile_names() -> list[str]:
    """The built-in profiles, read when the CLI loads; a broken data file is reported when the command runs, not here."""
    try:
        return list(check_profiles())
    except DataFileError:
        return []


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE", help="Thresholds from a TOML file ([check] table); never looked up implicitly.")
@click.option(
    "--profile",
    type=click.Choice(_profile_names()),
    help="Built-in thresholds to start from; overrides the config file's profile [default: miti-fair].",
)
@click.option("--junit", "junit_path", metavar="FILE", help="Also write JUnit XML: one testcase per (session, check).")
@click.option("--markdown", "markdown_path", metavar="FILE", help="Also write a Markdown summary table.")
@click.option("--github", is_flag=True, help="Print GitHub Actions annotations on standard output, one per failing check.")
@input_options
@redact_option
@batch_options
@lang_option
@corrections_option
def check(
    paths: tuple[str, ...],
    config_path: str | None,
    profile: str | None,
    junit_path: str | None,
    markdown_path: str | None,
    github: bool,
    output: str | None,
    options: AnalysisOptions,
    batch: BatchSettings,
    quiet: bool,
    lang: str,
    corrections: CorrectionRun | None,
) -> None:
    """Check every session against competency thresholds: the gate a training programme's CI runs.

    Prints PASS or FAIL per session with each check's value, threshold and band. When
    GITHUB_STEP_SUMMARY is set, the Markdown summary is appended to that file. No output
    holds transcript text or speaker names: an unreadable file is named by its session id and
    place only, and transcript warnings are counted, not shown.

    Exit status: 0 every session passes; 1 a session falls short (or nothing could run: no
    French model, an output that cannot be written, no transcript found); 2 usage error,
    including a bad config file; 3 an input could not be read, which wins over 1 (the other
    sessions are still checked and reported).
    """
    from analyser.errors import ConfigError
    from analyser.gate.checks import load_config

    with reported_errors(output, lang=lang):  # a broken built-in profile is an install problem: exit 1
        try:
            config = load_config(config_path, profile=profile)
        except ConfigError as exc:
            raise _BadConfig(say_error(exc, lang), lang=lang) from None
    run = _run_checks(paths, config, options, batch, output=output, quiet=quiet, lang=lang, corrections=corrections)
    _write_reports(run, output=output, junit_path=junit_path, markdown_path=markdown_path, github=github, quiet=quiet, lang=lang)
    report_corrections(corrections, lang=lang, quiet=quiet)
    sys.exit(EXIT_INPUT if run.unreadable else EXIT_SHORT if run.failed_sessions else EXIT_OK)


def _run_checks(
    paths: tuple[str, ...],
    config: CheckConfig,
    options: AnalysisOptions,
    batch: BatchSettings,
    *,
    output: str | None,
    quiet: bool,
    lang: str,
    corrections: CorrectionRun | None = None,
) -> CheckRun:
    """Analyse and check every session, corrected first with `corrections`; on stderr, unreadable inputs and warning counts, never their messages."""
    from analyser.batch.run import error_line, warning_line
    from analyser.errors import InputError
    from analyser.gate.checks import CheckRun, check_row, unreadable_input
    from analyser.render.checks import unreadable_line
    from analyser.rows import session_row

    sessions, unreadable = [], []
    with reported_errors(output, lang=lang), batch_run(paths, options, batch, quiet=quiet, lang=lang) as analysis:
        for result in analysis.results if corrections is None else corrections.apply(analysis.results):
            if isinstance(result, InputError):
                unreadable.append(unreadable_input(result))
                analysis.progress.echo(error_line(unreadable_line(unreadable[-1], lang=lang), lang))
                continue
            sessions.append(check_row(session_row(result), config))
            if sessions[-1].warnings and not quiet:
                counted = Notice("cli.check_warnings_not_shown", session=sessions[-1].session_id, count=sessions[-1].warnings)
                analysis.progress.echo(warning_line(counted, lang))
    return CheckRun(config, tuple(sessions), tuple(unreadable))


def _write_reports(
    run: CheckRun, *, output: str | None, junit_path: str | None, markdown_path: str | None, github: bool, quiet: bool, lang: str
) -> None:
    """The text summary, then the files asked for, the step summary and the annotations."""
    from analyser.render.output import open_output
    from analyser.render.registry import check_renderer

    with reported_errors(output, lang=lang), open_output(output) as stream:
        stream.write(check_renderer("summary")(run, lang=lang))
    markdown = check_renderer("markdown")(run, lang=lang)
    files = [(junit_path, check_renderer("junit")(run, lang=lang), Notice("cli.the_junit")), (markdown_path, markdown, Notice("cli.the_markdown"))]
    for path, text, what in files:
        if path is not None:
            with _writing(path, what, lang=lang), open_output(path) as stream:
                stream.write(text)
    # Not atomic on purpose: GitHub gives every step this file to append to, in one write.
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with _writing(step_summary, Notice("cli.the_step_summary"), lang=lang), open(step_summary, "a", encoding="utf-8") as stream:
            stream.write(markdown)
    if github:
        with reported_errors(output, lang=lang):
            for line in check_renderer("github")(run, warnings=not quiet, lang=lang):
                click.echo(line)


@contextlib.contextmanager
def _writing(path: str, what: Notice, *, lang: str) -> Iterator[None]:
    """Turn an OSError while writing `path` (`what`: "the JUnit XML") into a one-line error naming it (exit 1), in `lang`."""
    try:
        yield
    except OSError as exc:
        said = Notice("cli.cannot_write", path=path, what=what, reason=exc.strerror or str(exc))
        raise SaidError(said.in_lang(lang), lang=lang) from None
