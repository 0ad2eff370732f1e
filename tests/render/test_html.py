"""The HTML session page and its parts, on sessions built by hand (no model): escaping, highlighting, charts, structure."""

from __future__ import annotations

import dataclasses
import html
import re

import lxml.etree
import lxml.html
import pytest

from analyser import __version__
from analyser import labels as L
from analyser.domain import NO_TARGET, Marker, TargetBehaviour
from analyser.errors import DataFileError
from analyser.profile.bands import bands
from analyser.profile.miti import measure_coding
from analyser.profile.opening import opening_size
from analyser.render.html.builder import Html, element, escape, fragment
from analyser.render.html.charts import LANES, marker_chart, talk_share_chart
from analyser.render.html.page import CONTENT_SECURITY_POLICY
from analyser.render.html.session import render_session_page, source_name
from analyser.render.html.transcript import highlight, marker_class
from analyser.render.report_text import ReportText
from analyser.resources import REPORT_LANGUAGES, report_labels

from ..sessions_by_hand import HOSTILE, session, short_session, turn

SECTIONS = ("profile", "alliance", "timelines", "opening", "transcript", "legend")
# Raw labels: the marker names in titles are the labels themselves, whatever models/report_labels.tsv says.
BARE = ReportText("en", {})


def parse(page: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(page)


def assert_locked_down(page: str) -> None:
    """The contract every page keeps: doctype, CSP, no referrer, one style, no script, no URL leaving the page."""
    assert page.startswith("<!doctype html>\n")
    tree = parse(page)
    assert tree.xpath("//meta[@charset='utf-8']")
    assert tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content") == [CONTENT_SECURITY_POLICY]
    assert CONTENT_SECURITY_POLICY == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    assert tree.xpath("//meta[@name='referrer']/@content") == ["no-referrer"]
    assert len(tree.xpath("//style")) == 1
    assert not tree.xpath("//script | //iframe | //object | //embed | //img | //form")
    assert "<script" not in page.lower()
    assert not re.search(r"(?i)\b(?:https?|ftp|file):|//", page)
    for value in tree.xpath("//@href | //@src | //@action | //@srcset"):
        assert value.startswith(("#", "../", "sessions/", "data:")) or re.fullmatch(r"[\w.-]+\.html", value), value


# --- the builder -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("built", "expected"),
    [
        (element("p", {}, "a < b & c"), "<p>a &lt; b &amp; c</p>"),
        (element("p", {"title": "\"x\" & 'y'"}, "t"), '<p title="&quot;x&quot; &amp; &#x27;y&#x27;">t</p>'),
        (element("p", {}, Html("<b>ok</b>")), "<p><b>ok</b></p>"),
        (element("p", {}, escape("<b>")), "<p>&lt;b&gt;</p>"),
        (element("p", {}, escape(escape("<b>"))), "<p>&lt;b&gt;</p>"),
        (element("input", {"type": "radio", "checked": True, "disabled": False, "name": None}), '<input type="radio" checked>'),
        (element("ul", {}, [element("li", {}, n) for n in (1, 2)], None), "<ul><li>1</li><li>2</li></ul>"),
        (element("p", {}, ["a", ("b", ["<c>"])]), "<p>ab&lt;c&gt;</p>"),
        (fragment("<", Html("<br>"), 2.5), "&lt;<br>2.5"),
    ],
    ids=["text", "attribute", "trusted", "escaped-once", "escape-idempotent", "boolean-attributes", "lists", "nested-iterables", "fragment"],
)
def test_builder_escapes_every_string_it_did_not_build(built, expected):
    assert built == expected
    assert isinstance(built, Html)


@pytest.mark.parametrize(
    "call",
    [
        lambda: element("p onclick=x", {}),
        lambda: element("p", {"onclick=x y": "1"}),
        lambda: element("p", {'x"': "1"}),
        lambda: element("br", {}, "content"),
    ],
    ids=["tag", "attribute", "quote-in-name", "void-with-content"],
)
def test_builder_refuses_names_that_are_not_names(call):
    with pytest.raises(ValueError):
        call()


def test_adding_text_to_markup_gives_plain_text_not_markup():
    # Concatenation is not a way in: the result is a plain str, escaped again when used as a child.
    joined = Html("<b>") + "<i>"
    assert not isinstance(joined, Html)
    assert element("p", {}, joined) == "<p>&lt;b&gt;&lt;i&gt;</p>"


# --- highlighting ------------------------------------------------------------------------------------------


def m(label: str, start: int, end: int, rule: str = "r", text: str = "") -> Marker:
    return Marker(label, text, start, end, rule)


