"""Write a batch HTML report: one page per session under DIR/sessions/, then DIR/index.html linking them.

Sessions stream through: each page is written as its analysis arrives, and only the small
index row is kept, so a large batch never holds every transcript in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from analyser.errors import InputError
from analyser.render.html.index import IndexRow, index_row, render_index
from analyser.render.html.series import SeriesPages
from analyser.render.html.session import render_session_page
from analyser.render.html.slugs import RESERVED_SLUGS, slug, unique_slug  # noqa: F401  (slug and RESERVED_SLUGS: the report's names, kept importable here)
from analyser.render.output import open_output
from analyser.session import SessionAnalysis, analyses

if TYPE_CHECKING:
    from analyser.corrections import CorrectionRun
    from analyser.series import SeriesAssigner, SeriesWarning

SESSIONS_DIR = "sessions"
INDEX_FILE = "index.html"


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """What a report run wrote: the session pages in input order, the index, and the inputs that failed."""

    index: Path
    pages: tuple[Path, ...]
    errors: tuple[InputError, ...]
    series_pages: tuple[Path, ...] = ()  # DIR/series/<series>.html, one per series of sessions
    warnings: tuple[SeriesWarning, ...] = ()  # what did not fit the series: manifest rows naming no input…


def write_report(
    results: Iterable[SessionAnalysis | InputError],
    out_dir: str | PathLike[str],
    *,
    lang: str = "fr",
    corrections: CorrectionRun | None = None,
    series: SeriesAssigner | None = None,
) -> ReportSummary:
    """Write the pages of `results` and their index under `out_dir` (created if missing).

    With `corrections` (the run the results came through), the index says what they changed. With `series`,
    each series of sessions gets a page under DIR/series/, linked from the index and from its sessions' pages.

    Every file is written atomically; the index last, so that it only links pages that exist.
    Pages from an earlier run under the same folder are left alone.

    Raises:
        OSError: a folder or a file cannot be written.
    """
    root = Path(out_dir)
    sessions = root / SESSIONS_DIR
    taken: set[str] = set()
    rows: list[IndexRow] = []
    pages: list[Path] = []
    errors: list[InputError] = []
    series_pages = SeriesPages(root, series, lang=lang)
    for result in analyses(results, errors):
        name = unique_slug(result.transcript.session_id, taken)
        path = sessions / f"{name}.html"
        if not pages:
            # Made with the first page: an input with no transcript leaves no empty folder behind.
            sessions.mkdir(parents=True, exist_ok=True)
        series_link = series_pages.add(result, f"../{SESSIONS_DIR}/{name}.html")
        with open_output(path) as stream:
            stream.write(render_session_page(result, lang=lang, index_href=f"../{INDEX_FILE}", series_link=series_link))
        rows.append(index_row(result, href=f"{SESSIONS_DIR}/{name}.html"))
        pages.append(path)
    root.mkdir(parents=True, exist_ok=True)
    series_links, written = series_pages.write(INDEX_FILE)
    index = root / INDEX_FILE
    with open_output(index) as stream:
        stream.write(render_index(rows, errors, lang=lang, corrections=None if corrections is None else corrections.summary(), series=series_links))
    return ReportSummary(index, tuple(pages), tuple(errors), tuple(written), series.warnings() if series else ())
