"""The profile section of a session page: a card per figure (value, band, thresholds, counts) and the speakers table."""

from __future__ import annotations

from analyser import labels as L
from analyser.profile.miti import THIRDS, MetricReading
from analyser.profile.registry import BANDED, BY_NAME
from analyser.profile.turn_balance import BalanceStats
from analyser.render.html.blocks import scrolling
from analyser.render.html.builder import Html, element
from analyser.render.html.clients import clients_block
from analyser.render.report_text import ReportText
from analyser.session import SessionAnalysis


def profile_section(analysis: SessionAnalysis, text: ReportText) -> Html:
    """The profile section: banded cards, the MITI summary cards, the other figures, then the speakers table."""
    return element(
        "section",
        {"id": "profile"},
        element("h2", {}, text["section_profile"]),
        element("h3", {}, text["profile_banded_heading"]),
        element("div", {"class": "cards"}, _banded_cards(analysis, text)),
        element("h3", {"class": "spaced"}, text["profile_miti_heading"]),
        element("p", {"class": "target"}, text.target(analysis.profile.coding.target)),
        element("p", {"class": "muted"}, text["profile_miti_intro"]),
        element("div", {"class": "cards miti"}, _miti_cards(analysis, text)),
        element("h3", {"class": "spaced"}, text["profile_figures_heading"]),
        element("div", {"class": "cards"}, _figure_cards(analysis, text)),
        element("h3", {"class": "spaced"}, text["speakers_heading"]),
        _speakers(analysis, text),
        *clients_block(analysis, text),
    )


def _card(title: str, value: str, *details: Html | None, band: str | None = None) -> Html:
    return element(
        "div",
        {"class": f"card band-{band or 'none'}"},
        element("h3", {}, title),
        element("p", {"class": "value"}, value),
        *details,
    )


def _detail(content: str, css: str = "detail") -> Html:
    return element("p", {"class": css}, content)


def _banded_cards(analysis: SessionAnalysis, text: ReportText) -> list[Html]:
    cards = []
    readings = analysis.profile.coding.readings()
    for metric in BANDED:
        reading = readings[metric.name]
        band = reading.scale
        if band is None:
            continue  # no row in models/bands.tsv: tests/profile/test_registry.py says so
        found = reading.band
        cards.append(
            _card(
                text[metric.card_key],
                _shown(reading, text),
                # Too few to conclude takes the band's place: the reader must not look for one.
                _detail(text.too_few(reading.count or 0) if reading.too_few else text[f"band_{found or 'none'}"], "band-name"),
                _detail(text.band_thresholds(band), "thresholds"),
                _detail(text.format("band_source", source=text.band_source(band)), "source"),
                _detail(text.format("minimum_count", minimum=reading.minimum), "thresholds") if reading.too_few else None,
                band=found,
            )
        )
    return cards


def _shown(reading: MetricReading, text: ReportText) -> str:
    """A metric's value as its kind is shown: a percentage for a share, else a number with the metric's decimals."""
    return text.figure(BY_NAME[reading.metric], reading.value)


def _too_few(reading: MetricReading, text: ReportText) -> Html | None:
    """The "too few to conclude (n = 2)" line of a card whose figure rests on too few codes."""
    return _detail(text.too_few(reading.count or 0), "band-name too-few") if reading.too_few else None


def _miti_cards(analysis: SessionAnalysis, text: ReportText) -> list[Html]:
    coding = analysis.profile.coding
    readings = coding.readings()
    thirds = [
        _detail(
            text.format("card_third", third=text[f"third_{third}"], value=_shown(readings[f"change_talk_share_t{third}"], text))
            + (f", {text.too_few(readings[f'change_talk_share_t{third}'].count or 0)}" if readings[f"change_talk_share_t{third}"].too_few else "")
        )
        for third in THIRDS
    ]
    return [
        _card(
            text["card_mi_adherence"],
            text.format("card_mi_adherence_value", adherent=coding.mi_adherent, non_adherent=coding.mi_non_adherent),
            _detail(text["card_mi_adherence_detail"]),
        ),
        _card(
            text["card_input"],
            _shown(readings["input_share"], text),
            _detail(text.format("card_input_detail", **{kind: coding.input_count(kind) for kind in L.INPUT_KINDS})),
            _detail(text["card_input_note"], "thresholds"),
        ),
        _card(
            text["card_change_talk"],
            _shown(readings["change_talk_share"], text),
            _too_few(readings["change_talk_share"], text),
            _detail(text.format("card_change_talk_detail", change=coding.change_talk, sustain=coding.sustain_talk)),
            *thirds,
        ),
        _card(
            text["card_sustain_answers"],
            _shown(readings["sustain_answered_by_reflection_share"], text),
            _too_few(readings["sustain_answered_by_reflection_share"], text),
            _detail(
                text.format(
                    "card_sustain_answers_detail",
                    reflection=coding.sustain_answered("reflection"),
                    input=coding.sustain_answered("input"),
                    other=coding.sustain_answered("other"),
                )
            ),
        ),
    ]


