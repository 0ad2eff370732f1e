"""Output formats: a dict of renderers, each "module:function", imported only when used.

The CLI's --format choices read the keys; importing a renderer would import the analysis (and
NumPy), which `rapport --help` must not pay for.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from analyser.errors import InputError
    from analyser.session import SessionAnalysis

RENDERERS: dict[str, str] = {
    "text": "text:write_text",
    "json": "json:write_json",
    "jsonl": "jsonl:write_jsonl",
    "csv": "csv:write_csv",
    "markdown": "markdown:write_markdown",
}


def render(
    fmt: str, results: Iterable[SessionAnalysis | InputError], stream: TextIO, *, generator: dict[str, str], **format_options: Any
) -> None:
    """Write `results` to `stream` in the named format; `format_options` go to that format's writer (a CSV dialect, a JSON Lines batch)."""
    module, _, function = RENDERERS[fmt].partition(":")
    writer = getattr(importlib.import_module(f".{module}", __package__), function)
    writer(results, stream, generator=generator, **format_options)