# A mark's title says each code in plain words (render/evidence.py); a rule it cannot read gets its label's phrase.
YES_NO = "QUESTION_CLOSED — calls for a yes or a no"
OPEN = "QUESTION_OPEN — invites a free answer"
SHARED = "SHARED_GOAL — speaks of working together"
COMPLEX = "REFLECTION_COMPLEX — says back what the client just said, adding meaning"
COLLABORATION = "SEEKING_COLLABORATION — asks for the client&#x27;s view or agreement"


@pytest.mark.parametrize(
    ("text", "markers", "expected"),
    [
        ("a<b & c", [], "a&lt;b &amp; c"),
        (
            "Vous dormez mal ?",
            [m(L.QUESTION_CLOSED, 0, 17, "yes_no")],
            f'<mark class="m-question-closed" title="{YES_NO}">Vous dormez mal ?</mark>',
        ),
        (
            "abcdef",
            [m(L.SHARED_GOAL, 0, 4, "a"), m(L.QUESTION_OPEN, 2, 6, "b")],
            (
                f'<mark class="m-shared-goal" title="{SHARED}">ab</mark>'
                f'<mark class="m-question-open m-shared-goal" title="{OPEN}; {SHARED}">cd</mark>'
                f'<mark class="m-question-open" title="{OPEN}">ef</mark>'
            ),
        ),
        (
            "abcdef",
            [m(L.REFLECTION_COMPLEX, 0, 6, "outer"), m(L.SHARED_GOAL, 2, 4, "inner")],
            (
                f'<mark class="m-reflection-complex" title="{COMPLEX}">ab</mark>'
                f'<mark class="m-reflection-complex m-shared-goal" title="{COMPLEX}; {SHARED}">cd</mark>'
                f'<mark class="m-reflection-complex" title="{COMPLEX}">ef</mark>'
            ),
        ),
        (
            "x ensemble y",
            [m(L.SHARED_GOAL, 2, 10, "one"), m(L.SEEKING_COLLABORATION, 2, 10, "two")],
            f'x <mark class="m-shared-goal m-seeking-collaboration" title="{SHARED}; {COLLABORATION}">ensemble</mark> y',
        ),
        (
            "<b>&</b>",
            [m(L.AFFIRMATION, 0, 4, '"><img src=x>', '"><img')],
            '<mark class="m-affirmation" title="AFFIRMATION — affirms the client, their efforts or strengths (“&quot;&gt;&lt;img”)">&lt;b&gt;&amp;</mark>&lt;/b&gt;',
        ),
        ("abc", [m(L.SHARED_GOAL, 1, 1), m(L.QUESTION_OPEN, 2, 99, "past-the-end")], f'ab<mark class="m-question-open" title="{OPEN}">c</mark>'),
    ],
    ids=["no-marker", "whole", "overlapping", "nested", "same-span", "escaped-inside", "empty-and-clamped"],
)
def test_highlight_cuts_at_every_marker_boundary(text, markers, expected):
    assert highlight(text, markers, BARE) == expected


@pytest.mark.parametrize(
    "spans",
    [[(0, 5), (3, 9)], [(0, 12), (2, 4), (3, 8)], [(5, 6), (5, 6), (0, 12)], [(11, 12), (0, 1)], [(4, 4), (2, 50)]],
)
def test_highlight_keeps_every_character_once_and_in_order(spans):
    text = "<é&'\"> fin ?"
    markers = [m(L.MARKER_LABELS[i % len(L.MARKER_LABELS)], start, end) for i, (start, end) in enumerate(spans)]
    fragment_html = highlight(text, markers, BARE)
    root = lxml.html.fragment_fromstring(f"<p>{fragment_html}</p>")
    assert root.text_content() == text
    assert not root.xpath("//mark//mark"), "pieces are flat: nesting is carried by classes"


def test_marker_classes_follow_the_contract():
    assert [marker_class(label) for label in (L.QUESTION_OPEN, L.CLIENT_SHARED_GOAL, L.SEEKING_COLLABORATION)] == [
        "m-question-open",
        "m-client-shared-goal",
        "m-seeking-collaboration",
    ]


# --- charts ------------------------------------------------------------------------------------------------

TIMELINE = (0.5, None, None, 0.7, 0.8, 0.2, None, 0.4, 0.5, 0.6)


def svg(markup: str) -> lxml.etree._Element:
    return lxml.etree.fromstring(markup)


