"""Outputs, one registry per kind: what `analyse` writes (RENDERERS), what `check` writes (CHECK_RENDERERS), reports.

Each entry is "module:function" under analyser.render, imported only when used: the CLI's choices read
the keys, and importing a renderer would import the analysis (and NumPy), which `rapport --help` must
not pay for.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from collections.abc import Callable

    from analyser.errors import InputError
    from analyser.session import SessionAnalysis

RENDERERS: dict[str, str] = {
    "text": "text:write_text",
    "json": "json:write_json",
    "jsonl": "jsonl:write_jsonl",
    "csv": "csv:write_csv",
    "markdown": "markdown:write_markdown",
}
# The formats people read: written in the language asked for (--lang); the others keep stable keys and headers.
FOR_PEOPLE = frozenset({"text", "markdown"})

# `rapport check`: the summary on standard output, and what --markdown, --junit and --github ask for.
CHECK_RENDERERS: dict[str, str] = {
    "summary": "checks:render_summary",
    "markdown": "checks:render_markdown_summary",
    "junit": "junit:render_junit",
    "github": "github:annotations",
}

# `rapport report`: a folder of HTML pages.
REPORTS: dict[str, str] = {
    "html": "html.report:write_report",
}

# `rapport trend`: a series' key figures, session by session (text for people, in --lang; CSV and JSON keep stable keys).
TREND_RENDERERS: dict[str, str] = {
    "text": "trend:write_trend_text",
    "csv": "trend:write_trend_csv",
    "json": "trend:write_trend_json",
}


def render(
    fmt: str, results: Iterable[SessionAnalysis | InputError], stream: TextIO, *, generator: dict[str, str], lang: str = "fr", **format_options: Any
) -> None:
    """Write `results` to `stream` in the named format.

    `lang` ("fr" or "en") goes to the formats people read (FOR_PEOPLE); `format_options` go to that format's
    writer (a CSV dialect, a JSON Lines batch).
    """
    if fmt in FOR_PEOPLE:
        format_options["lang"] = lang
    _load(RENDERERS[fmt])(results, stream, generator=generator, **format_options)


def check_renderer(name: str) -> Callable[..., Any]:
    """The function that renders a check run as `name` (CHECK_RENDERERS)."""
    return _load(CHECK_RENDERERS[name])


def report_writer(name: str = "html") -> Callable[..., Any]:
    """The function that writes a report of that kind (REPORTS)."""
    return _load(REPORTS[name])


def trend_renderer(name: str) -> Callable[..., Any]:
    """The function that writes a trend as `name` (TREND_RENDERERS)."""
    return _load(TREND_RENDERERS[name])


def _load(entry: str) -> Callable[..., Any]:
    module, _, function = entry.partition(":")
    return getattr(importlib.import_module(f".{module}", __package__), function)
