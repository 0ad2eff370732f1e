"""Write a batch HTML report: one page per session under DIR/sessions/, then DIR/index.html linking them.

Sessions stream through: each page is written as its analysis arrives, and only the small
index row is kept, so a large batch never holds every transcript in memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from analyser.errors import InputError
from analyser.render.html.index import IndexRow, index_row, render_index
from analyser.render.html.session import render_session_page
from analyser.render.output import open_output
from analyser.session import SessionAnalysis, analyses
from analyser.textnorm import strip_accents

SESSIONS_DIR = "sessions"
INDEX_FILE = "index.html"
_MAX_SLUG = 80
_UNSAFE = re.compile(r"[^a-z0-9_-]+")
# Never a page's name: the index's, and names Windows refuses for a file.
RESERVED_SLUGS = frozenset({"index", "con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))})


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """What a report run wrote: the session pages in input order, the index, and the inputs that failed."""

    index: Path
    pages: tuple[Path, ...]
    errors: tuple[InputError, ...]


def slug(session_id: str) -> str:
    """A file name made from a session id: accents folded to ASCII, lower case, only [a-z0-9_-]."""
    folded = strip_accents(session_id).lower()
    return _UNSAFE.sub("-", folded).strip("-")[:_MAX_SLUG].strip("-") or "session"


def unique_slug(session_id: str, taken: set[str]) -> str:
    """The slug of `session_id`, with -2, -3… when already in `taken` (which it is added to)."""
    base = slug(session_id)
    candidate, number = base, 1
    while candidate in taken or candidate in RESERVED_SLUGS:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate


def write_report(results: Iterable[SessionAnalysis | InputError], out_dir: str | PathLike[str], *, lang: str = "fr") -> ReportSummary:
    """Write the pages of `results` and their index under `out_dir` (created if missing).

    Every file is written atomically; the index last, so that it only links pages that exist.
    Pages from an earlier run under the same folder are left alone.

    Raises:
        OSError: a folder or a file cannot be written.
    """
    root = Path(out_dir)
    sessions = root / SESSIONS_DIR
    sessions.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    rows: list[IndexRow] = []
    pages: list[Path] = []
    errors: list[InputError] = []
    for result in analyses(results, errors):
        name = unique_slug(result.transcript.session_id, taken)
        path = sessions / f"{name}.html"
        with open_output(path) as stream:
            stream.write(render_session_page(result, lang=lang, index_href=f"../{INDEX_FILE}"))
        rows.append(index_row(result, href=f"{SESSIONS_DIR}/{name}.html"))
        pages.append(path)
    index = root / INDEX_FILE
    with open_output(index) as stream:
        stream.write(render_index(rows, errors, lang=lang))
    return ReportSummary(index, tuple(pages), tuple(errors))
