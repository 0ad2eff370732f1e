"""Options and error handling shared by the commands that read transcripts."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import sys
from collections.abc import Callable, Iterator
from types import MappingProxyType
from typing import IO, Any

import click

from analyser.domain import ROLES
from analyser.errors import RapportError
from analyser.read.registry import READERS
from analyser.resources import REPORT_LANGUAGES, speaker_role_table
from analyser.textnorm import fold

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INPUT = 3


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
    mapped = []
    for label, role in pairs:
        named = _role_named(role)
        if named is None:
            raise click.BadParameter(f"{label}={role}: the role must be therapist, cotherapist (counted with the therapist), client or other")
        mapped.append((label, named))
    return tuple(mapped)


def _role_named(role: str) -> str | None:
    """The role a --speaker-map value names: therapist, client, other, or a label of speaker_roles.tsv ("thérapeute", "autre", "cotherapist")."""
    key = fold(role)
    return key if key in ROLES else speaker_role_table().get(key)


def _columns(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> dict[str, str]:
    pairs = _pairs(value, "FIELD=HEADER (for example speaker=Intervenant)")
    for field, _ in pairs:
        if field not in _COLUMN_FIELDS:
            raise click.BadParameter(f"unknown field {field!r}; the fields are {', '.join(_COLUMN_FIELDS)}")
    return dict(pairs)


def input_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that reads transcripts and writes one output: `reading_options` and -o/--output FILE."""
    output = click.option("-o", "--output", metavar="FILE", help="Write to FILE (atomically) instead of standard output.")
    return output(reading_options(command))


def reading_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The reading and role options, handed to the command as one `options: AnalysisOptions`, and -q/--quiet.

    For a command that writes something other than one file (`rapport report` writes a folder).
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
        max_size: float,
        target: str | None,
        **kwargs: Any,
    ) -> Any:
        from analyser.read.registry import ReadOptions
        from analyser.session import AnalysisOptions

        mapped = {role: tuple(label for label, given in speaker_map if given == role) for role in ("therapist", "client", "other")}
        kwargs["options"] = AnalysisOptions(
            therapist_labels=therapist_labels + mapped["therapist"],
            client_labels=client_labels + mapped["client"],
            other_labels=mapped["other"],
            input_format=input_format,
            read_options=ReadOptions(columns=MappingProxyType(columns), rttm=rttm, max_bytes=round(max_size * 1_048_576) or None),
            target=target.strip() or None if target else None,
        )
        return command(*args, **kwargs)

    for option in reversed(
        (
            click.option("--input-format", type=click.Choice(READERS), help="Read every input in this format, whatever its extension or content."),
            click.option("--therapist", "therapist_labels", multiple=True, metavar="LABEL", help="Speaker label to treat as the therapist (repeatable)."),
            click.option("--client", "client_labels", multiple=True, metavar="LABEL", help="Speaker label to treat as the client (repeatable)."),
            click.option(
                "--speaker-map", multiple=True, metavar="LABEL=ROLE", callback=_speaker_map,
                help="Give a speaker a role: therapist, cotherapist (counted with the therapist), client or other (repeatable), e.g. SPEAKER_00=therapist.",
            ),
            click.option(
                "--columns", multiple=True, metavar="FIELD=HEADER,...", callback=_columns,
                help="CSV/TSV headers for the fields speaker, text, start, end, e.g. speaker=Qui,text=Propos.",
            ),
            click.option(
                "--rttm", metavar="FILE|FOLDER", type=click.Path(),
                help="Speakers for Whisper JSON from a pyannote RTTM file, or from FOLDER/<session>.rttm.",
            ),
            click.option(
                "--max-size", metavar="MB", type=click.FloatRange(min=0), default=20, show_default=True,
                help="Refuse input files larger than this, in MB (0: no limit).",
            ),
            click.option(
                "--target", metavar="WORDS",
                help="The behaviour client change talk is about (alcool, tabac, médicament… or your own words); inferred from each session otherwise.",
            ),
            click.option("-q", "--quiet", is_flag=True, help="Do not print warnings on standard error."),
        )
    ):
        with_options = option(with_options)
    return with_options


def lang_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--lang fr|en, handed to the command as `lang`: the language of what people read (machine outputs keep their keys)."""
    return click.option(
        "--lang", type=click.Choice(REPORT_LANGUAGES), default="fr", show_default=True,
        help="Language of what people read: text, Markdown, HTML, summaries and warnings. JSON keys and CSV headers do not change.",
    )(command)


def series_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--manifest FILE and --series NAME, handed to the command as `manifest` and `series`: which series each session is in."""
    command = click.option(
        "--series", metavar="NAME",
        help="With --manifest, keep only this series; without, every input is one series NAME, ordered by the number in its file name.",
    )(command)
    return click.option(
        "--manifest", metavar="FILE", type=click.Path(dir_okay=False),
        help="CSV of file, series, session, date, therapist, client (French headers too): the series of each transcript.",
    )(command)


def redact_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--redact, for a command under `reading_options` whose output may hold names (`evaluate` matches sessions by name: not there)."""

    @click.option(
        "--redact", is_flag=True,
        help="Pseudonymise all that is written (names, e-mail addresses, phone numbers become PERSONNE_1, …); figures are measured on the original text.",
    )
    @functools.wraps(command)
    def with_redact(*args: Any, options: Any, redact: bool, **kwargs: Any) -> Any:
        return command(*args, options=dataclasses.replace(options, redact=redact), **kwargs)

    return with_redact


@contextlib.contextmanager
def reported_errors(output: str | None, *, lang: str = "fr") -> Iterator[None]:
    """Turn what can go wrong while running a command into one-line errors (exit 1), said in `lang`."""
    from analyser.messages import Notice, say_error

    try:
        yield
    except RapportError as exc:
        raise SaidError(say_error(exc, lang), lang=lang) from None
    except BrokenPipeError:
        # The reader of our standard output stopped early (`rapport analyse … | head`): not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as exc:
        where = output or Notice("cli.standard_output")
        raise SaidError(Notice("cli.cannot_write_output", output=where, reason=exc.strerror or str(exc)).in_lang(lang), lang=lang) from None


class SaidError(click.ClickException):
    """A one-line error (exit 1) printed in `lang`, "Erreur :" included ("Error:" in English, as click writes it)."""

    def __init__(self, message: str, *, lang: str) -> None:
        super().__init__(message)
        self.lang = lang

    def show(self, file: IO[Any] | None = None) -> None:
        from analyser.messages import Notice

        click.echo(Notice("cli.error", message=self.format_message()).in_lang(self.lang), file=file, err=file is None)
