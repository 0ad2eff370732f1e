"""The HTML page of one session: header, warnings, profile (cards.py), two timelines, the opening set apart, the transcript.

The page is self-contained (inline CSS and SVG, no script, no external URL) and byte-identical
for the same input: it holds no run date, only the generator's version.

Long sessions stay usable without a script: a bar that stays at the top of the screen over the opening and the
transcript holds a switch that shows only the coded utterances (a hidden checkbox before the sections, and a CSS
rule on its `:checked` state) and links to each tenth of the session.
"""

from __future__ import annotations

from pathlib import PureWindowsPath

from analyser import __version__
from analyser import labels as L
from analyser.messages import say
from analyser.profile.numbers import format_clock
from analyser.profile.opening import opening_size
from analyser.render.html.alliance import alliance_section
from analyser.render.html.blocks import counted_list, scrolling
from analyser.render.html.builder import Html, element
from analyser.render.html.cards import profile_section
from analyser.render.html.charts import marker_chart, talk_share_chart
from analyser.render.html.page import page
from analyser.render.html.transcript import is_coded, marker_class, utterance_item
from analyser.render.report_text import ReportText
from analyser.resources import data_version
from analyser.session import SessionAnalysis

# The id of the "coded utterances only" checkbox; the stylesheet (page.py) hides `li.uncoded` when it is checked.
ONLY_CODED = "only-coded"
# Sessions with at least this many utterances get links to each tenth of the session.
PARTS_FROM = 40
PARTS = 10

_CODE_BADGES = (
    ("question", "open"),
    ("question", "closed"),
    ("reflection", "simple"),
    ("reflection", "complex"),
    *(("input", kind) for kind in L.INPUT_KINDS),
    ("talk", "change"),
    ("talk", "sustain"),
)


def render_session_page(
    analysis: SessionAnalysis, *, lang: str = "fr", index_href: str | None = None, series_link: tuple[str, str] | None = None
) -> str:
    """The whole HTML document of one session.

    Args:
        analysis: the analysed session.
        lang: the language of the page's labels, "fr" or "en".
        index_href: a relative link back to the batch index, or None for a page on its own.
        series_link: the name and the relative link of the page of the series the session belongs to, if any.
    """
    text = ReportText.for_lang(lang)
    transcript = analysis.transcript
    body = [
        _series_nav(series_link, text),
        _header(analysis, text, index_href),
        element(
            "main",
            {},
            counted_list("warnings", [say(warning, text.lang) for warning in transcript.warnings], text),
            profile_section(analysis, text),
            alliance_section(analysis, text),
            _timelines(analysis, text),
            # The checkbox comes before the sections it filters: `#only-coded:checked ~ section` reaches them.
            element("input", {"type": "checkbox", "id": ONLY_CODED, "class": "toggle", "autocomplete": "off"}),
            _transcript_tools(analysis, text),
            _opening(analysis, text),
            _transcript(analysis, text),
            _legend(text),
        ),
    ]
    return page(lang=lang, title=text.format("session_page_title", session=transcript.session_id), body=body)


def source_name(source: str) -> str:
    """The file name alone: a page may be shared, the folders it came from should not be."""
    return PureWindowsPath(source).name or source  # splits at both / and \


def _series_nav(series_link: tuple[str, str] | None, text: ReportText) -> Html | None:
    """A link up to the page of the session's series (analyser/render/html/series.py)."""
    if series_link is None:
        return None
    name, href = series_link
    return element("nav", {"class": "back series-link"}, element("a", {"href": href}, text.format("series_back", series=name)))


def _header(analysis: SessionAnalysis, text: ReportText, index_href: str | None) -> Html:
    transcript, profile = analysis.transcript, analysis.profile
    facts = [
        ("fact_source", source_name(transcript.source)),
        ("fact_format", transcript.metadata.get("format") or "–"),
        ("fact_utterances", str(profile.utterances)),
        ("fact_words", str(profile.words)),
        ("fact_duration", format_clock(profile.duration_s)),
        ("fact_generator", text.format("generator", version=__version__, data=data_version())),
    ]
    sections = ("profile", "alliance", "timelines", "opening", "transcript", "legend")
    return element(
        "header",
        {},
        element("nav", {"class": "back"}, element("a", {"href": index_href}, text["back_to_index"])) if index_href else None,
        element("h1", {}, text.format("session_heading", session=transcript.session_id)),
        element("p", {"class": "note estimate-note"}, text["estimate_note"]),
        element("dl", {"class": "facts"}, [(element("dt", {}, text[key]), element("dd", {}, value)) for key, value in facts]),
        element(
            "nav",
            {"class": "toc", "aria-label": text["toc"]},
            element("ul", {}, [element("li", {}, element("a", {"href": f"#{name}"}, text[f"section_{name}"])) for name in sections]),
        ),
    )


