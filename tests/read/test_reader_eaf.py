"""Tests of the ELAN reader: tiers and participants, time slots, dependent tiers, ordering, errors."""

from __future__ import annotations

import pytest

from analyser.domain import Transcript
from analyser.errors import InputError
from analyser.read.elan import read_eaf

from ..conftest import TEST_DATA

DATA = TEST_DATA
SOURCE = "seance.eaf"

# (speaker, text, start, end)
Row = tuple[str, str, float | None, float | None]

CONVERSATION: list[Row] = [
    ("Thérapeute", "Bonjour, qu'est-ce qui vous amène aujourd'hui ?", 0.0, 3.25),
    ("Cliente", "J'ai du mal à dormir depuis que j'ai changé de travail.", 3.5, 8.12),
    ("Thérapeute", "Vous dormez mal depuis ce changement.", 8.4, 11.0),
    ("Cliente", "Oui, je me réveille à trois heures et je pense au bureau.", 11.25, 16.48),
    ("Thérapeute", "Qu'est-ce que vous aimeriez changer en premier ?", 16.7, 20.305),
    ("Cliente", "Retrouver des nuits calmes, je crois.", 20.5, 24.9),
]

PARTICIPANTS: list[Row] = [
    ("Thérapeute", "Qu’est-ce qui vous amène ?", 0.5, 4.2),
    ("Client", "Mon frère ne me parle plus depuis Noël, et ça me pèse.", 4.0, 9.75),  # overlaps the question
     ("Thérapeute", "Hm hm.", 6.1, 6.9),  # inside the client's annotation
     ("Client", "Voilà, c’est tout.", 10.0, None),  # its end slot is unaligned
     ("Thérapeute", "Vous avez envie d’en parler ?", 15.0, 18.5),  # same start: tier order
     ("Client", "Oui.", 15.0, 16.0),
    ("Observatrice", "Je vous laisse quelques minutes.", 16.0, 17.2),  # no PARTICIPANT: the TIER_ID
 ]


def _read_file(name: str) -> Transcript:
    path = DATA / name
    return read_eaf(path.read_bytes(), source=str(path), session_id=path.stem)


def _annotation(identifier: str, first: str, last: str, text: str) -> str:
    return (
        f'<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="{identifier}" TIME_SLOT_REF1="{first}" TIME_SLOT_REF2="{last}">'
        f"<ANNOTATION_VALUE>{text}</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>"
    )


def _read(slots: str, tiers: str) -> Transcript:
    document = f'<?xml version="1.0" encoding="UTF-8"?>\n<ANNOTATION_DOCUMENT>\n<HEADER TIME_UNITS="milliseconds"/>\n<TIME_ORDER>{slots}</TIME_ORDER>\n{tiers}\n</ANNOTATION_DOCUMENT>\n'
    return read_eaf(document.encode("utf-8"), source=SOURCE, session_id="seance")


def _rows(transcript: Transcript) -> list[Row]:
    return [(u.speaker, u.text, u.start, u.end) for u in transcript.utterances]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("conversation/conversation.eaf", CONVERSATION), ("eaf/participants.eaf", PARTICIPANTS)],
    ids=["conversation", "participants-dependent-tier-overlaps"],
)
def test_fixture_utterances(name: str, expected: list[Row]) -> None:
    assert _rows(_read_file(name)) == expected


def test_metadata_and_places() -> None:
    transcript = _read_file("eaf/participants.eaf")
    first = transcript.utterances[0]
    assert (dict(transcript.metadata), first.source_line, first.place, first.overlap) == (
        {"format": "eaf", "encoding": "utf-8"},
        25,
        "<ALIGNABLE_ANNOTATION> at line 25",
        False,
    )


def test_empty_annotation_is_skipped_with_a_warning() -> None:
    path = DATA / "eaf/participants.eaf"
    assert _read_file("eaf/participants.eaf").warnings == (f"{path}: <ALIGNABLE_ANNOTATION> at line 66: Observatrice says nothing, utterance skipped",)


SLOTS = '<TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="0"/><TIME_SLOT TIME_SLOT_ID="ts2"/><TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="3000"/><TIME_SLOT TIME_SLOT_ID="ts4" TIME_VALUE="1500.4"/>'

