"""The HTML page of one session: header, warnings, profile (cards.py), two timelines, the opening set apart, the transcript.

The page is self-contained (inline CSS and SVG, no script, no external URL) and byte-identical
for the same input: it holds no run date, only the generator's version.
"""

from __future__ import annotations

from pathlib import PureWindowsPath

from analyser import __version__
from analyser import labels as L
from analyser.profile.numbers import format_clock
from analyser.profile.opening import opening_size
from analyser.render.html.alliance import alliance_section
from analyser.render.html.blocks import counted_list, scrolling
from analyser.render.html.builder import Html, element
from analyser.render.html.cards import profile_section
from analyser.render.html.charts import marker_chart, talk_share_chart
from analyser.render.html.page import page
from analyser.render.html.transcript import marker_class, utterance_item
from analyser.render.report_text import ReportText
from analyser.resources import data_version
from analyser.session import SessionAnalysis

_CODE_BADGES = (
    ("question", "open"),
    ("question", "closed"),
    ("reflection", "simple"),
    ("reflection", "complex"),
    *(("input", kind) for kind in L.INPUT_KINDS),
    ("talk", "change"),
    ("talk", "sustain"),
)


def render_session_page(analysis: SessionAnalysis, *, lang: str = "fr", index_href: str | None = None) -> str:
    """The whole HTML document of one session.

    Args:
        analysis: the analysed session.
        lang: the language of the page's labels, "fr" or "en".
        index_href: a relative link back to the batch index, or None for a page on its own.
    """
    text = ReportText.for_lang(lang)
    transcript = analysis.transcript
    body = [
        _header(analysis, text, index_href),
        element(
            "main",
            {},
            counted_list("warnings", transcript.warnings, text),
            profile_section(analysis, text),
            alliance_section(analysis, text),
            _timelines(analysis, text),
            _opening(analysis, text),
            _transcript(analysis, text),
            _legend(text),
        ),
    ]
    return page(lang=lang, title=text.format("session_page_title", session=transcript.session_id), body=body)


def source_name(source: str) -> str:
    """The file name alone: a page may be shared, the folders it came from should not be."""
    return PureWindowsPath(source).name or source  # splits at both / and \


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
        element("figure", {}, talk_share_chart(timeline, text), element("figcaption", {}, text["chart_talk_caption"]), values),
        element("figure", {}, marker_chart(analysis.utterances, text), element("figcaption", {}, text["chart_markers_caption"])),
    )


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
        element("p", {"class": "muted"}, text.format("transcript_intro", first=size + 1, last=len(analysis.utterances)) if rest else text["transcript_empty"]),
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
