"""The batch index page: one row per session with its key figures and bands, sortable without JavaScript.

Sorting is CSS only. Radio inputs (`#sort-<column>-<asc|desc>`) sit before the table; each
row carries its rank in every column as a custom property (`--k-<column>`), and a checked
radio turns that rank into the `order` of the rows. A value that could not be measured
ranks last in both directions.

For `order` to apply, the table is laid out as a CSS grid whose rows are grid items sharing the
table's columns (`subgrid`): the columns are sized by their content, as in a table, so a figure
and its band stay on one line, and a table wider than the screen scrolls in its own container.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analyser import __version__
from analyser.errors import InputError
from analyser.messages import say
from analyser.profile.bands import bands
from analyser.profile.numbers import NONE
from analyser.profile.registry import INDEX_METRICS, Metric
from analyser.render.html.blocks import counted_list, scrolling, titled_section
from analyser.render.html.builder import Html, element, fragment
from analyser.render.html.corrections import corrections_section
from analyser.render.html.page import page
from analyser.render.report_text import ReportText
from analyser.resources import data_version
from analyser.rows import Cell, session_row
from analyser.session import SessionAnalysis
from analyser.textnorm import fold

if TYPE_CHECKING:
    from analyser.corrections import CorrectionSummary

# Rank of an unknown value: above any real rank, so it sorts last ascending; the descending rule
# below turns it into 0, after every (negative) known rank.
UNKNOWN_RANK = 1_000_000


@dataclass(frozen=True, slots=True)
class IndexColumn:
    """A column of the index: a SESSION_COLUMNS name and the profile figure it shows (None for the session and its warnings)."""

    name: str
    metric: Metric | None = None

    @property
    def banded(self) -> bool:
        """Whether the column shows a band beside its figure."""
        return self.metric is not None and self.metric.banded


# The session, the figures the registry puts in the index (analyser/profile/registry.py), then the warnings.
SESSION_COLUMN = IndexColumn("session_id")
INDEX_COLUMNS: tuple[IndexColumn, ...] = (
    SESSION_COLUMN,
    *(IndexColumn(metric.name, metric) for metric in INDEX_METRICS),
    IndexColumn("warnings"),
)


@dataclass(frozen=True, slots=True)
class IndexRow:
    """What the index keeps of a session: its page and a few figures, not the transcript."""

    href: str
    cells: Mapping[str, Cell]  # the INDEX_COLUMNS values, and `<name>_band` for the banded ones

    def __getitem__(self, name: str) -> Cell:
        return self.cells[name]


def index_row(analysis: SessionAnalysis, href: str) -> IndexRow:
    """The index row of a session whose page is at `href` (relative to the index)."""
    row = session_row(analysis)
    names = [column.name for column in INDEX_COLUMNS] + [f"{column.name}_band" for column in INDEX_COLUMNS if column.banded]
    return IndexRow(href, {name: row[name] for name in names})


def render_index(
    rows: Sequence[IndexRow],
    errors: Sequence[InputError],
    *,
    lang: str = "fr",
    corrections: CorrectionSummary | None = None,
    series: Sequence[SeriesLink] = (),
) -> str:
    """The whole HTML document of the index: the series, the sessions table, then the files that could not be read.

    With `corrections`, a section after the table says what a supervisor's corrections changed and rapport's
    agreement with them. `series` links the pages of the series of sessions, when there are any.
    """
    text = ReportText.for_lang(lang)
    ranks = {column.name: sort_ranks([row[column.name] for row in rows]) for column in INDEX_COLUMNS}
    body = [
        element(
            "header",
            {},
            element("h1", {}, text["index_heading"]),
            element("p", {"class": "note estimate-note"}, text["estimate_note"]),
            element("p", {"class": "muted"}, text.format("index_summary", sessions=len(rows), errors=len(errors))),
            element("p", {"class": "muted"}, text.format("generator", version=__version__, data=data_version())),
        ),
        element(
            "main",
            {},
            _series(series, text),
            titled_section(
                "session-list",
                text["section_sessions"],
                text["index_sort_help"],
                element(
                    "div",
                    {"class": "sortable"},
                    [_radio(column.name, direction) for column in INDEX_COLUMNS for direction in ("asc", "desc")],
                    _table(rows, ranks, text),
                ),
            ),
            corrections_section(corrections, text),
            _legend(text),
            _errors(errors, text),
        ),
    ]
    return page(lang=lang, title=text["index_title"], body=body, extra_style=sort_style())


@dataclass(frozen=True, slots=True)
class SeriesLink:
    """A series of sessions as the index lists it: its name, its page (relative to the index), its number of sessions."""

    name: str
    href: str
    sessions: int


def _series(series: Sequence[SeriesLink], text: ReportText) -> Html | None:
    """The "Séries" section: a link to each series' page; nothing when no session is in a series."""
    if not series:
        return None
    items = [element("li", {}, element("a", {"href": link.href}, text.format("series_index_item", series=link.name, count=link.sessions))) for link in series]
    return titled_section("series-list", text["section_series"], text["series_index_intro"], element("ul", {}, items))


