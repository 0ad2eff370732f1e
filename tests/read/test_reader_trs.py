"""Tests of the Transcriber reader: turns, overlap turns, events and comments, speakers, encodings, errors."""

from __future__ import annotations

import pytest

from analyser.domain import OverlapSpan, Transcript
from analyser.errors import InputError
from analyser.read.transcriber import read_trs

from ..conftest import TEST_DATA

DATA = TEST_DATA
SOURCE = "seance.trs"

# (speaker, text, start, end, overlap)
Row = tuple[str, str, float | None, float | None, bool]

CONVERSATION: list[Row] = [
    ("Thérapeute", "Bonjour, qu'est-ce qui vous amène aujourd'hui ?", 0.0, 3.25, False),
    ("Cliente", "J'ai du mal à dormir depuis que j'ai changé de travail.", 3.5, 8.12, False),
    ("Thérapeute", "Vous dormez mal depuis ce changement.", 8.4, 11.0, False),
    ("Cliente", "Oui, je me réveille à trois heures et je pense au bureau.", 11.25, 16.48, False),
    ("Thérapeute", "Qu'est-ce que vous aimeriez changer en premier ?", 16.7, 20.305, False),
    ("Cliente", "Retrouver des nuits calmes, je crois.", 20.5, 24.9, False),
]

SEANCE_CHEVAUCHEMENTS: list[Row] = [
    ("Thérapeute", "alors euh comment s'est passée la semaine ?", 1.2, 5.8, False),
    ("Client", "plutôt mal je n'ai pas beaucoup dormi", 5.8, 9.4, False),
    ("Thérapeute", "ah", 9.4, 10.6, True),
    ("Client", "les nuits sont courtes vraiment courtes", 10.6, 14.0, False),
    ("Client", "et le matin je suis épuisé", 15.5, 18.25, True),
    ("Thérapeute", "hm hm d'accord", 15.5, 18.25, True),
    ("spk3", "excusez-moi je cherche la salle d'attente", 18.25, 20.0, False),
    ("spk4", "pardon", 20.0, 21.5, False),
    ("Thérapeute", "reprenons vous disiez que les nuits sont courtes", 21.5, 30.5, False),
]


def _read_file(name: str) -> Transcript:
    path = DATA / name
    return read_trs(path.read_bytes(), source=str(path), session_id=path.stem)


def _read(turns: str, *, speakers: str = '<Speaker id="spk1" name="Thérapeute"/><Speaker id="spk2" name="Client"/>') -> Transcript:
    document = f'<?xml version="1.0" encoding="UTF-8"?>\n<Trans>\n<Speakers>{speakers}</Speakers>\n<Episode><Section type="report">\n{turns}\n</Section></Episode>\n</Trans>\n'
    return read_trs(document.encode("utf-8"), source=SOURCE, session_id="seance")


def _rows(transcript: Transcript) -> list[Row]:
    return [(u.speaker, u.text, u.start, u.end, u.overlap) for u in transcript.utterances]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("conversation/conversation.trs", CONVERSATION),
        ("trs/seance_chevauchements.trs", SEANCE_CHEVAUCHEMENTS),
        (
            "trs/sans_declaration.trs",
            [
                ("Thérapeute", "qu’est-ce qui vous préoccupe ?", 0.0, 3.0, False),
                ("Cliente", "l’idée de reprendre le travail, ça m’angoisse", 3.0, 7.5, False),
            ],
        ),
    ],
    ids=["conversation-iso-8859-1", "overlaps-events-comments", "utf-8-without-declaration"],
)
def test_fixture_utterances(name: str, expected: list[Row]) -> None:
    assert _rows(_read_file(name)) == expected


@pytest.mark.parametrize(
    ("name", "metadata"),
    [
        ("conversation/conversation.trs", {"format": "trs", "encoding": "iso-8859-1", "speakers": {"spk1": "Thérapeute", "spk2": "Cliente"}}),
        ("trs/seance_chevauchements.trs", {"format": "trs", "encoding": "iso-8859-1", "speakers": {"spk1": "Thérapeute", "spk2": "Client", "spk4": "spk4"}}),
        ("trs/sans_declaration.trs", {"format": "trs", "encoding": "utf-8", "speakers": {"spk1": "Thérapeute", "spk2": "Cliente"}}),
    ],
    ids=["conversation", "empty-speaker-name", "no-declaration"],
)
def test_fixture_metadata(name: str, metadata: dict[str, object]) -> None:
    assert dict(_read_file(name).metadata) == metadata


