"""Tests of the CHAT reader: participants, main tiers and continuations, bullets, CHAT codes, errors."""

from __future__ import annotations

import pytest

from analyser.domain import Transcript
from analyser.errors import InputError
from analyser.read.chat import clean_chat, read_cha

from ..conftest import TEST_DATA

DATA = TEST_DATA
SOURCE = "seance.cha"
B = "\x15"  # CHAT's time bullet mark
HEADER = "@UTF8\n@Begin\n@Languages:\tfra\n@Participants:\tTHE Thérapeute Therapist, CLI Client Patient\n"

# (speaker, text, start, end, line)
Row = tuple[str, str, float | None, float | None, int | None]

CONVERSATION: list[Row] = [
    ("Thérapeute", "Bonjour, qu'est-ce qui vous amène aujourd'hui ?", 0.0, 3.25, 8),
    ("Cliente", "J'ai du mal à dormir depuis que j'ai changé de travail.", 3.5, 8.12, 9),
    ("Thérapeute", "Vous dormez mal depuis ce changement.", 8.4, 11.0, 10),
    ("Cliente", "Oui, je me réveille à trois heures et je pense au bureau.", 11.25, 16.48, 11),
    ("Thérapeute", "Qu'est-ce que vous aimeriez changer en premier ?", 16.7, 20.305, 12),
    ("Cliente", "Retrouver des nuits calmes, je crois.", 20.5, 24.9, 13),
]

CODES: list[Row] = [
    ("Dr Martin", "euh comment ça va depuis la dernière fois ?", 0.0, 4.2, 11),
    ("Cliente", "je sais pas je sais pas, c'est compliqué avec mon mari", 4.5, 11.02, 13),
    ("Dr Martin", "vous trouvez ça parce que c'est difficile ?", 11.3, 15.0, 16),
    ("Cliente", "oui franchement, ça m'épuise.", 15.2, 18.0, 17),
    ("Dr Martin", "d'accord", 18.6, 19.0, 19),
    ("Cliente", "je fatiguée !", None, None, 20),
]


def _read_file(name: str) -> Transcript:
    path = DATA / name
    return read_cha(path.read_bytes(), source=str(path), session_id=path.stem)


def _read(text: str) -> Transcript:
    return read_cha(text.encode("utf-8"), source=SOURCE, session_id="seance")


def _rows(transcript: Transcript) -> list[Row]:
    return [(u.speaker, u.text, u.start, u.end, u.source_line) for u in transcript.utterances]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("conversation/conversation.cha", CONVERSATION), ("cha/codes.cha", CODES)],
    ids=["conversation", "continuations-and-codes"],
)
def test_fixture_utterances(name: str, expected: list[Row]) -> None:
    assert _rows(_read_file(name)) == expected


def test_metadata() -> None:
    assert dict(_read_file("conversation/conversation.cha").metadata) == {"format": "cha", "encoding": "utf-8", "languages": ["fra"]}


def test_a_tier_left_without_words_is_skipped_with_a_warning() -> None:
    path = DATA / "cha/codes.cha"
    assert _read_file("cha/codes.cha").warnings == (f"{path}: line 18: OBS says nothing, utterance skipped",)


# CHAT main tier text -> the words kept
CLEAN_CASES: list[tuple[str, str, str]] = [
    ("final-stop-joined", "Vous dormez mal depuis ce changement .", "Vous dormez mal depuis ce changement."),
    ("comma-joined", "oui , d'accord .", "oui, d'accord."),
    ("question-keeps-french-space", "qu'est-ce qui vous amène aujourd'hui ?", "qu'est-ce qui vous amène aujourd'hui ?"),
    ("exclamation-keeps-french-space", "c'est pas vrai !", "c'est pas vrai !"),
    ("glued-question-stays-glued", "ça va?", "ça va?"),
    ("retracing-and-scope", "<je veux> [/] je veux partir .", "je veux je veux partir."),
    ("replacement-keeps-what-was-said", "il a dit chais [: je sais] pas .", "il a dit chais pas."),
    ("event-in-brackets", "bon [=! rit] on y va .", "bon on y va."),
    ("postcode", "voilà . [+ bch]", "voilà."),
    ("filler-keeps-the-word", "&-euh je sais pas .", "euh je sais pas."),
    ("simple-event-removed", "&=soupire c'est dur .", "c'est dur."),
    ("fragment-removed", "je &+pa je pars .", "je je pars."),
    ("unintelligible-removed", "il y a xxx et yyy .", "il y a et."),
    ("pauses-removed", "alors (.) euh (..) bon (...) voilà (2.5) .", "alors euh bon voilà."),
    ("trailing-off", "je me disais que +...", "je me disais que"),
    ("interruption", "mais alors +/.", "mais alors"),
    ("self-completion-linker", "+, que c'était fini .", "que c'était fini."),
    ("omitted-word", "je 0suis pas sûre .", "je pas sûre."),
    ("omitted-sounds", "p(ar)ce que (il) pleut .", "parce que il pleut."),
    ("form-marker", "c'est cool@s:eng !", "c'est cool !"),
    ("overlap-marks", "⌈ oui ⌉ .", "oui."),
    ("nothing-left", "xxx .", ""),
]