def test_talk_share_chart_draws_a_gap_for_a_window_without_words():
    chart = svg(talk_share_chart(TIMELINE, ReportText.for_lang("fr")))
    assert chart.get("id") == "talk-share-chart" and chart.get("role") == "img" and chart.get("aria-label")
    assert chart[0].tag == "title"
    lines = chart.findall(".//polyline")
    assert [len(line.get("points").split()) for line in lines] == [3, 3]  # windows 4-6 and 8-10; window 1 alone is a point
    assert len(chart.findall(".//circle")) == sum(share is not None for share in TIMELINE)
    titles = [c.find("title").text for c in chart.findall(".//circle")]
    assert titles[0] == "fenêtre 1 : 50\u00a0%"
    assert chart.findall(".//g[@class='grid reference']"), "the 50 % reference line"
    opening = chart.find(".//g[@class='opening-band']/rect")
    assert float(opening.get("width")) == pytest.approx((620 - 64) * 0.1, abs=0.1)


def test_talk_share_chart_all_gaps_and_all_values():
    empty = svg(talk_share_chart((None,) * 10, BARE_FR))
    assert not empty.findall(".//polyline") and not empty.findall(".//circle")
    full = svg(talk_share_chart((0.5,) * 10, BARE_FR))
    assert len(full.findall(".//polyline")) == 1


BARE_FR = ReportText.for_lang("fr")


def test_charts_are_deterministic_with_fixed_number_formatting():
    analysis = short_session()
    first = talk_share_chart(TIMELINE, BARE_FR) + marker_chart(analysis.utterances, BARE_FR)
    second = talk_share_chart(TIMELINE, BARE_FR) + marker_chart(analysis.utterances, BARE_FR)
    assert first == second
    coordinates = re.findall(r'\b(?:x|y|x1|x2|y1|y2|cx|cy|width|height)="([^"]*)"', first)
    assert coordinates and all(re.fullmatch(r"\d+(?:\.\d)?", value) for value in coordinates)


def test_marker_chart_has_a_lane_per_family_and_a_linked_tick_per_coded_utterance():
    analysis = short_session()
    chart = svg(marker_chart(analysis.utterances, BARE_FR))
    assert chart.get("id") == "marker-chart" and chart.get("role") == "img"
    lanes = {g.get("class").removeprefix("lane "): g for g in chart.findall(".//g") if g.get("class", "").startswith("lane ")}
    assert list(lanes) == [f"lane-{lane}" for lane in LANES]

    def ticks(lane: str) -> list[str]:
        return [a.get("href") for a in lanes[f"lane-{lane}"].findall("a")]

    assert ticks("open-questions") == ["#u1", "#u7"]
    assert ticks("closed-questions") == ["#u5"]
    assert ticks("simple-reflections") == ["#u3"]
    assert ticks("complex-reflections") == ["#u5"]
    assert ticks("shared-goal") == ["#u4", "#u5"]
    assert ticks("collaboration") == ["#u7"]
    # The client's shared goal is a dot, the therapist's a bar: told apart without colour.
    shared = lanes["lane-shared-goal"].findall("a")
    assert shared[0].find("circle") is not None and shared[1].find("rect") is not None
    # Tooltips say where, never what was said.
    assert [a.find("title").text for a in shared] == ["énoncé 4, ligne 4", "énoncé 5, ligne 5"]
    said = {coded.utterance.text for coded in analysis.utterances}
    for title in chart.iter("title"):
        assert not any(text in (title.text or "") for text in said)
    # Ticks are placed at index / count along the plot, inset from its left edge: the first one (index 0) is whole,
    # inside the plot and inside the hatched opening, off the opening's edge.
    first = lanes["lane-open-questions"].find("a/rect")
    band = chart.find(".//g[@class='opening-band']/rect")
    axis = chart.find("line[@class='axis']")
    assert float(first.get("x")) + 1.5 == pytest.approx(210.0 + 8.0)
    assert float(axis.get("x1")) == float(band.get("x")) < float(first.get("x"))
    assert float(first.get("x")) + float(first.get("width")) < float(band.get("x")) + float(band.get("width"))
    # The opening band ends where a tick at 10 % of the session would be.
    zero, ten = (float(t.get("x")) for t in chart.findall("text[@class='axis-tick']")[:2])
    assert float(band.get("x")) + float(band.get("width")) == pytest.approx(zero + (ten - zero) * 0.4, abs=0.1)


