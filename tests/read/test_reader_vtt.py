"""Tests of the WebVTT reader on French subtitles: voices, labels, blocks, shared cue times, tags, entities, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyser.domain import Transcript
from analyser.errors import InputError
from analyser.read.registry import read_transcript
from analyser.read.vtt import read_vtt

from ..conftest import TEST_DATA

DATA = TEST_DATA
SOURCE = "seance-03.vtt"

Row = tuple[str, str, float | None, float | None, int | None, str | None]


def _read(data: bytes, source: str = SOURCE) -> Transcript:
    return read_vtt(data, source=source, session_id="s03")


def _rows(transcript: Transcript) -> list[Row]:
    return [(u.speaker, u.text, u.start, u.end, u.source_line, u.place) for u in transcript.utterances]


# snippet -> [(speaker, text, start, end, source_line, place), ...]
READER_CASES: list[tuple[str, bytes, list[Row]]] = [
    # --- voices ---
    (
        "voice",
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<v Thérapeute>Bonjour.</v>\n".encode(),
        [("Thérapeute", "Bonjour.", 1.0, 2.5, 3, "cue 1")],
    ),
    (
        "voice-without-closing-tag",
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<v Thérapeute>Bonjour.\n".encode(),
        [("Thérapeute", "Bonjour.", 1.0, 2.5, 3, "cue 1")],
    ),
    (
        "voice-with-class-and-two-words",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<v.loud.vite Cliente Martin>Non !\n",
        [("Cliente Martin", "Non !", 1.0, 2.5, 3, "cue 1")],
    ),
    (
        "voice-name-spaces",
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<v   Thérapeute  >Bonjour.\n".encode(),
        [("Thérapeute", "Bonjour.", 1.0, 2.5, 3, "cue 1")],
    ),
    (
        "two-voices-share-the-cue",
        b"WEBVTT\n\n00:00:00.000 --> 00:00:06.000\n<v T>Bonjour.</v><v P>Bonjour docteur.</v>\n",
        [("T", "Bonjour.", 0.0, 2.0, 3, "cue 1"), ("P", "Bonjour docteur.", 2.0, 6.0, 3, "cue 1")],
    ),
    (
        "voices-on-two-lines",
        b"WEBVTT\n\n00:00:00.000 --> 00:00:06.000\n<v T>Bonjour.\n<v P>Bonjour docteur.\n",
        [("T", "Bonjour.", 0.0, 2.0, 3, "cue 1"), ("P", "Bonjour docteur.", 2.0, 6.0, 3, "cue 1")],
    ),
    (
        "dialogue-dashes-in-voices",
        b"WEBVTT\n\n00:00:00.000 --> 00:00:06.000\n<v T>- Bonjour.</v>\n<v P>- Bonjour docteur.</v>\n",
        [("T", "Bonjour.", 0.0, 2.0, 3, "cue 1"), ("P", "Bonjour docteur.", 2.0, 6.0, 3, "cue 1")],
    ),
    (
        "voice-over-two-lines",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v P>Je dors mal\ndepuis janvier.</v>\n",
        [("P", "Je dors mal depuis janvier.", 1.0, 4.0, 3, "cue 1")],
    ),
    # --- labels and continuations without voices ---
    (
        "label-prefix",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nCliente : Oui.\n",
        [("Cliente", "Oui.", 1.0, 2.5, 3, "cue 1")],
    ),
    (
        "bracketed-speaker",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n[SPEAKER_01]: Oui.\n",
        [("SPEAKER_01", "Oui.", 1.0, 2.5, 3, "cue 1")],
    ),
    (
        "dash-dialogue-with-labels",
        b"WEBVTT\n\n00:00:00.000 --> 00:00:06.000\n- T : Bonjour.\n- P : Bonjour docteur.\n",
        [("T", "Bonjour.", 0.0, 2.0, 3, "cue 1"), ("P", "Bonjour docteur.", 2.0, 6.0, 3, "cue 1")],
    ),
    (
        "unvoiced-cue-continues-the-speaker",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v P>Je dors mal.\n\n00:00:02.500 --> 00:00:04.000\nDepuis janvier.\n",
        [("P", "Je dors mal.", 1.0, 2.0, 3, "cue 1"), ("P", "Depuis janvier.", 2.5, 4.0, 6, "cue 2")],
    ),
    (
        "label-after-voices",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v P>Oui.\n\n00:00:02.500 --> 00:00:04.000\nT : Bien.\n",
        [("P", "Oui.", 1.0, 2.0, 3, "cue 1"), ("T", "Bien.", 2.5, 4.0, 6, "cue 2")],
    ),
    (
        "no-speaker-at-all",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nBonjour.\n\n00:00:03.000 --> 00:00:04.000\nBonjour docteur.\n",
        [("inconnu", "Bonjour.", 1.0, 2.0, 3, "cue 1"), ("inconnu", "Bonjour docteur.", 3.0, 4.0, 6, "cue 2")],
    ),
    (
        "text-before-the-first-speaker",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nSeance 3.\n\n00:00:03.000 --> 00:00:04.000\n<v T>Bonjour.\n",
        [("inconnu", "Seance 3.", 1.0, 2.0, 3, "cue 1"), ("T", "Bonjour.", 3.0, 4.0, 6, "cue 2")],
    ),
    # --- times ---
    (
        "milliseconds",
        b"WEBVTT\n\n00:00:01.234 --> 00:00:02.567\n<v T>Bonjour.\n",
        [("T", "Bonjour.", 1.234, 2.567, 3, "cue 1")],
    ),
    (
        "minutes-and-seconds-only",
        b"WEBVTT\n\n01:02.500 --> 01:04.000\n<v T>Bonjour.\n",
        [("T", "Bonjour.", 62.5, 64.0, 3, "cue 1")],
    ),
    (
        "past-an-hour",
        b"WEBVTT\n\n01:00:00.001 --> 01:00:02.999\n<v T>Bonjour.\n",
        [("T", "Bonjour.", 3600.001, 3602.999, 3, "cue 1")],
    ),
    (
        "comma-before-milliseconds",
        b"WEBVTT\n\n00:00:01,250 --> 00:00:02,750\n<v T>Bonjour.\n",
        [("T", "Bonjour.", 1.25, 2.75, 3, "cue 1")],
    ),
    (
        "cue-settings",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000 align:start position:10% line:0\n<v T>Bonjour.\n",
        [("T", "Bonjour.", 1.0, 2.0, 3, "cue 1")],
    ),
    # --- header, blocks, identifiers ---
    (
        "header-text-and-metadata",
        "WEBVTT - Séance 3\nKind: captions\nLanguage: fr\n\n00:00:01.000 --> 00:00:02.000\n<v T>Bonjour.\n".encode(),
        [("T", "Bonjour.", 1.0, 2.0, 5, "cue 1")],
    ),
    (
        "identifiers",
        (
            b"WEBVTT\n\naccueil\n00:00:01.000 --> 00:00:02.000\n<v T>Bonjour.\n\n7\n00:00:03.000 --> 00:00:04.000\n<v P>Oui.\n\n"
            b"00:00:05.000 --> 00:00:06.000\n<v T>Bien.\n"
        ),
        [("T", "Bonjour.", 1.0, 2.0, 4, "cue accueil"), ("P", "Oui.", 3.0, 4.0, 8, "cue 7"), ("T", "Bien.", 5.0, 6.0, 11, "cue 3")],
    ),
    (
        "note-style-region-skipped",
        (
            b"WEBVTT\n\nSTYLE\n::cue { color: white }\n\nREGION\nid:bas\n\nNOTE relu par l'equipe\n\nNOTE\nsur deux\nlignes\n\n"
            b"00:00:01.000 --> 00:00:02.000\n<v T>Bonjour.\n\nNOTE entre deux cues\n\n00:00:03.000 --> 00:00:04.000\n<v P>Oui.\n"
        ),
        [("T", "Bonjour.", 1.0, 2.0, 15, "cue 1"), ("P", "Oui.", 3.0, 4.0, 20, "cue 2")],
    ),
    (
        "no-blank-line-after-header",
        b"WEBVTT\n00:00:01.000 --> 00:00:02.000\n<v T>Bonjour.\n",
        [("T", "Bonjour.", 1.0, 2.0, 2, "cue 1")],
    ),
    (
        "timing-line-in-cue-text-starts-a-cue",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v T>Bonjour.\n00:00:03.000 --> 00:00:04.000\n<v P>Oui.\n",
        [("T", "Bonjour.", 1.0, 2.0, 3, "cue 1"), ("P", "Oui.", 3.0, 4.0, 5, "cue 2")],
    ),
    (
        "blank-line-inside-a-cue",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v T>Bonjour.\n\nEntrez.\n\n00:00:05.000 --> 00:00:06.000\n<v P>Merci.\n",
        [("T", "Bonjour. Entrez.", 1.0, 4.0, 3, "cue 1"), ("P", "Merci.", 5.0, 6.0, 8, "cue 2")],
    ),
    # --- tags and character references ---
    (
        "class-italic-bold-underline",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v T><c.jaune>Bonjour</c>, <i>entrez</i> <b>donc</b> <u>ici</u>.\n",
        [("T", "Bonjour, entrez donc ici.", 1.0, 2.0, 3, "cue 1")],
    ),
    (
        "language-and-inline-times",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v T><lang fr>Prenez</lang> <00:00:02.000>votre <00:00:03.000>temps.\n",
        [("T", "Prenez votre temps.", 1.0, 4.0, 3, "cue 1")],
    ),
    (
        "ruby-annotation-dropped",
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v P>Le mot <ruby>漢<rt>kan</rt></ruby> veut dire Chine.\n".encode(),
        [("P", "Le mot 漢 veut dire Chine.", 1.0, 2.0, 3, "cue 1")],
    ),
    (
        "entities",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v P>Toi &amp; moi &lt;3&gt; caf&#233; l&#x2019;&eacute;t&eacute;&nbsp;!&lrm;&rlm;\n",
        [("P", "Toi & moi <3> café l’été\u00a0!", 1.0, 2.0, 3, "cue 1")],
    ),
    (
        "entity-in-voice-name",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Th&#233;rapeute>Bonjour.\n",
        [("Thérapeute", "Bonjour.", 1.0, 2.0, 3, "cue 1")],
    ),
    # --- line breaks and encodings ---
    (
        "crlf",
        b"WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\n<v T>Bonjour.\r\n\r\n00:00:03.000 --> 00:00:04.000\r\n<v P>Oui.\r\n",
        [("T", "Bonjour.", 1.0, 2.0, 3, "cue 1"), ("P", "Oui.", 3.0, 4.0, 6, "cue 2")],
    ),
    (
        "utf-8-bom",
        "\ufeffWEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Thérapeute>Bonjour.\n".encode(),
        [("Thérapeute", "Bonjour.", 1.0, 2.0, 3, "cue 1")],
    ),
    (
        "cp1252",
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Thérapeute>Où en êtes-vous ?\n".encode("cp1252"),
        [("Thérapeute", "Où en êtes-vous ?", 1.0, 2.0, 3, "cue 1")],
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), [case[1:] for case in READER_CASES], ids=[case[0] for case in READER_CASES])
def test_read_vtt(snippet: bytes, expected: list[Row]) -> None:
    assert _rows(_read(snippet)) == expected


# snippet -> a warning it gives, after "{source}: "
WARNING_CASES: list[tuple[str, bytes, str]] = [
    (
        "no-speaker-at-all",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nBonjour.\n",
        "no speaker label in this WebVTT file: every utterance is given to speaker 'inconnu'",
    ),
    (
        "text-before-the-first-speaker",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nSeance 3.\n\n00:00:03.000 --> 00:00:04.000\n<v T>Bonjour.\n",
        "cue 1: no speaker label before this cue: given to speaker 'inconnu'",
    ),
    (
        "blank-line-inside-a-cue",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v T>Bonjour.\n\nEntrez.\n",
        "line 6: text without a timing line, read as part of the cue before it",
    ),
    (
        "dash-line-without-label",
        b"WEBVTT\n\nbonjour\n00:00:00.000 --> 00:00:08.000\n- T : Bonjour.\n- Entrez donc.\n",
        "cue bonjour: a dialogue line without a speaker label is given to the previous speaker, T",
    ),
    (
        "end-before-start",
        b"WEBVTT\n\n00:00:04.000 --> 00:00:02.000\n<v T>Bonjour.\n",
        "cue 1: the time range ends before it starts (2 s < 4 s)",
    ),
    (
        "empty-cue",
        (
            b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v T>Bonjour.\n\n00:00:03.000 --> 00:00:04.000\n<i></i>\n\n"
            b"00:00:05.000 --> 00:00:06.000\n<v P>Oui.\n"
        ),
        "cue 2: T says nothing, utterance skipped",
    ),
]


@pytest.mark.parametrize(("snippet", "warning"), [case[1:] for case in WARNING_CASES], ids=[case[0] for case in WARNING_CASES])
def test_warnings(snippet: bytes, warning: str) -> None:
    warnings = _read(snippet).warnings
    assert any(w.startswith(f"{SOURCE}: {warning}") for w in warnings), warnings


def test_no_speaker_warns_once() -> None:
    snippet = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nBonjour.\n\n00:00:03.000 --> 00:00:04.000\n- Oui ?\n- Non.\n"
    assert len(_read(snippet).warnings) == 1


# snippet -> (place, part of the message)
ERROR_CASES: list[tuple[str, bytes, str, str]] = [
    ("empty", b"", "line 1", "empty file"),
    ("no-header", b"00:00:01.000 --> 00:00:02.000\n<v T>Bonjour.\n", "line 1", "the first line must be 'WEBVTT'"),
    ("header-glued-to-text", b"WEBVTTX\n\n00:00:01.000 --> 00:00:02.000\n<v T>Bonjour.\n", "line 1", "not a WebVTT file"),
    ("subrip-content", b"1\n00:00:01,000 --> 00:00:02,000\nT : Bonjour.\n", "line 1", "not a WebVTT file"),
    ("header-only", b"WEBVTT\n\nNOTE rien d'autre\n", "line 1", "no cue after the WEBVTT header"),
    ("no-milliseconds", b"WEBVTT\n\n00:00:01 --> 00:00:02\n<v T>Bonjour.\n", "line 3", "malformed timing line '00:00:01 --> 00:00:02'"),
    ("single-dash-arrow", b"WEBVTT\n\n00:00:01.000 -> 00:00:02.000\n<v T>Bonjour.\n", "line 3", "malformed timing line"),
    ("minutes-out-of-range", b"WEBVTT\n\n00:61:00.000 --> 00:62:00.000\n<v T>Bonjour.\n", "line 3", "malformed timing line"),
    ("letter-in-time", b"WEBVTT\n\n00:00:0x.000 --> 00:00:02.000\n<v T>Bonjour.\n", "line 3", "malformed timing line"),
    ("text-before-timing", b"WEBVTT\n\nBonjour.\n\n00:00:01.000 --> 00:00:02.000\n<v T>Bonjour.\n", "line 3", "cue text before any timing line: 'Bonjour.'"),
    ("identifier-then-text", b"WEBVTT\n\naccueil\n<v T>Bonjour.\n", "line 3", "cue text before any timing line"),
    ("text-after-note", b"WEBVTT\n\nNOTE relu\n\nT : Bonjour.\n", "line 5", "cue text before any timing line"),
    (
        "bad-second-cue",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v T>Bonjour.\n\n2\n00:00:03.000 --> 00:00:0x.000\n<v P>Oui.\n",
        "line 7",
        "malformed timing line",
    ),
]


@pytest.mark.parametrize(("snippet", "place", "message"), [case[1:] for case in ERROR_CASES], ids=[case[0] for case in ERROR_CASES])
def test_errors(snippet: bytes, place: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        _read(snippet)
    text = str(raised.value)
    assert "\n" not in text
    assert text.startswith(f"{SOURCE}: {place}: ")
    assert message in text


CONVERSATION: list[Row] = [
    ("Thérapeute", "Bonjour, qu'est-ce qui vous amène aujourd'hui ?", 0.0, 3.25, 8, "cue 1"),
    ("Cliente", "J'ai du mal à dormir depuis que j'ai changé de travail.", 3.5, 8.12, 12, "cue 2"),
    ("Thérapeute", "Vous dormez mal depuis ce changement.", 8.4, 11.0, 17, "cue 3"),
    ("Cliente", "Oui, je me réveille à trois heures et je pense au bureau.", 11.25, 16.48, 21, "cue 4"),
    ("Thérapeute", "Qu'est-ce que vous aimeriez changer en premier ?", 16.7, 20.305, 25, "cue 5"),
    ("Cliente", "Retrouver des nuits calmes, je crois.", 20.5, 24.9, 29, "cue 6"),
]

# fixture file -> rows
FILE_CASES: list[tuple[str, list[Row]]] = [
    ("conversation/conversation.vtt", CONVERSATION),
    (
        "vtt/voices.vtt",
        [
            ("Thérapeute", "Bonjour, entrez.", 0.0, 2.065, 17, "cue accueil"),
            ("Client", "Bonjour, merci.", 2.065, 4.0, 17, "cue accueil"),
            ("Client", "Je ne sais pas trop par où commencer…", 4.5, 7.969, 20, "cue 2"),
            ("Thérapeute", "Prenez votre temps.", 7.969, 9.75, 20, "cue 2"),
            ("Client", "J'ai l’impression de tourner en rond & de m'épuiser.", 10.0, 13.125, 26, "cue 3"),
            ("Thérapeute", "Vous tournez en rond depuis quand ?", 13.5, 16.0, 29, "cue 4"),
            ("Client", "Depuis l'été.", 16.25, 18.0, 32, "cue 5"),
            ("Client", "Surtout le soir.", 18.0, 19.5, 35, "cue 6"),
        ],
    ),
]


@pytest.mark.parametrize(("name", "expected"), FILE_CASES, ids=[case[0] for case in FILE_CASES])
def test_fixture_files(name: str, expected: list[Row]) -> None:
    path = DATA / name
    transcript = _read(path.read_bytes(), source=str(path))
    assert _rows(transcript) == expected
    assert dict(transcript.metadata) == {"format": "vtt", "encoding": "utf-8"}
    assert transcript.warnings == ()


def test_txt_holding_webvtt_is_read_as_vtt(tmp_path: Path) -> None:
    path = tmp_path / "seance.txt"
    path.write_bytes((DATA / "conversation" / "conversation.vtt").read_bytes())
    transcript = read_transcript(path)
    assert transcript.metadata["format"] == "vtt"
    assert _rows(transcript) == CONVERSATION