def test_overlap_turns_give_one_span_each_even_when_a_speaker_only_laughs() -> None:
    assert _read_file("trs/seance_chevauchements.trs").overlaps == (
        OverlapSpan(("Thérapeute", "Client"), 9.4, 10.6),
        OverlapSpan(("Client", "Thérapeute"), 15.5, 18.25),
    )


def test_places_are_the_turns() -> None:
    transcript = _read_file("conversation/conversation.trs")
    assert [(u.source_line, u.place) for u in transcript.utterances[:2]] == [(10, "<Turn> at line 10"), (18, "<Turn> at line 18")]


def test_silences_and_empty_turns_are_skipped_without_warning_but_unknown_speakers_warn() -> None:
    path = DATA / "trs/seance_chevauchements.trs"
    assert _read_file("trs/seance_chevauchements.trs").warnings == (
        f"{path}: <Turn> at line 65: speaker 'spk3' is not listed in <Speakers>, its id is kept as its name",
    )


def test_talk_time_is_the_summed_single_speaker_turns() -> None:
    transcript = _read_file("trs/seance_chevauchements.trs")
    talk: dict[str, float] = {}
    for u in transcript.utterances:
        if not u.overlap:
            talk[u.speaker] = talk.get(u.speaker, 0.0) + (u.end or 0.0) - (u.start or 0.0)
    assert {name: round(seconds, 3) for name, seconds in talk.items()} == {"Thérapeute": 13.6, "Client": 7.0, "spk3": 1.75, "spk4": 1.5}


# turns -> (utterances, overlap spans, number of warnings)
SNIPPET_CASES: list[tuple[str, str, list[Row], list[OverlapSpan], int]] = [
    (
        "syncs-joined",
        '<Turn speaker="spk1" startTime="0" endTime="4"><Sync time="0"/>vous dites<Sync time="2"/>que ça va mieux</Turn>',
        [("Thérapeute", "vous dites que ça va mieux", 0.0, 4.0, False)],
        [],
        0,
    ),
    (
        "event-and-comment-desc-are-not-text",
        ('<Turn speaker="spk2" startTime="0" endTime="3"><Sync time="0"/><Event desc="toux" type="noise" extent="instantaneous"/>'
         'oui<Comment desc="chuchote"/>un peu</Turn>'),
        [("Client", "oui un peu", 0.0, 3.0, False)],
        [],
        0,
    ),
    (
        "turn-without-speaker-holds-text",
        '<Turn startTime="0" endTime="2"><Sync time="0"/>musique</Turn><Turn speaker="spk1" startTime="2" endTime="3"><Sync time="2"/>bien</Turn>',
        [("Thérapeute", "bien", 2.0, 3.0, False)],
        [],
        0,
    ),
    (
        "who-across-syncs",
        ('<Turn speaker="spk1 spk2" startTime="1" endTime="3"><Sync time="1"/><Who nb="1"/>et vous<Who nb="2"/>non'
         '<Sync time="2"/><Who nb="2"/>jamais<Who nb="1"/>jamais ?</Turn>'),
        [("Thérapeute", "et vous jamais ?", 1.0, 3.0, True), ("Client", "non jamais", 1.0, 3.0, True)],
        [OverlapSpan(("Thérapeute", "Client"), 1.0, 3.0)],
        0,
    ),
    (
        "overlap-without-any-text",
        ('<Turn speaker="spk1" startTime="0" endTime="1"><Sync time="0"/>bon</Turn>'
         '<Turn speaker="spk2 spk1" startTime="1" endTime="2"><Sync time="1"/><Who nb="1"/><Who nb="2"/></Turn>'),
        [("Thérapeute", "bon", 0.0, 1.0, False)],
        [OverlapSpan(("Client", "Thérapeute"), 1.0, 2.0)],
        0,
    ),
    (
        "text-before-who-goes-to-the-first-speaker",
        '<Turn speaker="spk2 spk1" startTime="0" endTime="2"><Sync time="0"/>alors<Who nb="1"/>je disais<Who nb="2"/>oui</Turn>',
        [("Client", "alors je disais", 0.0, 2.0, True), ("Thérapeute", "oui", 0.0, 2.0, True)],
        [OverlapSpan(("Client", "Thérapeute"), 0.0, 2.0)],
        1,
    ),
    (
        "three-speakers",
        '<Turn speaker="spk1 spk2 spk3" startTime="0" endTime="2"><Sync time="0"/><Who nb="3"/>pardon<Who nb="1"/>entrez</Turn>',
        [("Thérapeute", "entrez", 0.0, 2.0, True), ("spk3", "pardon", 0.0, 2.0, True)],
        [OverlapSpan(("Thérapeute", "Client", "spk3"), 0.0, 2.0)],
        1,  # spk3 is not in <Speakers>
    ),
    (
        "speaker-listed-twice",
        '<Turn speaker="spk2 spk2" startTime="0" endTime="1"><Sync time="0"/><Who nb="1"/>certainement<Who nb="2"/>hm hm</Turn>',
        [("Client", "certainement", 0.0, 1.0, True), ("Client", "hm hm", 0.0, 1.0, True)],
        [OverlapSpan(("Client",), 0.0, 1.0)],
        1,
    ),
]