def test_marker_chart_gives_the_therapist_and_the_client_their_own_half_of_a_shared_lane():
    """Bars above, dots below, in one lane: never on top of each other, whatever the positions."""
    turns = [turn("T", "therapist", "On va chercher ensemble.", markers=[("SHARED_GOAL", "ensemble")])]
    turns += [turn("C", "client", "Ensemble, oui.", markers=[("CLIENT_SHARED_GOAL", "Ensemble")])]
    turns += [turn("T", "therapist", "Ensemble, donc.", markers=[("SHARED_GOAL", "Ensemble")])]
    chart = svg(marker_chart(session(turns).utterances, BARE_FR))
    lane = chart.find(".//g[@class='lane lane-shared-goal']")
    rule = lane.find("line[@class='lane-rule']")
    lane_bottom = float(rule.get("y1"))
    lane_top = lane_bottom - 28.0
    middle = (lane_top + lane_bottom) / 2
    bars, dots = lane.findall("a/rect"), lane.findall("a/circle")
    assert len(bars) == 2 and len(dots) == 1
    for bar in bars:
        assert lane_top <= float(bar.get("y")) and float(bar.get("y")) + float(bar.get("height")) <= middle
    for dot in dots:
        reach = float(dot.get("r")) + 1  # the outline is 2 wide
        assert middle <= float(dot.get("cy")) - reach and float(dot.get("cy")) + reach <= lane_bottom
    desc = chart.find("desc").text
    assert "moitié haute" in desc and "moitié basse" in desc


@pytest.mark.parametrize("share", [0.0, 0.45, 0.5, 0.55, 1.0])
def test_talk_share_reference_key_sits_where_no_point_can_be(share):
    """The "50 %" key is above the plot (over 100 %), so a point near 50 % (or at 100 %) never covers it."""
    chart = svg(talk_share_chart((share,) * 10, BARE_FR))
    key = chart.find(".//g[@class='reference-key']")
    label = key.find("text")
    assert label.text == "50\u00a0% : parts égales", "written as every share of the page: no-break space before %"
    grid_ys = sorted(float(g.find("line").get("y1")) for g in chart.findall(".//g[@class]") if g.get("class").startswith("grid"))
    plot_top = grid_ys[0]  # the 100 % line
    highest_point = min(float(c.get("cy")) - float(c.get("r")) - 1 for c in chart.findall(".//circle"))
    assert highest_point >= plot_top - 5
    # The label's baseline and its descenders stay clear of the highest place a point can reach.
    assert float(label.get("y")) + 4 < plot_top - 5
    assert all(float(line.get("y1")) < plot_top - 5 for line in key.findall("line"))
    # Nothing else of the chart is drawn in that band but the other note (the opening's) at the far left.
    assert float(label.get("x")) > float(chart.find(".//g[@class='opening-band']/rect").get("width")) + 100


def test_marker_chart_names_the_reader_s_place_when_there_is_no_line():
    analysis = session([turn("T", "therapist", "Comment ?", question="open", place="cue 7")])
    chart = svg(marker_chart(analysis.utterances, BARE_FR))
    assert [t.text for t in chart.iter("title")][-1] == "énoncé 1, cue 7"


# --- the session page --------------------------------------------------------------------------------------


def test_session_page_follows_the_html_contract():
    analysis = short_session(timed=True)
    page = render_session_page(analysis, lang="fr", index_href="../index.html")
    assert_locked_down(page)
    tree = parse(page)
    assert tree.get("lang") == "fr"
    assert [s.get("id") for s in tree.xpath("//main/section")] == list(SECTIONS)
    assert len(tree.xpath("//section[@id='timelines']//svg[@id='talk-share-chart']")) == 1
    assert len(tree.xpath("//section[@id='timelines']//svg[@id='marker-chart']")) == 1
    size = opening_size(12)
    assert tree.xpath("//section[@id='opening']//li/@id") == [f"u{n}" for n in range(1, size + 1)]
    assert tree.xpath("//section[@id='transcript']//li/@id") == [f"u{n}" for n in range(size + 1, 13)]
    assert tree.xpath("//a[@class='back']/@href") == [] and tree.xpath("//nav[@class='back']/a/@href") == ["../index.html"]
    # Tables scroll sideways in their own named box on a narrow screen, never the page.
    assert [t.getparent().get("class") for t in tree.xpath("//table")] == ["table-scroll"] * 3  # the profile's two, and the alliance's opening beside the rest
    assert all(t.getparent().get("role") == "region" and t.getparent().get("aria-label") for t in tree.xpath("//table"))
    # Every tick of the marker chart points at an utterance that exists.
    ids = set(tree.xpath("//li/@id"))
    assert {href[1:] for href in tree.xpath("//svg//a/@href")} <= ids


