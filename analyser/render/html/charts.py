"""The report's two inline SVG charts: the therapist's talk share over the session, and where the codes fall.

Output is deterministic (coordinates with one decimal) and readable without colour: lanes and
axes are labelled, the opening is hatched, and client markers are dots where the therapist's are bars.
Labels sit where data cannot be: the 50 % reference is named above the plot, and a lane shared by
both roles gives each its own half, so no mark ever hides another kind.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from analyser import labels as L
from analyser.domain import CodedUtterance
from analyser.profile.opening import OPENING_SHARE
from analyser.render.html.builder import Child, Html, element
from analyser.render.report_text import ReportText

_WIDTH = 640
# Talk-share chart: plot area. The band above the plot (over 100 %, where no point can be) holds the notes.
_TS_LEFT, _TS_RIGHT, _TS_TOP, _TS_BOTTOM = 64.0, 620.0, 40.0, 200.0
_TS_HEIGHT = 256
_TS_NOTE_Y = 22.0  # baseline of the reference's key: a point at 100 % reaches up to _TS_TOP - 5
_KEY_SWATCH = 24.0  # length of the dashed sample line next to the reference's key
_GRID = (0.0, 0.25, 0.5, 0.75, 1.0)
# Marker chart: lane labels on the left, ticks on the right. Positions 0 to 1 are drawn inset from the
# plot's edges, so that a tick at 0 (or near 1) is whole, inside the plot and off its left edge.
_MK_LEFT, _MK_RIGHT, _MK_TOP = 210.0, 620.0, 28.0
_MK_INSET = 8.0
_LANE_HEIGHT = 28.0
_TICK_HEIGHT = 18.0
_DOT_RADIUS = 4.0
_HALF_GAP = 2.0  # between the therapist's half of a shared lane and the client's

# The lanes of the marker chart, top to bottom: (CSS class and label key suffix).
LANES = ("open-questions", "closed-questions", "simple-reflections", "complex-reflections", "shared-goal", "collaboration")
# Lanes that hold both roles' codes: the therapist's bars take the upper half, the client's dots the lower.
SHARED_LANES = frozenset({"shared-goal"})


def coordinate(value: float) -> str:
    """A coordinate, always written the same way (one decimal): every chart of the report writes them so."""
    return f"{value:.1f}"


_n = coordinate  # the short name this module's drawing code uses


def _chart(
    chart_id: str,
    *,
    hatch_id: str,
    key: str,
    height: float,
    opening: tuple[float, float],
    plot: tuple[float, float],
    text: ReportText,
    body: Sequence[Child],
) -> Html:
    """An SVG chart: its title and description (`chart_<key>_title`, `_desc`), the hatched opening, then `body` over it.

    `opening` runs from the plot's left edge to where the opening's share ends; `plot` is the plot's
    top and bottom. Diagonal hatching marks the opening without relying on colour.
    """
    left, end = opening
    top, bottom = plot
    title = text[f"chart_{key}_title"]
    hatch = element(
        "pattern",
        {"id": hatch_id, "width": 8, "height": 8, "patternUnits": "userSpaceOnUse", "patternTransform": "rotate(45)"},
        element("rect", {"class": "opening-fill", "width": 8, "height": 8}),
        element("line", {"class": "opening-hatch", "x1": 0, "y1": 0, "x2": 0, "y2": 8}),
    )
    band = element(
        "g",
        {"class": "opening-band"},
        element("rect", {"x": _n(left), "y": _n(top), "width": _n(end - left), "height": _n(bottom - top), "fill": f"url(#{hatch_id})"}),
        element("text", {"class": "chart-note", "x": _n(left + 3), "y": _n(top - 6)}, text["chart_opening"]),
    )
    return element(
        "svg",
        {"id": chart_id, "class": "chart", "viewBox": f"0 0 {_WIDTH} {_n(height)}", "role": "img", "aria-label": title},
        element("title", {}, title),
        element("desc", {}, text[f"chart_{key}_desc"]),
        element("defs", {}, hatch),
        band,
        body,
    )


def talk_share_chart(timeline: Sequence[float | None], text: ReportText) -> Html:
    """The therapist's share of the words in each window of the session, against a 50 % line.

    A window without words is a gap in the line, not a zero.
    """
    count = len(timeline)
    step = (_TS_RIGHT - _TS_LEFT) / count if count else 0.0

    def x(window: int) -> float:
        return _TS_LEFT + (window + 0.5) * step

    def y(share: float) -> float:
        return _TS_BOTTOM - share * (_TS_BOTTOM - _TS_TOP)

    grid = [
        element(
            "g",
            {"class": "grid reference" if level == 0.5 else "grid"},
            element("line", {"x1": _n(_TS_LEFT), "y1": _n(y(level)), "x2": _n(_TS_RIGHT), "y2": _n(y(level))}),
            element("text", {"class": "axis-tick", "x": _n(_TS_LEFT - 6), "y": _n(y(level) + 4), "text-anchor": "end"}, text.percent(level)),
        )
        for level in _GRID
    ]
    # The reference line's key sits above the plot, right-aligned: a dashed sample, then its name to its left.
    reference = element(
        "g",
        {"class": "reference-key"},
        element("line", {"class": "reference-swatch", "x1": _n(_TS_RIGHT - _KEY_SWATCH), "y1": _n(_TS_NOTE_Y - 4), "x2": _n(_TS_RIGHT), "y2": _n(_TS_NOTE_Y - 4)}),
        element("text", {"class": "chart-note", "x": _n(_TS_RIGHT - _KEY_SWATCH - 6), "y": _n(_TS_NOTE_Y), "text-anchor": "end"}, text.format("chart_reference_half", half=text.percent(0.5))),
    )
    runs = []  # consecutive windows with words: one polyline each, so an empty window is a gap
    for window, share in enumerate(timeline):
        if share is None:
            continue
        if runs and runs[-1][-1][0] == window - 1:
            runs[-1].append((window, share))
        else:
            runs.append([(window, share)])
    lines = [
        element("polyline", {"class": "talk-line", "points": " ".join(f"{_n(x(w))},{_n(y(s))}" for w, s in run)})
        for run in runs
        if len(run) > 1
    ]
    points = [
        element(
            "circle",
            {"class": "talk-point", "cx": _n(x(window)), "cy": _n(y(share)), "r": 4},
            element("title", {}, text.format("chart_window_value", window=window + 1, value=text.percent(share))),
        )
        for window, share in enumerate(timeline)
        if share is not None
    ]
    window_ticks = [
        element("text", {"class": "axis-tick", "x": _n(x(window)), "y": _n(_TS_BOTTOM + 16), "text-anchor": "middle"}, str(window + 1))
        for window in range(count)
    ]
    axes = [
        element("line", {"class": "axis", "x1": _n(_TS_LEFT), "y1": _n(_TS_BOTTOM), "x2": _n(_TS_RIGHT), "y2": _n(_TS_BOTTOM)}),
        element("text", {"class": "axis-label", "x": _n((_TS_LEFT + _TS_RIGHT) / 2), "y": _n(_TS_HEIGHT - 8), "text-anchor": "middle"}, text["chart_talk_x"]),
        element(
            "text",
            {"class": "axis-label", "x": 0, "y": 0, "text-anchor": "middle", "transform": f"translate(14 {_n((_TS_TOP + _TS_BOTTOM) / 2)}) rotate(-90)"},
            text["chart_talk_y"],
        ),
    ]
    return _chart(
        "talk-share-chart",
        hatch_id="talk-share-hatch",
        key="talk",
        height=_TS_HEIGHT,
        opening=(_TS_LEFT, _TS_LEFT + (_TS_RIGHT - _TS_LEFT) * OPENING_SHARE),
        plot=(_TS_TOP, _TS_BOTTOM),
        text=text,
        body=[grid, reference, axes, window_ticks, lines, points],
    )


def lane_hits(coded: CodedUtterance) -> Iterator[tuple[str, str]]:
    """The lanes an utterance has a tick in, with the tick's shape: "bar" (therapist) or "dot" (client)."""
    if coded.question is not None:
        yield f"{coded.question}-questions", "bar"
    if coded.reflection is not None:
        yield f"{coded.reflection}-reflections", "bar"
    labels = {marker.label for marker in coded.markers}
    if L.SHARED_GOAL in labels:
        yield "shared-goal", "bar"
    if L.CLIENT_SHARED_GOAL in labels:
        yield "shared-goal", "dot"
    if L.SEEKING_COLLABORATION in labels:
        yield "collaboration", "bar"