def sort_ranks(values: Sequence[Cell]) -> list[int]:
    """Each value's rank among the known ones, 1 the smallest (equal values share a rank); UNKNOWN_RANK for None.

    Text compares case- and accent-insensitively.
    """
    known = sorted({_sort_key(value) for value in values if value is not None})
    rank_of = {key: rank for rank, key in enumerate(known, start=1)}
    return [UNKNOWN_RANK if value is None else rank_of[_sort_key(value)] for value in values]


def _sort_key(value: Cell) -> tuple[int, float, str, str]:
    if isinstance(value, str):
        return (1, 0.0, fold(value), value)
    return (0, float(value), "", "")  # type: ignore[arg-type]


def sort_style() -> str:
    """The CSS that orders the rows by the checked radio, and shows which one is checked."""
    tracks = f"minmax(12rem, 2.2fr) repeat({len(INDEX_COLUMNS) - 1}, minmax(min-content, 1fr))"
    rules = [
        "body { max-width: 92rem; }",
        ".sortable { overflow-x: auto; position: relative; }",
        # The table is a grid; head, body and rows span all its columns and share them (subgrid).
        f"#sessions {{ display: grid; grid-template-columns: {tracks}; width: 100%; min-width: min-content; }}",
        # The first grid-template-columns is for a browser without subgrid: every row gets the same tracks (sized row by row).
        f"#sessions thead, #sessions tbody, #sessions tr {{ display: grid; grid-column: 1 / -1; grid-template-columns: {tracks}; grid-template-columns: subgrid; }}",
        "#sessions th { font-size: .875rem; }",
        "#sessions th:first-child, #sessions td:first-child { overflow-wrap: anywhere; }",
        # A figure and its band read as one: they never wrap apart.
        "#sessions td.num { white-space: nowrap; }",
        ".sort-radio { position: absolute; opacity: 0; width: 1px; height: 1px; margin: 0; }",
        ".sort-buttons { white-space: nowrap; }",
        ".sort-buttons label { cursor: pointer; padding: 0 .2rem; border-radius: 3px; color: var(--muted); }",
    ]
    for column in INDEX_COLUMNS:
        key = f"var(--k-{column.name})"
        for direction in ("asc", "desc"):
            radio = f"#sort-{column.name}-{direction}"
            # Descending: known ranks become negative; the unknown rank becomes 0, still after them.
            order = key if direction == "asc" else f"max(calc(-1 * {key}), calc({key} - {UNKNOWN_RANK}))"
            rules += [
                f"{radio}:checked ~ #sessions tbody tr {{ order: {order}; }}",
                f'{radio}:checked ~ #sessions label[for="sort-{column.name}-{direction}"] {{ color: var(--bg); background: var(--fg); }}',
                f'{radio}:focus-visible ~ #sessions label[for="sort-{column.name}-{direction}"] {{ outline: 2px solid var(--link); }}',
            ]
    return "\n".join(rules) + "\n"


def _radio(column: str, direction: str) -> Html:
    # autocomplete=off: a reload brings back the input order instead of the last sort.
    return element("input", {"type": "radio", "name": "sort", "id": f"sort-{column}-{direction}", "class": "sort-radio", "autocomplete": "off"})