def test_profile_cards_carry_their_band():
    analysis = short_session()
    tree = parse(render_session_page(analysis, lang="en"))
    cards = tree.xpath("//section[@id='profile']//div[contains(concat(' ', @class, ' '), ' card ')]")
    classes = [card.get("class") for card in cards]
    assert all(re.fullmatch(r"card band-(low|fair|good|none)", c) for c in classes)
    readings = [reading for reading in analysis.profile.coding.readings().values() if reading.scale is not None]
    assert [reading.metric for reading in readings] == list(bands())
    expected = [f"card band-{reading.band or 'none'}" for reading in readings]
    assert classes[: len(expected)] == expected
    assert cards[0].xpath("string(.//p[@class='value'])") == "67%"  # 2 open of 3 questions
    band_names = [card.xpath("string(.//p[@class='band-name'])") for card in cards[: len(expected)]]
    # Three questions and two reflections: too few to conclude on either share.
    assert band_names[:2] == ["too few to conclude (n = 3)", "too few to conclude (n = 2)"]
    assert set(band_names[2:]) <= {"low", "fair", "good", "not measured"}
    assert classes[:2] == ["card band-none", "card band-none"]


@pytest.mark.parametrize(
    ("lang", "target", "heading", "line"),
    [
        ("fr", TargetBehaviour("alcool", ("alcool",), "inferred"), "Résumé MITI 4", "Comportement cible : alcool (déduit de la séance)"),
        ("fr", TargetBehaviour("tabac", ("tabac",), "option"), "Résumé MITI 4", "Comportement cible : tabac (donné par --target)"),
        ("fr", NO_TARGET, "Résumé MITI 4", "Aucun comportement cible repéré"),
        ("en", TargetBehaviour("alcool", ("alcool",), "inferred"), "MITI 4 summary", "Target behaviour: alcool (inferred from the session)"),
        ("en", NO_TARGET, "MITI 4 summary", "No target behaviour found"),
    ],
)
def test_the_miti_summary_says_which_target_was_used(lang, target, heading, line):
    analysis = short_session()
    analysis = dataclasses.replace(analysis, profile=dataclasses.replace(analysis.profile, coding=dataclasses.replace(analysis.profile.coding, target=target)))
    tree = parse(render_session_page(analysis, lang=lang))
    assert heading in tree.xpath("//section[@id='profile']/h3/text()")
    assert tree.xpath("string(//section[@id='profile']/p[@class='target'])") == line


def test_the_miti_summary_cards_give_counts_and_too_few():
    turns = [
        turn("P", "client", "Je ne veux pas arrêter."),
        turn("T", "therapist", "Vous tenez à continuer.", reflection="simple"),
        turn("P", "client", "J'aimerais boire moins."),
        turn("T", "therapist", "Vous pourriez essayer de noter ce que vous buvez.", markers=[("PERSUADE", "Vous pourriez essayer")]),
    ]
    analysis = session(turns)
    talk = ("sustain", None, "change", None)
    inputs = (None, None, None, "advice")
    coded = tuple(dataclasses.replace(c, client_talk=t, input=i) for c, t, i in zip(analysis.utterances, talk, inputs, strict=True))
    analysis = dataclasses.replace(analysis, utterances=coded, profile=dataclasses.replace(analysis.profile, coding=measure_coding(coded)))
    tree = parse(render_session_page(analysis, lang="fr"))
    cards = tree.xpath("//section[@id='profile']//div[contains(@class, 'miti')]/div")
    texts = [" | ".join(" ".join(p.text_content().split()) for p in card.xpath("./*")) for card in cards]
    assert texts[0].startswith("Comportements conformes / non conformes à l'EM | 0 / 1 |")
    assert texts[1].startswith("Informations et conseils du thérapeute (part de ses énoncés) | 50 % | 0 informations · 1 conseils")
    assert texts[2].startswith("Discours-changement (part du discours sur le changement) | 50 % | trop peu pour conclure (n = 2) | 1 changement · 1 maintien")
    assert "1er tiers : 0 %, trop peu pour conclure (n = 1)" in texts[2]
    assert texts[3].startswith("Discours-maintien suivi d'un reflet | 100 % | trop peu pour conclure (n = 1) | 1 par un reflet · 0 par une information")
    # The input and client-talk codes show as badges on the utterances.
    assert tree.xpath("//li[@id='u1']//span[contains(@class, 'badge')]/@class") == ["badge badge-talk-sustain"]
    assert tree.xpath("//li[@id='u4']//span[contains(@class, 'badge')]/@class") == ["badge badge-input-advice"]


@pytest.mark.parametrize(("timed", "has_interruptions"), [(True, True), (False, False)])
def test_interruptions_and_time_share_only_when_the_session_is_timed(timed, has_interruptions):
    tree = parse(render_session_page(short_session(timed=timed), lang="en"))
    titles = tree.xpath("//section[@id='profile']//div[contains(concat(' ', @class, ' '), ' card ')]/h3/text()")
    assert ("Interruptions" in titles) is has_interruptions
    assert ("Therapist's share of talk time" in titles) is has_interruptions


