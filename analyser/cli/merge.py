"""The `rapport merge` command: the shards of a batch, combined into what one run would have written."""

from __future__ import annotations

import sys

import click

from analyser.cli.options import EXIT_INPUT, EXIT_OK, lang_option, reported_errors


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("shards", nargs=-1, required=True, metavar="SHARD.jsonl...")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (atomically) instead of standard output.")
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "json"]), default="jsonl", show_default=True,
    help="jsonl: what `rapport analyse --format jsonl` writes; json: what --format json writes.",
)
@lang_option
def merge(shards: tuple[str, ...], output: str | None, fmt: str, lang: str) -> None:
    """Combine the JSON Lines outputs of `rapport analyse --shard i/N --format jsonl` into one.

    The result is byte for byte what a single run over all the inputs would have written.
    Every shard 1…N must be given once, complete, from the same inputs and options; if not,
    nothing is written. The merged output is for machines; --lang is the language of the errors.

    Exit status: 0 merged; 3 merged, and the batch lists inputs that could not be read (as
    `analyse` would); 1 the shards cannot be merged (the error names the file); 2 usage error.
    """
    from analyser.render.merge import merge_shards
    from analyser.render.output import open_output

    with reported_errors(output, lang=lang), open_output(output) as stream:
        _, errors = merge_shards(shards, stream, fmt=fmt)
    sys.exit(EXIT_INPUT if errors else EXIT_OK)
