"""Output formats: a dict of renderers; the CLI's --format choices read its keys."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from .analysis import SessionAnalysis
from .errors import InputError
from .render_json import write_json
from .render_text import write_text

Renderer = Callable[..., None]

RENDERERS: dict[str, Renderer] = {"text": write_text, "json": write_json}


def render(fmt: str, results: Iterable[SessionAnalysis | InputError], stream: TextIO, *, generator: dict[str, str]) -> None:
    """Write `results` to `stream` in the named format."""
    RENDERERS[fmt](results, stream, generator=generator)