def test_utterance_items_show_number_place_time_speaker_role_text_and_badges():
    tree = parse(render_session_page(short_session(timed=True), lang="fr"))
    item = tree.xpath("//li[@id='u5']")[0]
    assert item.xpath("string(.//span[@class='num'])") == "5"
    assert item.xpath("string(.//span[@class='loc'])") == "ligne 5"
    assert item.xpath("string(.//span[@class='clock'])") == "0:00:20"
    assert item.xpath("string(.//span[@class='speaker'])") == "Thérapeute"
    assert item.xpath("string(.//span[contains(@class, 'role')])") == "thérapeute"
    assert item.xpath("string(.//p[@class='text'])") == "Vous êtes à bout, et on va chercher ensemble ?"
    assert item.xpath(".//span[contains(@class, 'badge')]/@class") == ["badge badge-question-closed", "badge badge-reflection-complex"]
    overlapping = item.xpath(".//mark[contains(@class, 'm-shared-goal') and contains(@class, 'm-question-closed')]")
    assert [mark.text for mark in overlapping] == ["on va chercher ensemble"]


def test_legend_has_one_swatch_per_marker_class():
    tree = parse(render_session_page(short_session(), lang="fr"))
    swatches = tree.xpath("//section[@id='legend']//mark/@class")
    assert swatches == [marker_class(label) for label in L.MARKER_LABELS]
    for label in L.MARKER_LABELS:
        assert f".{marker_class(label)} " in tree.xpath("string(//style)"), f"{label} has a style"


def test_header_names_the_file_not_its_folders_and_no_run_date():
    analysis = short_session()
    page = render_session_page(analysis, lang="fr")
    assert "seance.txt" in page and "/home/superviseur" not in page and "dossiers" not in page
    assert f"rapport {__version__}" in page
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", page)
    assert page == render_session_page(short_session(), lang="fr")


@pytest.mark.parametrize(
    ("source", "name"),
    [("/a/b/seance.txt", "seance.txt"), ("C:\\Users\\x\\séance 1.docx", "séance 1.docx"), ("seance.srt", "seance.srt"), ("", "")],
)
def test_source_name(source, name):
    assert source_name(source) == name


def test_warnings_are_listed_when_there_are_some():
    quiet = parse(render_session_page(short_session(), lang="fr"))
    assert not quiet.xpath("//section[@id='warnings']")
    analysis = session([turn("T", "therapist", "Bonjour.")], warnings=("line 3: no speaker label, joined to the previous line",))
    tree = parse(render_session_page(analysis, lang="fr"))
    assert tree.xpath("//section[@id='warnings']//li/text()") == ["line 3: no speaker label, joined to the previous line"]


def test_hostile_text_is_shown_escaped_everywhere_on_the_session_page():
    script, img, amp = HOSTILE
    turns = [
        turn(script, "therapist", f"Alors {img} ?", question="open", markers=[("QUESTION_OPEN", f"Alors {img} ?", amp)]),
        turn(img, "client", f"{script} {amp}", markers=[("CLIENT_SHARED_GOAL", script, img)]),
        turn(amp, "other", script, place=img),
    ]
    analysis = session(turns, session_id=f"{script}{img}", source=f"/x/{script}.txt", warnings=(img,))
    for lang in REPORT_LANGUAGES:
        page = render_session_page(analysis, lang=lang, index_href="../index.html")
        assert_locked_down(page)
        assert "<img" not in page
        tree = parse(page)
        shown = tree.text_content()
        for text in HOSTILE:
            assert text in shown
        assert f"{script}{img}" in tree.xpath("string(//h1)")
        assert tree.xpath("string(//title)").startswith(("Séance", "Session"))
        assert any(img in title for title in tree.xpath("//mark/@title")), "the marked words are quoted, escaped"
        assert any(amp in rule for rule in tree.xpath("//details[@class='rules']//li/code/text()")), "the rule is shown, escaped"
        assert tree.xpath("string(//li[@id='u1']//span[@class='speaker'])") == script


def test_no_model_text_is_ever_unescaped_in_the_markup():
    # The page parses back to exactly the text that went in: no piece of it became markup.
    script, img, amp = HOSTILE
    analysis = session([turn(f"{img}{amp}", "therapist", f"{script}{img}{amp}")], session_id=img)
    tree = parse(render_session_page(analysis, lang="fr"))
    assert tree.xpath("string(//li[@id='u1']//p[@class='text'])") == f"{script}{img}{amp}"
    assert html.escape(script) in render_session_page(analysis, lang="fr")


# --- labels ------------------------------------------------------------------------------------------------