@pytest.mark.parametrize(("turns", "expected", "spans", "warnings"), [c[1:] for c in SNIPPET_CASES], ids=[c[0] for c in SNIPPET_CASES])
def test_turn_snippets(turns: str, expected: list[Row], spans: list[OverlapSpan], warnings: int) -> None:
    transcript = _read(turns)
    assert (_rows(transcript), list(transcript.overlaps), len(transcript.warnings)) == (expected, spans, warnings)


def test_text_before_who_warning_names_the_turn() -> None:
    transcript = _read('<Turn speaker="spk2 spk1" startTime="0" endTime="2"><Sync time="0"/>alors<Who nb="1"/>oui</Turn>')
    assert transcript.warnings == (f"{SOURCE}: <Turn> at line 5: text before any <Who> in an overlap turn, given to its first speaker",)


@pytest.mark.parametrize(
    ("turns", "place", "message"),
    [
        ('<Turn speaker="spk1" endTime="2"><Sync time="0"/>oui</Turn>', "<Turn> at line 5", "the turn has no startTime"),
        ('<Turn speaker="spk1" startTime="0" endTime="nan"><Sync time="0"/>oui</Turn>', "<Turn> at line 5", "endTime='nan' is not a number"),
        ('<Turn startTime="0,5" endTime="2"><Sync time="0"/></Turn>', "<Turn> at line 5", "startTime='0,5' is not a number"),
        (
            '<Turn speaker="spk1 spk2" startTime="0" endTime="2"><Sync time="0"/>\n<Who nb="un"/>oui</Turn>',
            "<Who> at line 6",
            "nb='un' is not a speaker number",
        ),
        ('<Turn speaker="spk1" startTime="0" endTime="2"><Sync time="0"/><Who nb="2"/>oui</Turn>', "<Who> at line 5", "nb='2' names no speaker"),
        ('<Turn speaker="spk1" startTime="0" endTime="2"><Sync time="0"/></Turn>', None, "no speech found"),
    ],
    ids=["missing-start", "nan-end", "decimal-comma", "who-not-a-number", "who-in-single-turn", "no-text"],
)
def test_malformed_snippets_raise_one_line_naming_the_element(turns: str, place: str | None, message: str) -> None:
    with pytest.raises(InputError) as info:
        _read(turns)
    text = str(info.value)
    assert text.startswith(f"{SOURCE}: {place}: " if place else f"{SOURCE}: ") and message in text and "\n" not in text


@pytest.mark.parametrize(
    ("data", "place"),
    [
        (b'<?xml version="1.0"?>\n<ANNOTATION_DOCUMENT/>\n', "line 2"),
        (b"", None),
    ],
    ids=["wrong-root", "empty"],
)
def test_not_a_transcriber_file(data: bytes, place: str | None) -> None:
    with pytest.raises(InputError) as info:
        read_trs(data, source=SOURCE, session_id="seance")
    assert info.value.source == SOURCE and info.value.place == place