@pytest.mark.parametrize(("chat", "clean"), [c[1:] for c in CLEAN_CASES], ids=[c[0] for c in CLEAN_CASES])
def test_clean_chat(chat: str, clean: str) -> None:
    assert clean_chat(chat) == clean


# file body after HEADER -> utterances
SNIPPET_CASES: list[tuple[str, str, list[Row]]] = [
    ("bullet", f"*THE:\tbonjour . {B}1200_3400{B}\n@End\n", [("Thérapeute", "bonjour.", 1.2, 3.4, 5)]),
    ("no-bullet", "*CLI:\tbonjour .\n@End\n", [("Client", "bonjour.", None, None, 5)]),
    ("old-sound-bullet", f'*THE:\tbonjour . {B}%snd:"seance"_1200_3400{B}\n@End\n', [("Thérapeute", "bonjour.", 1.2, 3.4, 5)]),
    (
        "bullets-on-continuation-lines",
        f"*CLI:\tj'ai pensé à {B}5000_6000{B}\n\tvotre question . {B}6200_8000{B}\n@End\n",
        [("Client", "j'ai pensé à votre question.", 5.0, 8.0, 5)],
    ),
    (
        "dependent-tiers-and-their-continuations-skipped",
        "*THE:\tet ensuite ?\n%com:\tlong silence\n\tpuis reprise\n%act:\tregarde par la fenêtre\n*CLI:\tje ne sais pas .\n@End\n",
        [("Thérapeute", "et ensuite ?", None, None, 5), ("Client", "je ne sais pas.", None, None, 9)],
    ),
    (
        "headers-between-tiers",
        "@G:\tdeuxième partie\n*THE:\treprenons .\n@Comment:\tpause café\n*CLI:\td'accord .\n@End\n",
        [("Thérapeute", "reprenons.", None, None, 6), ("Client", "d'accord.", None, None, 8)],
    ),
    ("windows-line-breaks", "*THE:\tbonjour .\r\n@End\r\n", [("Thérapeute", "bonjour.", None, None, 5)]),
]


@pytest.mark.parametrize(("body", "expected"), [c[1:] for c in SNIPPET_CASES], ids=[c[0] for c in SNIPPET_CASES])
def test_tier_snippets(body: str, expected: list[Row]) -> None:
    transcript = _read(HEADER + body)
    assert (_rows(transcript), transcript.warnings) == (expected, ())


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("@UTF8\n@Begin\n@Languages:\teng, fra\n@Participants:\tTHE Thérapeute Therapist\n*THE:\thello .\n@End\n", "@Languages names eng: rapport's markers are written for French"),
        ("@UTF8\n@Begin\n@Languages:\tfra\n@Participants:\tTHE Thérapeute Therapist\n*THE:\tbonjour .\n", "no @End: the file may be truncated"),
        ("@Begin\n@Participants:\tTHE Thérapeute Therapist\n*THE:\tbonjour .\n@End\n", "line 1: no @UTF8 header, read as UTF-8"),
        ("@UTF8\n@Begin\n@Participants:\tTHE Thérapeute Therapist\nbonjour\n*THE:\tbonjour .\n@End\n", "line 4: not a CHAT header or tier, skipped"),
    ],
    ids=["english", "no-end", "no-utf8-header", "stray-line"],
)
def test_warnings_name_the_file(text: str, warning: str) -> None:
    assert _read(text).warnings == (f"{SOURCE}: {warning}",)


def test_participant_without_name_is_its_code() -> None:
    transcript = _read("@UTF8\n@Begin\n@Participants:\tINV Investigator, CLI Client Patient\n*INV:\tbonjour .\n*CLI:\tbonjour .\n@End\n")
    assert transcript.speakers == ("INV", "Client")


@pytest.mark.parametrize(
    ("data", "place", "message"),
    [
        ((HEADER + f"*THE:\tbonjour . {B}1200_3400\n@End\n").encode(), "line 5", "a time bullet is not closed"),
        ((HEADER + f"*THE:\tbonjour .\n\tsuite . {B}12s_34s{B}\n@End\n").encode(), "line 6", "malformed time bullet '12s_34s'"),
        (b"@UTF8\n@Participants:\tTHE Th Therapist\n*THE:\tbonjour .\n@End\n", "line 3", "main tier *THE before @Begin"),
        ((HEADER + "*THE bonjour .\n@End\n").encode(), "line 5", "a main tier must read"),
        ((HEADER + "*THE:\tcaf\xe9 .\n").encode("latin-1"), "line 4", "not UTF-8 text"),  # the é of Thérapeute
        (b"<Trans/>\n", "line 1", "not a CHAT file"),
        (b"\n\n", None, "empty file"),
        ((HEADER + "*THE:\txxx .\n@End\n").encode(), None, "no speech found"),
    ],
    ids=["unclosed-bullet", "bullet-on-continuation", "before-begin", "no-colon", "latin-1", "xml", "empty", "no-words"],
)
def test_malformed_snippets_raise_one_line_naming_the_line(data: bytes, place: str | None, message: str) -> None:
    with pytest.raises(InputError) as info:
        read_cha(data, source=SOURCE, session_id="seance")
    text = str(info.value)
    assert text.startswith(f"{SOURCE}: {place}: " if place else f"{SOURCE}: ") and message in text and "\n" not in text