# tiers -> utterances, with SLOTS: ts1 = 0 s, ts2 unaligned (after 0 s), ts3 = 3 s, ts4 = 1.5004 s
SNIPPET_CASES: list[tuple[str, str, list[Row]]] = [
    (
        "participant-names-the-speaker",
        f'<TIER TIER_ID="T" PARTICIPANT="Mme Durand">{_annotation("a1", "ts1", "ts3", "Bonjour.")}</TIER>',
        [("Mme Durand", "Bonjour.", 0.0, 3.0)],
    ),
    (
        "blank-participant-falls-back-to-tier-id",
        f'<TIER TIER_ID="Patient" PARTICIPANT=" ">{_annotation("a1", "ts1", "ts3", "Bonjour.")}</TIER>',
        [("Patient", "Bonjour.", 0.0, 3.0)],
    ),
    (
        "fractional-milliseconds",
        f'<TIER TIER_ID="T">{_annotation("a1", "ts4", "ts3", "Allez-y.")}</TIER>',
        [("T", "Allez-y.", 1.5, 3.0)],
    ),
    (
        "unaligned-start-sorts-after-the-aligned-slot-before-it",
        (f'<TIER TIER_ID="C">{_annotation("a2", "ts4", "ts3", "ensuite")}</TIER>'
         f'<TIER TIER_ID="T">{_annotation("a1", "ts2", "ts3", "d’abord")}</TIER>'),
        [("T", "d’abord", None, 3.0), ("C", "ensuite", 1.5, 3.0)],
    ),
    (
        "dependent-tier-skipped",
        (f'<TIER TIER_ID="T">{_annotation("a1", "ts1", "ts3", "On commence ?")}</TIER>'
         f'<TIER TIER_ID="T-mots" PARENT_REF="T">{_annotation("a2", "ts1", "ts2", "On")}</TIER>'),
        [("T", "On commence ?", 0.0, 3.0)],
    ),
    (
        "two-tiers-one-participant",
        (f'<TIER TIER_ID="T-a" PARTICIPANT="Thérapeute">{_annotation("a1", "ts1", "ts4", "Bon.")}</TIER>'
         f'<TIER TIER_ID="T-b" PARTICIPANT="Thérapeute">{_annotation("a2", "ts4", "ts3", "Reprenons.")}</TIER>'),
        [("Thérapeute", "Bon.", 0.0, 1.5), ("Thérapeute", "Reprenons.", 1.5, 3.0)],
    ),
]


@pytest.mark.parametrize(("tiers", "expected"), [c[1:] for c in SNIPPET_CASES], ids=[c[0] for c in SNIPPET_CASES])
def test_tier_snippets(tiers: str, expected: list[Row]) -> None:
    assert _rows(_read(SLOTS, tiers)) == expected


@pytest.mark.parametrize(
    ("tiers", "place", "message"),
    [
        (
            ('<TIER TIER_ID="T"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1">'
             "<ANNOTATION_VALUE>Oui.</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER>"),
            "<ALIGNABLE_ANNOTATION> at line 5",
            "the annotation has no TIME_SLOT_REF2",
        ),
        (f'<TIER TIER_ID="T">{_annotation("a1", "ts1", "ts7", "Oui.")}</TIER>', "<ALIGNABLE_ANNOTATION> at line 5", "TIME_SLOT_REF2='ts7' names no TIME_SLOT"),
        (f'<TIER TIER_ID="T" PARENT_REF="X">{_annotation("a1", "ts1", "ts3", "Oui.")}</TIER>', "line 2", "no top-level tier"),
        (f'<TIER TIER_ID="T">{_annotation("a1", "ts1", "ts3", " ")}</TIER>', None, "no speech found"),
    ],
    ids=["missing-ref", "unknown-end-slot", "only-dependent-tiers", "only-empty-annotations"],
)
def test_malformed_snippets_raise_one_line_naming_the_element(tiers: str, place: str | None, message: str) -> None:
    with pytest.raises(InputError) as info:
        _read(SLOTS, tiers)
    text = str(info.value)
    assert text.startswith(f"{SOURCE}: {place}: " if place else f"{SOURCE}: ") and message in text and "\n" not in text


def test_non_finite_time_value_is_refused() -> None:
    with pytest.raises(InputError) as info:
        _read('<TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="inf"/>', "")
    assert str(info.value) == f"{SOURCE}: <TIME_SLOT> at line 4: TIME_VALUE='inf' is not a number of milliseconds"


def test_wrong_root_is_refused() -> None:
    with pytest.raises(InputError) as info:
        read_eaf(b"<Trans/>", source=SOURCE, session_id="seance")
    assert (info.value.source, info.value.place) == (SOURCE, "line 1")