def _header_cell(column: IndexColumn, text: ReportText) -> Html:
    title = text[f"col_{column.name}"]
    buttons = [
        element(
            "label",
            {"for": f"sort-{column.name}-{direction}", "title": text.format(f"sort_{direction}", column=title)},
            element("span", {"aria-hidden": "true"}, arrow),
            element("span", {"class": "vh"}, text.format(f"sort_{direction}", column=title)),
        )
        for direction, arrow in (("asc", "▲"), ("desc", "▼"))
    ]
    css = None if column is SESSION_COLUMN else "num"
    return element("th", {"scope": "col", "class": css, "role": "columnheader"}, element("span", {}, title), " ", element("span", {"class": "sort-buttons"}, buttons))


def _cell(column: IndexColumn, row: IndexRow, text: ReportText) -> Html:
    value = row[column.name]
    if column is SESSION_COLUMN:
        return element("td", {"role": "cell"}, element("a", {"href": row.href}, str(value)))
    if column.metric is not None:
        shown = text.figure(column.metric, value)
    else:
        shown = NONE if value is None else str(value)
    if not column.banded:
        return element("td", {"class": "num", "role": "cell"}, shown)
    band = row[f"{column.name}_band"]
    return element(
        "td",
        {"class": f"num band-{band or 'none'}", "role": "cell"},
        shown,
        " ",
        element("span", {"class": "band-name"}, text[f"band_{band or 'none'}"]),
    )


def _table(rows: Sequence[IndexRow], ranks: Mapping[str, list[int]], text: ReportText) -> Html:
    body = [
        element(
            "tr",
            {"role": "row", "style": "; ".join(f"--k-{column.name}: {ranks[column.name][position]}" for column in INDEX_COLUMNS)},
            [_cell(column, row, text) for column in INDEX_COLUMNS],
        )
        for position, row in enumerate(rows)
    ]
    # The rows are grid items (for `order`); explicit roles keep the table a table for screen readers.
    return element(
        "table",
        {"id": "sessions", "role": "table"},
        element("caption", {"class": "vh"}, text["section_sessions"]),
        element("thead", {"role": "rowgroup"}, element("tr", {"role": "row"}, [_header_cell(column, text) for column in INDEX_COLUMNS])),
        element("tbody", {"role": "rowgroup"}, body),
    )


def _legend(text: ReportText) -> Html:
    """What the bands mean, each banded column's thresholds (as its figure is written) and their source, and the readability scale."""
    table = bands()
    banded = [column.metric for column in INDEX_COLUMNS if column.banded and column.metric is not None and column.metric.name in table]
    headers = ("index_legend_metric", "index_legend_thresholds", "index_legend_source")
    rows = [
        element(
            "tr",
            {},
            element("th", {"scope": "row"}, text[metric.column_key]),
            element("td", {}, text.band_thresholds(table[metric.name])),
            element("td", {}, text.band_source(table[metric.name])),
        )
        for metric in banded
    ]
    return titled_section(
        "legend",
        text["index_legend_heading"],
        text.bands_legend(),
        scrolling(
            element(
                "table",
                {"class": "bands-legend"},
                element("caption", {"class": "vh"}, text["index_legend_heading"]),
                element("thead", {}, element("tr", {}, [element("th", {"scope": "col"}, text[key]) for key in headers])),
                element("tbody", {}, rows),
            ),
            text["index_legend_heading"],
        ),
        element("p", {"class": "muted"}, text.format("index_legend_readability", scale=text["readability_scale"])),
    )


def _errors(errors: Sequence[InputError], text: ReportText) -> Html | None:
    return counted_list("errors", [_error_item(error, text.lang) for error in errors], text)


def _error_item(error: InputError, lang: str) -> Html:
    """The file, the place in it when known, and what is wrong, in `lang`."""
    return fragment(
        element("code", {"class": "source"}, error.source),
        (" — ", element("span", {"class": "place"}, say(error.place, lang))) if error.place else None,
        " — ",
        element("span", {"class": "message"}, say(error.message, lang)),
    )