def section_titles(lang: str) -> dict[str, str]:
    labels = report_labels(lang)
    return {key: value for key, value in labels.items() if key.startswith(("section_", "profile_", "speakers_", "legend_badges", "chart_talk_title", "chart_markers_title"))}


def test_english_page_has_english_titles_and_no_french_ones_left():
    analysis = short_session()
    page = render_session_page(analysis, lang="en")
    tree = parse(page)
    assert tree.get("lang") == "en"
    english = report_labels("en")
    assert tree.xpath("//section[@id='profile']/h2/text()") == [english["section_profile"]]
    assert tree.xpath("//section[@id='legend']/h2/text()") == [english["section_legend"]]
    french = {title.split(" ({")[0] for key, title in section_titles("fr").items() if title != section_titles("en")[key]}
    assert french
    for title in french:
        assert title not in page, title
    for word in ("bas", "correct", "bon", "thérapeute", "énoncé", "Légende", "ouverture"):
        assert not re.search(rf"(?<![\w-]){word}(?![\w-])", tree.text_content().replace(analysis.transcript.utterances[0].speaker, "")), word


def test_both_languages_have_every_key_and_the_bands_are_named():
    assert report_labels("fr").keys() == report_labels("en").keys()
    assert [report_labels("fr")[f"band_{b}"] for b in ("low", "fair", "good")] == ["bas", "correct", "bon"]
    assert [report_labels("en")[f"band_{b}"] for b in ("low", "fair", "good")] == ["low", "fair", "good"]
    for label in L.MARKER_LABELS:
        assert f"marker_{label}" in report_labels("fr") and f"legend_{label}" in report_labels("fr")


@pytest.fixture
def labels_file(tmp_path, monkeypatch):
    """Write a report_labels.tsv of our own and read it instead of the real one."""
    folder = tmp_path / "models"
    folder.mkdir()
    monkeypatch.setattr("analyser.resources.models_dir", lambda: folder)
    report_labels.cache_clear()
    yield folder / "report_labels.tsv"
    report_labels.cache_clear()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("# key\tfr\ten\nok\tbon\tgood\nhalf\tmoitié\n", r"report_labels.tsv: line 3: 'half' has no en text"),
        ("ok\tbon\tgood\nblank\t\tempty\n", r"report_labels.tsv: line 2: 'blank' has no fr text"),
        ("ok\tbon\tgood\tgut\n", r"report_labels.tsv: line 1: expected key<TAB>fr<TAB>en"),
        ("ok\tbon\tgood\n\nok\tbien\twell\n", r"report_labels.tsv: line 3: key 'ok' given twice"),
    ],
    ids=["missing-english", "missing-french", "extra-column", "duplicate"],
)
def test_a_malformed_labels_file_names_the_file_and_the_line(labels_file, content, message):
    labels_file.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError, match=message):
        report_labels("fr")


def test_labels_file_read_per_language(labels_file):
    labels_file.write_text("# comment\nok\tbon\tgood\n", encoding="utf-8")
    assert dict(report_labels("fr")) == {"ok": "bon"}
    assert dict(report_labels("en")) == {"ok": "good"}
    with pytest.raises(DataFileError, match="no column for language 'de'"):
        report_labels("de")


def test_numbers_are_written_the_way_each_language_writes_them():
    fr, en = ReportText.for_lang("fr"), ReportText.for_lang("en")
    assert (fr.percent(0.467), fr.number(1.25, 2), fr.threshold(0.5, share=False), fr.number(None)) == ("47\u00a0%", "1,25", "0,5", "–")
    assert (en.percent(0.467), en.number(1.25, 2), en.threshold(4.0, share=False), en.percent(None)) == ("47%", "1.25", "4", "–")
    with pytest.raises(ValueError, match="no report labels for language 'de'"):
        ReportText.for_lang("de")


# --- evidence under each utterance, the coded-only switch, the parts of a long session ---------------------


def evidence_session():
    return session(
        [
            turn("Client", "client", "Il m'a crié dessus.", markers=[("CLIENT_EMOTION", "crié", "emotion:crier")]),
            turn(
                "Thérapeute",
                "therapist",
                "Vous avez l'air agacé. Comment ça s'est fini ?",
                question="open",
                reflection="complex",
                markers=[
                    ("REFLECTION_COMPLEX", "Vous avez l'air agacé.", "score 2.82 ≥ 1.75: similarity:0.33, names_feeling:agacé, complex:new_feeling:agacé"),
                    ("QUESTION_OPEN", "Comment ça s'est fini ?", "wh:comment"),
                ],
            ),
            turn("Client", "client", "Mal.", markers=[]),
            turn("Thérapeute", "therapist", "Mm-hmm.", markers=[("BACKCHANNEL", "Mm-hmm.", "backchannel_only")]),
        ]
    )