def _figure_cards(analysis: SessionAnalysis, text: ReportText) -> list[Html]:
    profile = analysis.profile
    balance, coding = profile.turn_balance, profile.coding
    therapist = balance.roles.get("therapist")
    client = balance.roles.get("client")

    def stat(stats: BalanceStats | None, attribute: str) -> float | None:
        return None if stats is None else getattr(stats, attribute)  # a role nobody holds has no figures

    cards = [
        _card(
            text["card_word_share"],
            text.percent(stat(therapist, "word_share")),
            _detail(text.format("card_client_share", value=text.percent(stat(client, "word_share")))),
        )
    ]
    if stat(therapist, "time_share") is not None:
        cards.append(
            _card(
                text["card_time_share"],
                text.percent(stat(therapist, "time_share")),
                _detail(text.format("card_client_share", value=text.percent(stat(client, "time_share")))),
            )
        )
    cards += [
        _card(
            text["card_questions"],
            str(coding.questions),
            _detail(text.format("card_questions_detail", open=coding.open_questions, closed=coding.closed_questions)),
        ),
        _card(
            text["card_reflections"],
            str(coding.reflections),
            _detail(text.format("card_reflections_detail", simple=coding.simple_reflections, complex=coding.complex_reflections)),
        ),
        _card(
            text["card_turns"],
            text.format("card_turns_value", therapist=0 if therapist is None else therapist.turns, client=0 if client is None else client.turns),
            _detail(text.format("card_turns_detail", switches=balance.switches)),
        ),
    ]
    if balance.interruptions is not None:
        cards.append(
            _card(
                text["card_interruptions"],
                str(balance.interruptions),
                _detail(
                    text.format(
                        "card_interruptions_detail",
                        therapist=stat(therapist, "interruptions") or 0,
                        client=stat(client, "interruptions") or 0,
                    )
                ),
            )
        )
    cards.append(
        _card(
            text["card_readability"],
            text.number(profile.readability.get("therapist")),
            _detail(text.format("card_readability_detail", client=text.number(profile.readability.get("client")))),
            _detail(text["readability_scale"], "thresholds"),
        )
    )
    return cards


def _speakers(analysis: SessionAnalysis, text: ReportText) -> Html:
    transcript, balance = analysis.transcript, analysis.profile.turn_balance
    headers = ("col_speaker", "col_role", "col_role_source", "col_utterances", "col_turns", "col_word_share")
    rows = []
    for speaker, role in transcript.roles.items():
        stats = balance.speakers.get(speaker)
        source = transcript.role_source.get(speaker)
        rows.append(
            element(
                "tr",
                {},
                element("th", {"scope": "row"}, speaker),
                element("td", {}, text[f"role_{role}"]),
                element("td", {}, text[f"role_source_{source}"] if source else "–"),
                element("td", {"class": "num"}, "–" if stats is None else str(stats.utterances)),
                element("td", {"class": "num"}, "–" if stats is None else str(stats.turns)),
                element("td", {"class": "num"}, text.percent(None if stats is None else stats.word_share)),
            )
        )
    return scrolling(
        element(
            "table",
            {"class": "speakers"},
            element("caption", {"class": "vh"}, text["speakers_heading"]),
            element("thead", {}, element("tr", {}, [element("th", {"scope": "col", "class": "num" if i > 2 else None}, text[h]) for i, h in enumerate(headers)])),
            element("tbody", {}, rows),
        ),
        text["speakers_heading"],
    )