def _timelines(analysis: SessionAnalysis, text: ReportText) -> Html:
    timeline = analysis.profile.turn_balance.therapist_word_share_timeline
    values = element(
        "details",
        {},
        element("summary", {}, text["chart_values"]),
        scrolling(
            element(
                "table",
                {"class": "chart-values"},
                element("thead", {}, element("tr", {}, element("th", {"scope": "col"}, text["col_window"]), element("th", {"scope": "col", "class": "num"}, text["col_therapist_word_share"]))),
                element(
                    "tbody",
                    {},
                    [element("tr", {}, element("td", {}, str(window)), element("td", {"class": "num"}, text.percent(share))) for window, share in enumerate(timeline, start=1)],
                ),
            ),
            text["chart_values"],
        ),
    )
    return element(
        "section",
        {"id": "timelines"},
        element("h2", {}, text["section_timelines"]),
        element("figure", {}, talk_share_chart(timeline, text), element("figcaption", {}, text.format("chart_talk_caption", half=text.percent(0.5))), values),
        element("figure", {}, marker_chart(analysis.utterances, text), element("figcaption", {}, text["chart_markers_caption"])),
    )


def _transcript_tools(analysis: SessionAnalysis, text: ReportText) -> Html:
    """The bar over the transcript: the coded-only switch, and for a long session a link to each of its tenths."""
    utterances = analysis.utterances
    coded = sum(1 for item in utterances if is_coded(item))
    switch = element("label", {"for": ONLY_CODED, "class": "switch"}, text.format("only_coded", coded=coded, total=len(utterances)))
    return element(
        "nav",
        {"class": "transcript-tools", "aria-label": text["transcript_tools"]},
        switch,
        _parts(analysis, text) if len(utterances) >= PARTS_FROM else None,
    )


def _parts(analysis: SessionAnalysis, text: ReportText) -> Html:
    """Links to the first utterance of each tenth of the session, with its clock time when the file is timed."""
    count = len(analysis.utterances)
    bounds = sorted({count * part // PARTS for part in range(PARTS)})
    links = []
    for first, end in zip(bounds, [*bounds[1:], count], strict=True):
        start = analysis.utterances[first].utterance.start
        links.append(
            element(
                "li",
                {},
                element(
                    "a",
                    {"href": f"#u{first + 1}", "title": text.format("session_part_title", first=first + 1, last=end)},
                    text.format("session_part", first=first + 1, last=end),
                    element("span", {"class": "clock"}, f" {format_clock(start)}") if start is not None else None,
                ),
            )
        )
    return element("div", {"class": "parts"}, element("span", {"class": "muted"}, text["session_parts"]), element("ol", {}, links))


def _opening(analysis: SessionAnalysis, text: ReportText) -> Html:
    opening = analysis.profile.opening
    size = opening_size(len(analysis.utterances))
    figures = [
        ("opening_utterances", str(opening.utterances)),
        ("opening_word_share", text.percent(opening.therapist_word_share)),
        ("opening_questions", text.format("card_questions_detail", open=opening.open_questions, closed=opening.closed_questions)),
        ("opening_reflections", text.format("card_reflections_detail", simple=opening.simple_reflections, complex=opening.complex_reflections)),
        ("opening_shared_goal", str(opening.shared_goal)),
    ]
    return element(
        "section",
        {"id": "opening"},
        element("h2", {}, text["section_opening"]),
        element("p", {"class": "muted"}, text.format("opening_intro", count=size)),
        element(
            "div",
            {"class": "opening-block"},
            element("dl", {"class": "facts"}, [(element("dt", {}, text[key]), element("dd", {}, value)) for key, value in figures]),
            element("ol", {"class": "utterances"}, [utterance_item(coded, text) for coded in analysis.utterances[:size]]),
        ),
    )


def _transcript(analysis: SessionAnalysis, text: ReportText) -> Html:
    size = opening_size(len(analysis.utterances))
    rest = analysis.utterances[size:]
    return element(
        "section",
        {"id": "transcript"},
        element("h2", {}, text["section_transcript"]),
        element("p", {"class": "muted"}, text.format("transcript_intro", first=size + 1, last=len(analysis.utterances), rules=text["rules_summary"]) if rest else text["transcript_empty"]),
        element("ol", {"class": "utterances", "start": size + 1}, [utterance_item(coded, text) for coded in rest]) if rest else None,
    )


def _legend(text: ReportText) -> Html:
    markers = [
        element("li", {}, element("mark", {"class": marker_class(label)}, text.marker_name(label)), " ", element("span", {"class": "detail"}, text[f"legend_{label}"]))
        for label in L.MARKER_LABELS
    ]
    badge_items = [
        element("li", {}, element("span", {"class": f"badge badge-{kind}-{value}"}, text[f"badge_{kind}_{value}"]))
        for kind, value in _CODE_BADGES
    ]
    return element(
        "section",
        {"id": "legend"},
        element("h2", {}, text["section_legend"]),
        element("p", {}, text["legend_intro"]),
        element("ul", {"class": "legend"}, markers),
        element("h3", {}, text["legend_badges"]),
        element("ul", {"class": "plain"}, badge_items),
        element("p", {"class": "muted"}, text["legend_roles"]),
    )