@pytest.mark.parametrize(
    ("lang", "lines", "summary"),
    [
        (
            "fr",
            [
                "Question ouverte — un mot interrogatif qui ouvre la réponse (« Comment »)",
                "Reflet complexe — nomme un sentiment que le client n'a pas dit (« agacé »)",
            ],
            "Règle interne et score",
        ),
        (
            "en",
            ["Open question — a question word that opens the answer (“Comment”)", "Complex reflection — names a feeling the client did not say (“agacé”)"],
            "Internal rule and score",
        ),
    ],
)
def test_each_code_says_what_it_rests_on_without_hovering(lang, lines, summary):
    tree = parse(render_session_page(evidence_session(), lang=lang))
    item = tree.xpath("//li[@id='u2']")[0]
    # In the page's text, not in a title: read without a mouse, printed on paper.
    assert [" ".join(li.text_content().split()) for li in item.xpath("./ul[@class='evidence']/li")] == lines
    details = item.xpath("./div[@class='codes']/details[@class='rules']")[0]
    assert details.get("open") is None, "the internal rules are one click away, closed"
    assert details.xpath("string(summary)") == summary
    assert details.xpath(".//li/code/text()") == [
        "QUESTION_OPEN",
        "wh:comment",
        "REFLECTION_COMPLEX",
        "score 2.82 ≥ 1.75: similarity:0.33, names_feeling:agacé, complex:new_feeling:agacé",
    ]
    # A bare backchannel gets no line of evidence (it is the utterance itself), but its rule is kept.
    assert not tree.xpath("//li[@id='u4']/ul[@class='evidence']")
    assert tree.xpath("//li[@id='u4']//details//code/text()") == ["BACKCHANNEL", "backchannel_only"]
    assert not tree.xpath("//li[@id='u3']//details"), "nothing coded, nothing to detail"


def test_the_coded_only_switch_works_without_a_script():
    page = render_session_page(evidence_session(), lang="fr")
    tree = parse(page)
    main = tree.xpath("//main")[0]
    [box] = tree.xpath("//input[@id='only-coded']")
    assert box.get("type") == "checkbox" and box.getparent() is main
    children = list(main)
    sections = [child.get("id") for child in children[children.index(box) + 1 :] if child.tag == "section"]
    assert sections[:2] == ["opening", "transcript"], "the sections it filters come after the checkbox"
    assert tree.xpath("string(//nav[@class='transcript-tools']/label[@for='only-coded'])") == "Énoncés codés seulement (2 sur 4)"
    assert [li.get("class").split()[-1] for li in tree.xpath("//li[contains(@class, 'utterance')]")] == ["coded", "coded", "uncoded", "uncoded"]
    assert "#only-coded:checked ~ section li.utterance.uncoded:not(:target) { display: none; }" in tree.xpath("string(//style)")


def long_session(count: int):
    """`count` utterances, every third one a coded open question, timed every 10 s."""
    turns = []
    for n in range(count):
        if n % 3 == 0:
            turns.append(turn("T", "therapist", "Comment ça va ?", question="open", markers=[("QUESTION_OPEN", "Comment ça va ?", "wh:comment")], start=10.0 * n))
        else:
            turns.append(turn("C" if n % 3 == 1 else "T", "client" if n % 3 == 1 else "therapist", "Oui.", start=10.0 * n))
    return session(turns)


def test_a_long_session_links_each_tenth_of_it():
    tree = parse(render_session_page(long_session(600), lang="fr"))
    links = tree.xpath("//nav[@class='transcript-tools']//div[@class='parts']//a")
    assert [a.get("href") for a in links] == [f"#u{60 * part + 1}" for part in range(10)]
    assert [a.text for a in links][:2] == ["1–60", "61–120"]
    assert links[1].xpath("string(span[@class='clock'])") == " 0:10:00"
    ids = set(tree.xpath("//li/@id"))
    assert {a.get("href")[1:] for a in links} <= ids
    assert tree.xpath("string(//label[@for='only-coded'])").endswith("(200 sur 600)")
    assert not parse(render_session_page(long_session(12), lang="fr")).xpath("//div[@class='parts']"), "a short session needs no parts"


def test_readability_says_its_scale_on_the_session_page():
    for lang in REPORT_LANGUAGES:
        tree = parse(render_session_page(short_session(), lang=lang))
        cards = tree.xpath("//div[contains(@class, 'card')][h3 = $title]", title=report_labels(lang)["card_readability"])
        assert cards and report_labels(lang)["readability_scale"] in cards[0].text_content()