def marker_chart(utterances: Sequence[CodedUtterance], text: ReportText) -> Html:
    """One lane per code family, a tick where each coded utterance falls (its index over the count).

    Positions run from 0 to 1 inside the plot, inset from its edges so that a tick at 0 is whole;
    the hatched opening starts at the plot's edge. In a lane of SHARED_LANES the therapist's bars
    take the upper half and the client's dots the lower half. Each tick links to its utterance (`#uN`); its tooltip says which utterance and where in the
    file, never what was said.
    """
    count = len(utterances)
    bottom = _MK_TOP + _LANE_HEIGHT * len(LANES)
    height = bottom + 44
    hits: dict[str, list[tuple[CodedUtterance, str]]] = {lane: [] for lane in LANES}
    for coded in utterances:
        for lane, shape in lane_hits(coded):
            hits[lane].append((coded, shape))

    def at(share: float) -> float:
        return _MK_LEFT + _MK_INSET + share * (_MK_RIGHT - _MK_LEFT - 2 * _MK_INSET)

    def x(index: int) -> float:
        return at(index / count if count else 0.0)

    lanes = []
    for row, lane in enumerate(LANES):
        top = _MK_TOP + row * _LANE_HEIGHT
        middle = top + _LANE_HEIGHT / 2
        if lane in SHARED_LANES:  # bars in the upper half, dots in the lower: neither covers the other
            bar_top, bar_height = top + _HALF_GAP, _LANE_HEIGHT / 2 - 2 * _HALF_GAP
            dot_y = middle + _LANE_HEIGHT / 4
        else:
            bar_top, bar_height = middle - _TICK_HEIGHT / 2, _TICK_HEIGHT
            dot_y = middle
        ticks = []
        for coded, shape in hits[lane]:
            position = x(coded.utterance.index)
            if shape == "dot":
                mark = element("circle", {"class": "tick client", "cx": _n(position), "cy": _n(dot_y), "r": _n(_DOT_RADIUS)})
            else:
                mark = element("rect", {"class": "tick", "x": _n(position - 1.5), "y": _n(bar_top), "width": 3, "height": _n(bar_height)})
            ticks.append(element("a", {"href": f"#u{coded.utterance.index + 1}"}, element("title", {}, text.utterance_place(coded.utterance)), mark))
        lanes.append(
            element(
                "g",
                {"class": f"lane lane-{lane}"},
                element("line", {"class": "lane-rule", "x1": _n(_MK_LEFT), "y1": _n(top + _LANE_HEIGHT), "x2": _n(_MK_RIGHT), "y2": _n(top + _LANE_HEIGHT)}),
                element("text", {"class": "lane-label", "x": 4, "y": _n(middle + 4)}, text.format(f"lane_{lane.replace('-', '_')}", count=len(ticks))),
                ticks,
            )
        )
    axis = [
        element("line", {"class": "axis", "x1": _n(_MK_LEFT), "y1": _n(bottom), "x2": _n(_MK_RIGHT), "y2": _n(bottom)}),
        *(
            element("text", {"class": "axis-tick", "x": _n(at(share)), "y": _n(bottom + 16), "text-anchor": "middle"}, text.percent(share))
            for share in _GRID
        ),
        element("text", {"class": "axis-label", "x": _n((_MK_LEFT + _MK_RIGHT) / 2), "y": _n(height - 8), "text-anchor": "middle"}, text["chart_markers_x"]),
    ]
    return _chart(
        "marker-chart",
        hatch_id="marker-chart-hatch",
        key="markers",
        height=height,
        opening=(_MK_LEFT, at(OPENING_SHARE)),
        plot=(_MK_TOP, bottom),
        text=text,
        body=[lanes, axis],
    )
