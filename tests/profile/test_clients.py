"""Each client's figures in a family session: measured from the utterances, in JSON, the text output and the HTML page."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import lxml.html
import pytest

from analyser.domain import CodedUtterance, Transcript, Utterance
from analyser.profile.clients import measure_clients
from analyser.profile.miti import measure_coding
from analyser.profile.turn_balance import measure_turn_balance
from analyser.render.html.session import render_session_page
from analyser.render.text import render_session

from ..sessions_by_hand import session, turn

# A family session written for this test: (speaker, role, text, client talk as coded).
FAMILY = [
    ("Thérapeute", "therapist", "Qu'est-ce qui vous amène tous les deux ?", None),
    ("Mère", "client", "Les écrans, il joue jusqu'à deux heures du matin.", "neutral"),
    ("Lucas", "client", "J'ai pas envie d'arrêter de jouer.", "sustain"),
    ("Thérapeute", "therapist", "Jouer compte beaucoup pour vous.", None),
    ("Lucas", "client", "Mais je suis crevé le matin, je pourrais arrêter à minuit.", "change"),
    ("Mère", "client", "Je vais arrêter de lui rappeler toutes les dix minutes.", "change"),
    ("Lucas", "client", "Si je choisis l'heure, je vais essayer.", "change"),
    ("Mère", "client", "Je veux qu'il aille mieux.", "change"),
    ("Lucas", "client", "Je garde quand même mon téléphone.", "sustain"),
    ("Thérapeute", "therapist", "C'est vous deux qui décidez.", None),
    ("Mère", "client", "D'accord.", "neutral"),
    ("Lucas", "client", "Ouais.", "neutral"),
]


def _transcript(turns: list[tuple[str, str, str, str | None]]) -> Transcript:
    utterances = tuple(Utterance(i, speaker, role, text, source_line=i + 1) for i, (speaker, role, text, _) in enumerate(turns))  # type: ignore[arg-type]
    return Transcript("famille", "famille.txt", utterances, role_source=MappingProxyType({u.speaker: "label" for u in utterances}))


def _coded(turns: list[tuple[str, str, str, str | None]]) -> tuple[CodedUtterance, ...]:
    transcript = _transcript(turns)
    return tuple(CodedUtterance(u, len(u.text.split()), client_talk=talk) for u, (*_, talk) in zip(transcript.utterances, turns, strict=True))


def _measured(turns: list[tuple[str, str, str, str | None]]):
    transcript, coded = _transcript(turns), _coded(turns)
    return measure_clients(transcript, coded, measure_turn_balance(transcript, [c.words for c in coded]))


def _expected(turns: list[tuple[str, str, str, str | None]], speaker: str) -> dict[str, object]:
    """What the figures must be, counted from the turns themselves."""
    words = {s: sum(len(text.split()) for who, _, text, _ in turns if who == s) for s, *_ in turns}
    clients_words = sum(count for s, count in words.items() if any(who == s and role == "client" for who, role, *_ in turns))
    mine = [talk for who, _, _, talk in turns if who == speaker]
    return {
        "utterances": len(mine),
        "words": words[speaker],
        "word_share": words[speaker] / sum(words.values()),
        "clients_word_share": words[speaker] / clients_words,
        "change_talk": mine.count("change"),
        "sustain_talk": mine.count("sustain"),
    }


@pytest.mark.parametrize("speaker", ["Mère", "Lucas"])
def test_each_client_s_figures_come_from_their_own_utterances(speaker: str) -> None:
    figures = _measured(FAMILY)[speaker]
    expected = _expected(FAMILY, speaker)
    assert {name: getattr(figures, name) for name in expected} == pytest.approx(expected)
    whole = figures.change_talk + figures.sustain_talk
    assert figures.change_talk_share.value == pytest.approx(figures.change_talk / whole)
    assert figures.change_talk_share.count == whole
    assert figures.time_share is None  # no times in this session


def test_the_clients_together_are_the_session_s_client_figures() -> None:
    clients = _measured(FAMILY)
    coding = measure_coding(_coded(FAMILY))
    assert list(clients) == ["Mère", "Lucas"]  # in order of first appearance
    assert sum(c.change_talk for c in clients.values()) == coding.change_talk
    assert sum(c.sustain_talk for c in clients.values()) == coding.sustain_talk
    assert sum(c.clients_word_share for c in clients.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "turns",
    [
        [("Thérapeute", "therapist", "Qu'est-ce qui vous amène ?", None), ("Patiente", "client", "Je veux arrêter de fumer.", "change")],
        [("Thérapeute", "therapist", "Bonjour.", None), ("Patient", "client", "Bonjour.", "neutral"), ("Interprète", "other", "Il dit bonjour.", None)],
    ],
    ids=["one client", "one client and an interpreter"],
)
def test_one_client_has_no_breakdown(turns) -> None:
    assert dict(_measured(turns)) == {}


def test_a_client_with_few_codes_is_too_few_to_conclude() -> None:
    figures = _measured(FAMILY)
    mother = figures["Mère"].change_talk_share  # 2 change talk, no sustain talk: 100 %, on two utterances
    assert (mother.value, mother.count, mother.too_few) == (1.0, 2, True)
    many = FAMILY + [("Mère", "client", "Je vais essayer autre chose.", "change")] * 3
    assert _measured(many)["Mère"].change_talk_share.too_few is False


def test_the_json_profile_holds_each_client() -> None:
    figures = _measured(FAMILY)
    data = {speaker: client.to_dict() for speaker, client in figures.items()}
    assert set(data) == {"Mère", "Lucas"}
    assert set(data["Lucas"]) == {
        "utterances", "turns", "words", "word_share", "clients_word_share", "time_share", "change_talk", "sustain_talk", "change_talk_share",
    }
    assert set(data["Lucas"]["change_talk_share"]) == {"value", "band", "fair", "good", "source", "count", "minimum"}


def _by_hand(turns: list[tuple[str, str, str, str | None]]):
    """The session analysed by hand, without the model (its client talk is set by `_family_analysis`)."""
    return session([turn(speaker, role, text) for speaker, role, text, _ in turns])


def _family_analysis():
    analysis = _by_hand(FAMILY)
    coded = tuple(dataclasses.replace(c, client_talk=talk) for c, (*_, talk) in zip(analysis.utterances, FAMILY, strict=True))
    profile = dataclasses.replace(
        analysis.profile,
        coding=measure_coding(coded),
        clients=measure_clients(analysis.transcript, coded, analysis.profile.turn_balance),
    )
    return dataclasses.replace(analysis, utterances=coded, profile=profile)


@pytest.mark.parametrize(
    ("lang", "heading", "lucas"),
    [
        ("fr", "Les clients un par un (2 ;", "  Lucas : {words} mots ({share} des mots des clients"),
        ("en", "Clients one by one (2;", "  Lucas: {words} words ({share} of the clients' words"),
    ],
)
def test_the_text_output_has_a_line_per_client(lang: str, heading: str, lucas: str) -> None:
    analysis = _family_analysis()
    text = render_session(analysis, lang=lang)
    figures = analysis.profile.clients["Lucas"]
    share = f"{round(figures.clients_word_share * 100)}{' %' if lang == 'fr' else '%'}".replace(" ", "\u00a0")
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    assert [line.split(":" if lang == "en" else " :")[0].strip() for line in lines[start + 1 : start + 3]] == ["Mère", "Lucas"]
    assert lines[start + 2].startswith(lucas.format(words=figures.words, share=share))
    assert f"{figures.change_talk}" in lines[start + 2] and f"{figures.sustain_talk}" in lines[start + 2]


def test_the_text_output_of_one_client_has_no_such_block() -> None:
    two = _by_hand(FAMILY[:2])
    assert "un par un" not in render_session(two, lang="fr")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_session_page_has_a_row_per_client(lang: str) -> None:
    analysis = _family_analysis()
    page = lxml.html.fromstring(render_session_page(analysis, lang=lang))
    (table,) = page.xpath("//section[@id='profile']//table[contains(@class, 'clients')]")
    rows = table.xpath("./tbody/tr")
    assert [row.xpath("string(./th)") for row in rows] == ["Mère", "Lucas"]
    cells = {row.xpath("string(./th)"): [td.text_content() for td in row.xpath("./td")] for row in rows}
    for speaker, figures in analysis.profile.clients.items():
        assert cells[speaker][:2] == [str(figures.utterances), str(figures.words)]
        assert cells[speaker][4:6] == [str(figures.change_talk), str(figures.sustain_talk)]
    # In a table that scrolls on its own: the page never scrolls sideways on a phone.
    assert table.getparent().get("class") == "table-scroll"


def test_the_session_page_of_one_client_has_no_client_table() -> None:
    two = _by_hand(FAMILY[:2])
    assert not lxml.html.fromstring(render_session_page(two, lang="fr")).xpath("//table[contains(@class, 'clients')]")
