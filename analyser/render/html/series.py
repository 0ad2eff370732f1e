"""The page of a series of sessions: each key figure over the sessions as an SVG line chart (bands drawn), and a table
of its values with the change since the first and since the previous session, beyond-margin changes marked.

Self-contained like every page of the report: inline CSS and SVG, no script, nothing loaded. A change beyond its
error margin is marked by a word (hausse, baisse), bold type and, on the chart, a double circle: never by colour alone.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

from analyser import __version__
from analyser.profile.bands import bands
from analyser.profile.registry import COUNT, SHARE, Figure, Metric
from analyser.render.html.blocks import scrolling, titled_section
from analyser.render.html.builder import Html, element
from analyser.render.html.charts import coordinate as _n
from analyser.render.html.index import SeriesLink
from analyser.render.html.page import page
from analyser.render.html.slugs import unique_slug
from analyser.render.output import open_output
from analyser.render.report_text import ReportText
from analyser.render.trend import change_text, date_text, people_text, pooled_text, summary_text, value_text
from analyser.resources import data_version
from analyser.series.assign import SeriesAssigner
from analyser.series.margin import coding_errors
from analyser.series.trend import FigureTrend, SeriesTrend, SessionFigures, build_trends
from analyser.session import SessionAnalysis
from analyser.textnorm import fold

_WIDTH, _HEIGHT = 640, 230
_LEFT, _RIGHT, _TOP, _BOTTOM = 64.0, 560.0, 16.0, 180.0  # the band names sit right of the plot
_MAX_TICKS = 20  # session numbers written under the axis; more sessions label every k-th
_OPEN_TABLES = 12
SERIES_DIR = "series"  # a longer series folds its tables (details), so that the charts come first

SERIES_STYLE = """
svg.chart .band-zone.band-low { fill: var(--low-bg); } svg.chart .band-zone.band-fair { fill: var(--fair-bg); } svg.chart .band-zone.band-good { fill: var(--good-bg); }
svg.chart .series-line { fill: none; stroke: var(--therapist); stroke-width: 2.5; }
svg.chart .series-point { fill: var(--therapist); stroke: var(--bg); stroke-width: 1.5; }
svg.chart .beyond-ring { fill: none; stroke: var(--fg); stroke-width: 1.5; }
td.beyond, p.series-pooled.beyond { font-weight: 700; }
.series-figure { margin: 1.5rem 0; }
.series-figure svg.chart { min-width: 30rem; }
"""


def render_series_page(trend: SeriesTrend, *, lang: str = "fr", index_href: str | None = None, session_hrefs: Mapping[str, str] | None = None) -> str:
    """The whole HTML document of a series.

    Args:
        trend: the series and its figures.
        lang: the language of the page, "fr" or "en".
        index_href: a relative link back to the report's index, or None for a page on its own.
        session_hrefs: relative links to the session pages, by session id.
    """
    text = ReportText.for_lang(lang)
    links = session_hrefs or {}
    people = people_text(trend, text)
    header = element(
        "header",
        {},
        element("nav", {"class": "back"}, element("a", {"href": index_href}, text["back_to_index"])) if index_href else None,
        element("h1", {}, text.format("trend_heading", series=trend.name)),
        element("p", {"class": "muted"}, text.format("trend_sessions", count=len(trend.sessions)), f" — {people}" if people else None),
        element("p", {"class": "note estimate-note"}, text["estimate_note"]),
        element("p", {"class": "muted"}, text.format("generator", version=__version__, data=data_version())),
    )
    main = element(
        "main",
        {},
        titled_section("series-summary", text["series_section_summary"], None, element("p", {}, summary_text(trend, text)), element("p", {"class": "muted"}, text["trend_note"])),
        titled_section("series-sessions", text["series_section_sessions"], None, _sessions_table(trend, links, text)),
        titled_section("series-figures", text["series_section_figures"], None, [_figure(trend, figure, text) for figure in trend.figures]),
    )
    return page(lang=lang, title=text.format("trend_page_title", series=trend.name), body=[header, main], extra_style=SERIES_STYLE)


def _sessions_table(trend: SeriesTrend, links: Mapping[str, str], text: ReportText) -> Html:
    rows = []
    for number, session in zip(trend.numbers(), trend.sessions, strict=True):
        href = links.get(session.session_id)
        name = element("a", {"href": href}, session.session_id) if href else session.session_id
        date = date_text(session.membership.date if session.membership else None, text)
        rows.append(element("tr", {}, element("td", {"class": "num"}, str(number)), element("td", {}, date), element("td", {}, name)))
    head = element("tr", {}, [element("th", {"scope": "col"}, text[key]) for key in ("trend_col_session", "trend_col_date", "col_session_id")])
    return scrolling(element("table", {"id": "series-session-list"}, element("thead", {}, head), element("tbody", {}, rows)), text["series_section_sessions"])


def _figure(trend: SeriesTrend, figure: FigureTrend, text: ReportText) -> Html:
    metric = figure.metric
    name = text[metric.trend_key]
    numbers = trend.numbers()
    error = coding_errors().get(metric.name)
    rows = []
    for n, session, value, first, previous in zip(numbers, trend.sessions, figure.values, figure.since_first, figure.since_previous, strict=True):
        date = date_text(session.membership.date if session.membership else None, text)
        rows.append(
            element(
                "tr",
                {},
                element("td", {"class": "num"}, str(n)),
                element("td", {}, date),
                element("td", {"class": "num"}, value_text(metric, value, text)),
                element("td", {"class": "beyond" if first.beyond else None}, change_text(metric, first, text)),
                element("td", {"class": "beyond" if previous.beyond else None}, change_text(metric, previous, text)),
            )
        )
    keys = ("trend_col_session", "trend_col_date", "trend_col_value", "trend_col_since_first", "trend_col_since_previous")
    table = element(
        "table",
        {"class": "series-values"},
        element("caption", {"class": "vh"}, text.format("series_table_label", figure=name)),
        element("thead", {}, element("tr", {}, [element("th", {"scope": "col"}, text[key]) for key in keys])),
        element("tbody", {}, rows),
    )
    values = element(
        "details",
        {"open": len(trend.sessions) <= _OPEN_TABLES},
        element("summary", {}, text["series_table_values"]),
        scrolling(table, text.format("series_table_label", figure=name)),
    )
    source = text.format("series_margin_source", where=text[f"error_source_{error.measured_on}"], sessions=error.sessions) if error else None
    return element(
        "figure",
        {"class": "series-figure", "id": f"figure-{metric.name}"},
        element("h3", {}, name),
        _pooled(trend, figure, text),
        # On a narrow screen the chart keeps a readable size and scrolls in its own box, never the page.
        scrolling(series_chart(metric, figure.values, numbers, [change.beyond for change in figure.since_previous], text), name),
        element("figcaption", {}, source),
        values,
    )


def _pooled(trend: SeriesTrend, figure: FigureTrend, text: ReportText) -> Html | None:
    """The recent sessions against the early ones, in a line above the chart: in bold when beyond the margin."""
    line = pooled_text(trend, figure, text)
    if line is None:
        return None
    return element("p", {"class": "series-pooled beyond" if figure.early_to_recent.beyond else "series-pooled"}, line)


def _scale(metric: Metric, values: Sequence[Figure]) -> tuple[float, tuple[float, ...]]:
    """The top of the y axis and its grid levels: 0–100 % for a share, whole steps for a count, halves or wholes for a ratio."""
    known = [float(value) for value in values if isinstance(value, (int, float))]
    band = bands().get(metric.name)
    if metric.kind == SHARE:
        return 1.0, (0.0, 0.25, 0.5, 0.75, 1.0)
    highest = max([*known, band.good * 1.25 if band else 0.0, 4.0 if metric.kind == COUNT else 2.0])
    step = max(1.0, math.ceil(highest / 4)) if metric.kind == COUNT or highest > 4 else 0.5
    top = step * math.ceil(highest / step)
    return top, tuple(step * level for level in range(round(top / step) + 1))


def series_chart(metric: Metric, values: Sequence[Figure], numbers: Sequence[int], beyond: Sequence[bool], text: ReportText) -> Html:
    """One figure over the sessions: a line through the known values (a gap where one is missing), bands behind it.

    A point whose change since the previous session is beyond the margin has a second ring. Each point's tooltip
    says the session and the value.
    """
    count = len(values)
    top, levels = _scale(metric, values)
    step = (_RIGHT - _LEFT) / count if count else 0.0

    def x(position: int) -> float:
        return _LEFT + (position + 0.5) * step

    def y(value: float) -> float:
        return _BOTTOM - min(value, top) / top * (_BOTTOM - _TOP)

    def label(value: float) -> str:
        return text.percent(value) if metric.kind == SHARE else text.threshold(value, share=False)

    zones = []
    band = bands().get(metric.name)
    if band is not None:
        for name, low, high in (("low", 0.0, band.fair), ("fair", band.fair, band.good), ("good", band.good, top)):
            if high > low:
                zones.append(
                    element(
                        "g",
                        {"class": "band"},
                        element("rect", {"class": f"band-zone band-{name}", "x": _n(_LEFT), "y": _n(y(high)), "width": _n(_RIGHT - _LEFT), "height": _n(y(low) - y(high))}),
                        element("text", {"class": "chart-note", "x": _n(_RIGHT + 6), "y": _n((y(low) + y(high)) / 2 + 4)}, text[f"band_{name}"]),
                    )
                )
    grid = [
        element(
            "g",
            {"class": "grid"},
            element("line", {"x1": _n(_LEFT), "y1": _n(y(level)), "x2": _n(_RIGHT), "y2": _n(y(level))}),
            element("text", {"class": "axis-tick", "x": _n(_LEFT - 6), "y": _n(y(level) + 4), "text-anchor": "end"}, label(level)),
        )
        for level in levels
    ]
    known = [(position, float(value)) for position, value in enumerate(values) if isinstance(value, (int, float))]
    runs: list[list[tuple[int, float]]] = []
    for position, value in known:
        if runs and runs[-1][-1][0] == position - 1:
            runs[-1].append((position, value))
        else:
            runs.append([(position, value)])
    lines = [element("polyline", {"class": "series-line", "points": " ".join(f"{_n(x(p))},{_n(y(v))}" for p, v in run)}) for run in runs if len(run) > 1]
    points = []
    for position, value in known:
        tip = element("title", {}, text.format("series_chart_point", number=numbers[position], value=text.figure(metric, values[position])))
        ring = element("circle", {"class": "beyond-ring", "cx": _n(x(position)), "cy": _n(y(value)), "r": 8}) if beyond[position] else None
        points.append(element("g", {}, tip, ring, element("circle", {"class": "series-point", "cx": _n(x(position)), "cy": _n(y(value)), "r": 4})))
    every = max(1, math.ceil(count / _MAX_TICKS))
    ticks = [
        element("text", {"class": "axis-tick", "x": _n(x(position)), "y": _n(_BOTTOM + 16), "text-anchor": "middle"}, str(number))
        for position, number in enumerate(numbers)
        if position % every == 0 or position == count - 1
    ]
    axes = [
        element("line", {"class": "axis", "x1": _n(_LEFT), "y1": _n(_BOTTOM), "x2": _n(_RIGHT), "y2": _n(_BOTTOM)}),
        element("text", {"class": "axis-label", "x": _n((_LEFT + _RIGHT) / 2), "y": _n(_HEIGHT - 8), "text-anchor": "middle"}, text["series_chart_x"]),
    ]
    name = text[metric.trend_key]
    first, last = (numbers[0], numbers[-1]) if numbers else (0, 0)
    return element(
        "svg",
        {"id": f"chart-{metric.name}", "class": "chart", "viewBox": f"0 0 {_WIDTH} {_HEIGHT}", "role": "img", "aria-label": name},
        element("title", {}, name),
        element("desc", {}, text.format("series_chart_desc", figure=name, first=first, last=last)),
        zones,
        grid,
        axes,
        ticks,
        lines,
        points,
    )


class SeriesPages:
    """The report's series pages: each session's series as the sessions stream through, then a page per series.

    Only a session's key figures are kept (`SessionFigures`), never its transcript or its coded utterances.
    """

    def __init__(self, root: Path, assigner: SeriesAssigner | None, *, lang: str = "fr") -> None:
        self.folder = root / SERIES_DIR
        self.assigner = assigner
        self.lang = lang
        self._slugs: dict[str, str] = {}  # folded series name -> its page's slug
        self._taken: set[str] = set()
        self._sessions: list[SessionFigures] = []
        self._session_hrefs: dict[str, str] = {}

    def add(self, analysis: SessionAnalysis, session_href: str) -> tuple[str, str] | None:
        """Note a session whose page is at `session_href` from a series page; its series' name and page (from a session page)."""
        membership = self.assigner.membership_of(analysis) if self.assigner else None
        if membership is None:
            return None
        key = fold(membership.series).strip()
        if key not in self._slugs:
            self._slugs[key] = unique_slug(membership.series, self._taken)
        self._sessions.append(SessionFigures.from_analysis(analysis, membership))
        self._session_hrefs[analysis.transcript.session_id] = session_href
        return membership.series, f"../{SERIES_DIR}/{self._slugs[key]}.html"

    def write(self, index_file: str) -> tuple[list[SeriesLink], list[Path]]:
        """Write every series' page; the index's links to them, and the pages written."""
        links, pages = [], []
        for trend in build_trends(self._sessions):
            slug = self._slugs[fold(trend.name).strip()]
            path = self.folder / f"{slug}.html"
            self.folder.mkdir(parents=True, exist_ok=True)
            with open_output(path) as stream:
                stream.write(render_series_page(trend, lang=self.lang, index_href=f"../{index_file}", session_hrefs=self._session_hrefs))
            links.append(SeriesLink(trend.name, f"{SERIES_DIR}/{slug}.html", len(trend.sessions)))
            pages.append(path)
        return links, pages
