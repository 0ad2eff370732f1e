"""The alliance section of a session page: Bordin's three cards with their examples, the possible ruptures and their
repair, the opening beside the rest of the session, the attunement, and the moments to discuss; all readable without
hovering."""

from __future__ import annotations

from collections.abc import Callable

from analyser.profile.alliance import AllianceProfile, BordinPart, OpeningFigures
from analyser.render.html.blocks import scrolling, titled_section
from analyser.render.html.builder import Html, element
from analyser.render.report_text import ReportText
from analyser.session import SessionAnalysis

QUOTE_CHARS = 160


def alliance_section(analysis: SessionAnalysis, text: ReportText) -> Html:
    """The section `#alliance`: descriptors with their evidence, no score."""
    alliance = analysis.profile.alliance
    quote = _quoter(analysis, text)
    return titled_section(
        "alliance",
        text["section_alliance"],
        text["alliance_intro"],
        element(
            "div",
            {"class": "cards"},
            _bordin_card(text["alliance_goals"], alliance.goals, alliance, text, quote),
            _bordin_card(text["alliance_tasks"], alliance.tasks, alliance, text, quote),
            _bordin_card(text["alliance_bond"], alliance.bond, alliance, text, quote),
        ),
        element("h3", {}, text["alliance_frame"]),
        element("p", {}, ", ".join(text[f"frame_{topic}"] for topic in alliance.frame_topics) or text["alliance_none"]),
        element("h3", {}, text["alliance_ruptures"]),
        _ruptures(alliance, text, quote),
        element("h3", {}, text["alliance_opening"]),
        _opening_table(alliance.opening, alliance.rest, text),
        element("h3", {}, text["alliance_attunement"]),
        element("p", {}, _attunement(alliance, text)),
        element("h3", {}, text["alliance_moments"]),
        element(
            "ol",
            {"class": "moments"},
            [element("li", {}, element("a", {"href": f"#u{m.index + 1}"}, quote(m.index)), " — ", text[f"moment_{m.reason}"]) for m in alliance.moments],
        )
        if alliance.moments
        else element("p", {}, text["alliance_none"]),
    )


def _quoter(analysis: SessionAnalysis, text: ReportText) -> Callable[[int], str]:
    by_index = {c.utterance.index: c.utterance for c in analysis.utterances}

    def quote(index: int) -> str:
        utterance = by_index[index]
        words = " ".join(utterance.text.split())
        shown = words if len(words) <= QUOTE_CHARS else words[: QUOTE_CHARS - 1] + "…"
        return text.format("utterance_quote", number=index + 1, quote=shown)

    return quote


def _bordin_card(title: str, part: BordinPart, alliance: AllianceProfile, text: ReportText, quote: Callable[[int], str]) -> Html:
    unit = text["rate_per_10_minutes"] if alliance.rate_unit == "per_10_minutes" else text["rate_per_100_utterances"]
    details = [text.format("alliance_count", count=part.therapist, rate=text.number(part.rate), unit=unit)]
    if part.client_agreement is not None:
        details.append(text.format("alliance_agreement", count=part.client_agreement))
    return element(
        "div",
        {"class": "card"},
        element("h3", {}, title),
        element("p", {}, " · ".join(details)),
        element("ul", {}, [element("li", {}, element("a", {"href": f"#u{index + 1}"}, quote(index))) for index in part.examples]),
    )


def _ruptures(alliance: AllianceProfile, text: ReportText, quote: Callable[[int], str]) -> Html:
    if not alliance.ruptures:
        return element("p", {}, text["alliance_no_rupture"])
    items = []
    for episode in alliance.ruptures:
        repair = (
            text.format("rupture_repaired", where=quote(episode.repair_index))
            if episode.repaired and episode.repair_index is not None
            else text["rupture_not_repaired"]
        )
        items.append(element("li", {}, text[f"rupture_{episode.kind}"], " — ", element("a", {"href": f"#u{episode.first_index + 1}"}, quote(episode.first_index)), " — ", repair))
    return element("ol", {"class": "ruptures"}, items)


def _opening_table(opening: OpeningFigures, rest: OpeningFigures, text: ReportText) -> Html:
    rows = [
        ("opening_utterances", str(opening.utterances), str(rest.utterances)),
        ("opening_word_share", text.percent(opening.therapist_word_share), text.percent(rest.therapist_word_share)),
        ("alliance_open_questions", str(opening.open_questions), str(rest.open_questions)),
        ("alliance_closed_questions", str(opening.closed_questions), str(rest.closed_questions)),
        ("alliance_before_reflection", _or_dash(opening.utterances_before_first_reflection), _or_dash(rest.utterances_before_first_reflection)),
        ("alliance_frame_talk", str(opening.frame), str(rest.frame)),
        ("alliance_goal_talk", str(opening.goal_talk), str(rest.goal_talk)),
        ("alliance_doubts", str(opening.client_doubts), str(rest.client_doubts)),
    ]
    head = element("tr", {}, element("th", {}, ""), element("th", {"scope": "col"}, text["alliance_col_opening"]), element("th", {"scope": "col"}, text["alliance_col_rest"]))
    body = [element("tr", {}, element("th", {"scope": "row"}, text[key]), element("td", {}, first), element("td", {}, second)) for key, first, second in rows]
    return scrolling(element("table", {"class": "speakers"}, element("thead", {}, head), element("tbody", {}, body)), text["alliance_opening"])


def _attunement(alliance: AllianceProfile, text: ReportText) -> str:
    return text.attunement(alliance.attunement)


def _or_dash(value: int | None) -> str:
    return "–" if value is None else str(value)
