"""Tests of the SubRip reader on French subtitles: speakers, dash dialogue, shared cue times, tags, encodings, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyser.domain import Transcript
from analyser.errors import InputError
from analyser.read.registry import read_transcript
from analyser.read.srt import read_srt

from ..conftest import TEST_DATA

DATA = TEST_DATA
SOURCE = "seance-02.srt"

Row = tuple[str, str, float | None, float | None, int | None, str | None]


def _read(data: bytes, source: str = SOURCE) -> Transcript:
    return read_srt(data, source=source, session_id="s02")


def _rows(transcript: Transcript) -> list[Row]:
    return [(u.speaker, u.text, u.start, u.end, u.source_line, u.place) for u in transcript.utterances]


# snippet -> [(speaker, text, start, end, source_line, place), ...]
READER_CASES: list[tuple[str, bytes, list[Row]]] = [
    # --- speaker labels ---
    (
        "label-colon",
        "1\n00:00:01,000 --> 00:00:02,500\nThérapeute: Bonjour.\n".encode(),
        [("Thérapeute", "Bonjour.", 1.0, 2.5, 1, "cue 1")],
    ),
    (
        "label-space-colon",
        b"1\n00:00:01,000 --> 00:00:02,500\nCliente : Je dors mal.\n",
        [("Cliente", "Je dors mal.", 1.0, 2.5, 1, "cue 1")],
    ),
    (
        "label-nbsp-colon",
        "1\n00:00:01,000 --> 00:00:02,500\nCliente\u00a0: Je dors mal.\n".encode(),
        [("Cliente", "Je dors mal.", 1.0, 2.5, 1, "cue 1")],
    ),
    (
        "bracketed-speaker",
        b"1\n00:00:01,000 --> 00:00:02,500\n[SPEAKER_00]: Bonjour a tous.\n",
        [("SPEAKER_00", "Bonjour a tous.", 1.0, 2.5, 1, "cue 1")],
    ),
    (
        "bare-speaker-id",
        b"1\n00:00:01,000 --> 00:00:02,500\nSPEAKER_01: Oui, d'accord.\n",
        [("SPEAKER_01", "Oui, d'accord.", 1.0, 2.5, 1, "cue 1")],
    ),
    (
        "colon-in-speech",
        b"1\n00:00:01,000 --> 00:00:02,500\nT : Il m'a dit : non.\n",
        [("T", "Il m'a dit : non.", 1.0, 2.5, 1, "cue 1")],
    ),
    # --- times ---
    (
        "milliseconds",
        b"1\n00:00:01,234 --> 00:00:02,567\nT : Bonjour.\n",
        [("T", "Bonjour.", 1.234, 2.567, 1, "cue 1")],
    ),
    (
        "dot-before-milliseconds",
        b"1\n00:00:01.250 --> 00:00:02.750\nT : Bonjour.\n",
        [("T", "Bonjour.", 1.25, 2.75, 1, "cue 1")],
    ),
    (
        "short-fraction-is-decimal",
        b"1\n00:00:01,5 --> 00:00:02,25\nT : Bonjour.\n",
        [("T", "Bonjour.", 1.5, 2.25, 1, "cue 1")],
    ),
    (
        "hours",
        b"1\n01:02:03,004 --> 01:02:05,000\nT : Bonjour.\n",
        [("T", "Bonjour.", 3723.004, 3725.0, 1, "cue 1")],
    ),
    (
        "position-after-timing",
        b"1\n00:00:01,000 --> 00:00:02,000 X1:100 X2:600 Y1:10 Y2:50\nT : Bonjour.\n",
        [("T", "Bonjour.", 1.0, 2.0, 1, "cue 1")],
    ),
    # --- places and lines ---
    (
        "index-as-written",
        b"12\n00:00:01,000 --> 00:00:02,000\nT : Bonjour.\n\n13\n00:00:03,000 --> 00:00:04,000\nP : Bonjour.\n",
        [("T", "Bonjour.", 1.0, 2.0, 1, "cue 12"), ("P", "Bonjour.", 3.0, 4.0, 5, "cue 13")],
    ),
    (
        "no-index",
        b"00:00:01,000 --> 00:00:02,000\nT : Bonjour.\n\n00:00:03,000 --> 00:00:04,000\nP : Bonjour.\n",
        [("T", "Bonjour.", 1.0, 2.0, 1, "cue 1"), ("P", "Bonjour.", 3.0, 4.0, 4, "cue 2")],
    ),
    (
        "leading-blank-lines",
        b"\n\n1\n00:00:01,000 --> 00:00:02,000\nT : Bonjour.\n",
        [("T", "Bonjour.", 1.0, 2.0, 3, "cue 1")],
    ),
    (
        "several-blank-lines-between-cues",
        b"1\n00:00:01,000 --> 00:00:02,000\nT : Bonjour.\n\n\n\n2\n00:00:03,000 --> 00:00:04,000\nP : Bonjour.\n",
        [("T", "Bonjour.", 1.0, 2.0, 1, "cue 1"), ("P", "Bonjour.", 3.0, 4.0, 7, "cue 2")],
    ),
    # --- continuations ---
    (
        "cue-on-two-lines",
        b"1\n00:00:01,000 --> 00:00:04,000\nT : Je vous ecoute,\nprenez votre temps.\n",
        [("T", "Je vous ecoute, prenez votre temps.", 1.0, 4.0, 1, "cue 1")],
    ),
    (
        "unlabelled-cue-continues-the-speaker",
        b"1\n00:00:01,000 --> 00:00:02,000\nCliente : Je dors mal.\n\n2\n00:00:02,500 --> 00:00:04,000\nDepuis janvier.\n",
        [("Cliente", "Je dors mal.", 1.0, 2.0, 1, "cue 1"), ("Cliente", "Depuis janvier.", 2.5, 4.0, 5, "cue 2")],
    ),
    (
        "blank-line-inside-a-cue",
        b"1\n00:00:01,000 --> 00:00:04,000\nT : Bonjour.\n\nEntrez.\n\n2\n00:00:05,000 --> 00:00:06,000\nP : Merci.\n",
        [("T", "Bonjour. Entrez.", 1.0, 4.0, 1, "cue 1"), ("P", "Merci.", 5.0, 6.0, 7, "cue 2")],
    ),
    # --- several speakers in one cue: the time is shared by characters ---
    (
        "dash-dialogue",
        b"1\n00:00:00,000 --> 00:00:06,000\n- T : Bonjour.\n- P : Bonjour docteur.\n",
        [("T", "Bonjour.", 0.0, 2.0, 1, "cue 1"), ("P", "Bonjour docteur.", 2.0, 6.0, 1, "cue 1")],
    ),
    (
        "en-dash-dialogue",
        "1\n00:00:00,000 --> 00:00:06,000\n– T : Bonjour.\n– P : Bonjour docteur.\n".encode(),
        [("T", "Bonjour.", 0.0, 2.0, 1, "cue 1"), ("P", "Bonjour docteur.", 2.0, 6.0, 1, "cue 1")],
    ),
    (
        "labels-without-dashes",
        "1\n00:00:00,000 --> 00:00:11,000\nT : Ça va ?\nP : Oui.\n".encode(),
        [("T", "Ça va ?", 0.0, 7.0, 1, "cue 1"), ("P", "Oui.", 7.0, 11.0, 1, "cue 1")],
    ),
    (
        "three-speakers",
        b"1\n00:00:10,000 --> 00:00:13,000\n- A : Oui.\n- B : Non.\n- C : Bof.\n",
        [("A", "Oui.", 10.0, 11.0, 1, "cue 1"), ("B", "Non.", 11.0, 12.0, 1, "cue 1"), ("C", "Bof.", 12.0, 13.0, 1, "cue 1")],
    ),
    (
        "dash-line-without-label-stays-with-the-speaker",
        b"1\n00:00:00,000 --> 00:00:08,000\n- T : Bonjour.\n- Entrez donc.\n",
        [("T", "Bonjour.", 0.0, 3.2, 1, "cue 1"), ("T", "Entrez donc.", 3.2, 8.0, 1, "cue 1")],
    ),
    (
        "negative-number-is-not-a-dash",
        b"1\n00:00:00,000 --> 00:00:02,000\nP : Il faisait\n-5 degres.\n",
        [("P", "Il faisait -5 degres.", 0.0, 2.0, 1, "cue 1")],
    ),
    # --- formatting tags ---
    (
        "italic-bold-underline",
        b"1\n00:00:01,000 --> 00:00:02,000\n<i>T :</i> <b>Bonjour</b>, <u>entrez</u>.\n",
        [("T", "Bonjour, entrez.", 1.0, 2.0, 1, "cue 1")],
    ),
    (
        "upper-case-tags",
        b"1\n00:00:01,000 --> 00:00:02,000\n<I>T : Bonjour.</I>\n",
        [("T", "Bonjour.", 1.0, 2.0, 1, "cue 1")],
    ),
    (
        "font-colour",
        b'1\n00:00:01,000 --> 00:00:02,000\nP : <font color="#ffff00">Oui</font>, merci.\n',
        [("P", "Oui, merci.", 1.0, 2.0, 1, "cue 1")],
    ),
    (
        "position-override",
        b"1\n00:00:01,000 --> 00:00:02,000\n{\\an8}T : En haut de l'image.\n",
        [("T", "En haut de l'image.", 1.0, 2.0, 1, "cue 1")],
    ),
    (
        "angle-brackets-in-speech-kept",
        b"1\n00:00:01,000 --> 00:00:02,000\nP : Moins de 3 <nuits> par semaine.\n",
        [("P", "Moins de 3 <nuits> par semaine.", 1.0, 2.0, 1, "cue 1")],
    ),
    # --- no label ---
    (
        "no-label-at-all",
        b"1\n00:00:01,000 --> 00:00:02,000\nBonjour.\n\n2\n00:00:03,000 --> 00:00:04,000\nBonjour docteur.\n",
        [("inconnu", "Bonjour.", 1.0, 2.0, 1, "cue 1"), ("inconnu", "Bonjour docteur.", 3.0, 4.0, 5, "cue 2")],
    ),
    (
        "text-before-the-first-label",
        b"1\n00:00:01,000 --> 00:00:02,000\nSeance 3.\n\n2\n00:00:03,000 --> 00:00:04,000\nT : Bonjour.\n",
        [("inconnu", "Seance 3.", 1.0, 2.0, 1, "cue 1"), ("T", "Bonjour.", 3.0, 4.0, 5, "cue 2")],
    ),
    # --- line breaks and encodings ---
    (
        "crlf",
        b"1\r\n00:00:01,000 --> 00:00:02,000\r\nT : Bonjour.\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nP : Oui.\r\n",
        [("T", "Bonjour.", 1.0, 2.0, 1, "cue 1"), ("P", "Oui.", 3.0, 4.0, 5, "cue 2")],
    ),
    (
        "cr-only",
        b"1\r00:00:01,000 --> 00:00:02,000\rT : Bonjour.\r\r2\r00:00:03,000 --> 00:00:04,000\rP : Oui.\r",
        [("T", "Bonjour.", 1.0, 2.0, 1, "cue 1"), ("P", "Oui.", 3.0, 4.0, 5, "cue 2")],
    ),
    (
        "utf-8-bom",
        "\ufeff1\n00:00:01,000 --> 00:00:02,000\nThérapeute : Bonjour.\n".encode(),
        [("Thérapeute", "Bonjour.", 1.0, 2.0, 1, "cue 1")],
    ),
    (
        "utf-16-bom",
        "\ufeff1\n00:00:01,000 --> 00:00:02,000\nThérapeute : Bonjour.\n".encode("utf-16-le"),
        [("Thérapeute", "Bonjour.", 1.0, 2.0, 1, "cue 1")],
    ),
    (
        "cp1252",
        "1\n00:00:01,000 --> 00:00:02,000\nThérapeute : Où en êtes-vous ?\n".encode("cp1252"),
        [("Thérapeute", "Où en êtes-vous ?", 1.0, 2.0, 1, "cue 1")],
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), [case[1:] for case in READER_CASES], ids=[case[0] for case in READER_CASES])
def test_read_srt(snippet: bytes, expected: list[Row]) -> None:
    assert _rows(_read(snippet)) == expected


# snippet -> a warning it gives, after "{source}: "
WARNING_CASES: list[tuple[str, bytes, str]] = [
    (
        "no-label-at-all",
        b"1\n00:00:01,000 --> 00:00:02,000\nBonjour.\n\n2\n00:00:03,000 --> 00:00:04,000\nBonjour.\n",
        "no speaker label in this SubRip file: every utterance is given to speaker 'inconnu'",
    ),
    (
        "text-before-the-first-label",
        b"1\n00:00:01,000 --> 00:00:02,000\nSeance 3.\n\n2\n00:00:03,000 --> 00:00:04,000\nT : Bonjour.\n",
        "cue 1: no speaker label before this cue: given to speaker 'inconnu'",
    ),
    (
        "dash-line-without-label",
        b"1\n00:00:00,000 --> 00:00:08,000\n- T : Bonjour.\n- Entrez donc.\n",
        "cue 1: a dialogue line without a speaker label is given to the previous speaker, T",
    ),
    (
        "end-before-start",
        b"7\n00:00:04,000 --> 00:00:02,000\nT : Bonjour.\n",
        "cue 7: the time range ends before it starts (2 s < 4 s)",
    ),
    (
        "time-goes-backwards",
        b"1\n00:00:05,000 --> 00:00:06,000\nT : Bonjour.\n\n2\n00:00:01,000 --> 00:00:02,000\nP : Oui.\n",
        "cue 2: time goes backwards (1 s after 5 s)",
    ),
    (
        "empty-cue",
        b"1\n00:00:01,000 --> 00:00:02,000\nT : Bonjour.\n\n2\n00:00:03,000 --> 00:00:04,000\n<i></i>\n\n3\n00:00:05,000 --> 00:00:06,000\nP : Oui.\n",
        "cue 2: T says nothing, utterance skipped",
    ),
]


@pytest.mark.parametrize(("snippet", "warning"), [case[1:] for case in WARNING_CASES], ids=[case[0] for case in WARNING_CASES])
def test_warnings(snippet: bytes, warning: str) -> None:
    warnings = _read(snippet).warnings
    assert any(w.startswith(f"{SOURCE}: {warning}") for w in warnings), warnings


def test_no_label_warns_once() -> None:
    snippet = b"1\n00:00:01,000 --> 00:00:02,000\nBonjour.\n\n2\n00:00:03,000 --> 00:00:04,000\n- Oui ?\n- Non.\n"
    assert len(_read(snippet).warnings) == 1


def test_labelled_file_gives_no_warning() -> None:
    assert _read((DATA / "conversation" / "conversation.srt").read_bytes()).warnings == ()


# snippet -> (place, part of the message)
ERROR_CASES: list[tuple[str, bytes, str, str]] = [
    ("empty", b"", "line 1", "empty file"),
    ("blank", b"\n \n\t\n", "line 1", "empty file"),
    ("plain-text", "Thérapeute : Bonjour.\n".encode(), "line 1", "not a SubRip cue"),
    ("number-without-timing", b"1\nT : Bonjour.\n", "line 1", "not a SubRip cue"),
    ("bad-start-time", b"1\n00:00:0x,000 --> 00:00:02,000\nT : Bonjour.\n", "line 2", "malformed timing line '00:00:0x,000 --> 00:00:02,000'"),
    ("bad-end-time", b"1\n00:00:01,000 --> 00:00:0x,000\nT : Bonjour.\n", "line 2", "malformed timing line"),
    ("single-dash-arrow", b"1\n00:00:01,000 -> 00:00:02,000\nT : Bonjour.\n", "line 2", "malformed timing line"),
    ("minutes-out-of-range", b"1\n00:75:01,000 --> 00:75:02,000\nT : Bonjour.\n", "line 2", "malformed timing line"),
    ("four-digit-fraction", b"1\n00:00:01,0000 --> 00:00:02,000\nT : Bonjour.\n", "line 2", "malformed timing line"),
    (
        "bad-time-in-second-cue",
        b"1\n00:00:01,000 --> 00:00:02,000\nT : Bonjour.\n\n2\n00:00:0x,000 --> 00:00:04,000\nP : Oui.\n",
        "line 6",
        "malformed timing line",
    ),
    (
        "bad-time-after-crlf",
        b"1\r\n00:00:01,000 --> 00:00:02,000\r\nT : Bonjour.\r\n\r\n2\r\n00:00:03,000 --> 00:00:0x,000\r\nP : Oui.\r\n",
        "line 6",
        "malformed timing line",
    ),
    (
        "number-without-timing-after-a-cue",
        b"1\n00:00:01,000 --> 00:00:02,000\nT : Bonjour.\n\n2\nP : Oui.\n",
        "line 5",
        "cue number 2 without a timing line",
    ),
    (
        "number-then-blank-line",
        b"1\n00:00:01,000 --> 00:00:02,000\nT : Bonjour.\n\n2\n\n3\n00:00:03,000 --> 00:00:04,000\nP : Oui.\n",
        "line 5",
        "cue number 2 without a timing line",
    ),
    ("binary", b"\x00\x01\x02\x03 PNG", "byte 0", "binary data"),
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
    ("Thérapeute", "Bonjour, qu'est-ce qui vous amène aujourd'hui ?", 0.0, 3.25, 1, "cue 1"),
    ("Cliente", "J'ai du mal à dormir depuis que j'ai changé de travail.", 3.5, 8.12, 5, "cue 2"),
    ("Thérapeute", "Vous dormez mal depuis ce changement.", 8.4, 11.0, 10, "cue 3"),
    ("Cliente", "Oui, je me réveille à trois heures et je pense au bureau.", 11.25, 16.48, 14, "cue 4"),
    ("Thérapeute", "Qu'est-ce que vous aimeriez changer en premier ?", 16.7, 20.305, 19, "cue 5"),
    ("Cliente", "Retrouver des nuits calmes, je crois.", 20.5, 24.9, 23, "cue 6"),
]

# fixture file -> (rows, encoding)
FILE_CASES: list[tuple[str, list[Row], str]] = [
    ("conversation/conversation.srt", CONVERSATION, "utf-8"),
    (
        "srt/dash_dialogue.srt",
        [
            ("Thérapeute", "Bonjour, installez-vous.", 0.0, 2.4, 1, "cue 1"),
            ("Patiente", "Merci.", 2.4, 2.771, 5, "cue 2"),
            ("Thérapeute", "Comment s'est passée votre semaine ?", 2.771, 5.0, 5, "cue 2"),
            ("Patiente", "Plutôt difficile, je n'ai pas beaucoup dormi.", 5.5, 9.0, 10, "cue 3"),
            ("Patiente", "Surtout à cause des réveils.", 9.2, 11.0, 15, "cue 4"),
            ("Thérapeute", "Des réveils la nuit ?", 11.5, 12.932, 19, "cue 5"),
            ("Patiente", "Oui, vers trois heures.", 12.932, 14.5, 19, "cue 5"),
        ],
        "utf-8",
    ),
    (
        "srt/cp1252.srt",
        [
            ("Thérapeute", "Où en êtes-vous de vos démarches ?", 1.0, 3.5, 1, "cue 1"),
            ("Client", "J’ai écrit à ma sœur, ça m’a soulagé.", 4.0, 7.25, 5, "cue 2"),
        ],
        "cp1252",
    ),
    (
        "srt/unlabelled.srt",
        [
            ("inconnu", "Bonjour, entrez.", 1.0, 2.5, 1, "cue 1"),
            ("inconnu", "Vous allez bien ?", 3.0, 4.214, 5, "cue 2"),
            ("inconnu", "Oui, merci.", 4.214, 5.0, 5, "cue 2"),
        ],
        "utf-8",
    ),
]


@pytest.mark.parametrize(("name", "expected", "encoding"), FILE_CASES, ids=[case[0] for case in FILE_CASES])
def test_fixture_files(name: str, expected: list[Row], encoding: str) -> None:
    path = DATA / name
    transcript = _read(path.read_bytes(), source=str(path))
    assert _rows(transcript) == expected
    assert dict(transcript.metadata) == {"format": "srt", "encoding": encoding}


def test_txt_holding_subrip_is_read_as_srt(tmp_path: Path) -> None:
    path = tmp_path / "seance.txt"
    path.write_bytes((DATA / "conversation" / "conversation.srt").read_bytes())
    transcript = read_transcript(path)
    assert transcript.metadata["format"] == "srt"
    assert _rows(transcript) == CONVERSATION
