"""Tests of the plain-text reader on French transcript snippets: labels, times, continuations, warnings, errors."""

from __future__ import annotations

import re

import pytest

from analyser.domain import Transcript
from analyser.errors import InputError
from analyser.read.txt import read_txt

SOURCE = "seance-01.txt"

Row = tuple[str, str, float | None, float | None, int]


def _read(text: str) -> Transcript:
    return read_txt(text.encode("utf-8"), source=SOURCE, session_id="s01")


def _rows(transcript: Transcript) -> list[Row]:
    return [(u.speaker, u.text, u.start, u.end, u.source_line) for u in transcript.utterances]  # type: ignore[misc]


# snippet -> [(speaker, text, start, end, source_line), ...]
READER_CASES: list[tuple[str, str, list[Row]]] = [
    # --- labels ---
    ("colon", "T: Bonjour, installez-vous.", [("T", "Bonjour, installez-vous.", None, None, 1)]),
    ("space-colon", "T : Comment allez-vous ?", [("T", "Comment allez-vous ?", None, None, 1)]),
    ("nbsp-colon", "T\u00a0: Comment allez-vous\u00a0?", [("T", "Comment allez-vous\u00a0?", None, None, 1)]),
    ("narrow-nbsp-colon", "T\u202f: Qu’est-ce qui vous amène\u202f?", [("T", "Qu’est-ce qui vous amène\u202f?", None, None, 1)]),
    ("tab-colon", "P\t: Le travail, surtout.", [("P", "Le travail, surtout.", None, None, 1)]),
    ("no-space-after-colon", "Thérapeute:Bonjour.", [("Thérapeute", "Bonjour.", None, None, 1)]),
    ("therapeute", "Thérapeute : Bonjour, asseyez-vous.", [("Thérapeute", "Bonjour, asseyez-vous.", None, None, 1)]),
    ("known-label-lower-case", "thérapeute : On commence ?", [("thérapeute", "On commence ?", None, None, 1)]),
    ("patiente", "Patiente : Oui, d'accord.", [("Patiente", "Oui, d'accord.", None, None, 1)]),
    ("numbered-label", "Patient 2 : Moi aussi, je voulais dire…", [("Patient 2", "Moi aussi, je voulais dire…", None, None, 1)]),
    ("two-word-label", "Dr Martin : Asseyez-vous.", [("Dr Martin", "Asseyez-vous.", None, None, 1)]),
    ("civility-label", "Mme Leroy : Merci de me recevoir.", [("Mme Leroy", "Merci de me recevoir.", None, None, 1)]),
    ("bracketed-speaker", "[SPEAKER_00]: Bonjour à tous.", [("SPEAKER_00", "Bonjour à tous.", None, None, 1)]),
    ("bracketed-speaker-space", "[SPEAKER_01] : Bonjour.", [("SPEAKER_01", "Bonjour.", None, None, 1)]),
    ("bare-speaker-id", "SPEAKER_00: Ça marche.", [("SPEAKER_00", "Ça marche.", None, None, 1)]),
    ("colon-in-speech", "T : Il m'a dit : non.", [("T", "Il m'a dit : non.", None, None, 1)]),
    ("time-of-day-in-speech", "P : Le rendez-vous est à 14:30.", [("P", "Le rendez-vous est à 14:30.", None, None, 1)]),
    ("not-label-word-after-label", "T : Alors : on commence.", [("T", "Alors : on commence.", None, None, 1)]),
    # --- timestamps ---
    ("hh:mm:ss", "[00:01:02] T : Bonjour.", [("T", "Bonjour.", 62.0, None, 1)]),
    ("mm:ss", "[01:02] T : Bonjour.", [("T", "Bonjour.", 62.0, None, 1)]),
    ("bare-hh:mm:ss", "00:01:02 T : Bonjour.", [("T", "Bonjour.", 62.0, None, 1)]),
    ("bare-h:mm:ss", "1:02:03 P : Oui.", [("P", "Oui.", 3723.0, None, 1)]),
    ("minutes-past-the-hour", "[75:10] P : Oui.", [("P", "Oui.", 4510.0, None, 1)]),
    ("parenthesised-decimal", "(00:01:02.5) T : Bonjour.", [("T", "Bonjour.", 62.5, None, 1)]),
    ("decimal-comma", "[00:00:01,250] T : Bonjour.", [("T", "Bonjour.", 1.25, None, 1)]),
    ("range-hyphen", "[00:00:01 - 00:00:04] T : Bonjour.", [("T", "Bonjour.", 1.0, 4.0, 1)]),
    ("range-arrow", "[00:00:01 --> 00:00:04] T : Bonjour.", [("T", "Bonjour.", 1.0, 4.0, 1)]),
    ("range-en-dash-parens", "(00:00:01 – 00:00:04) T : Bonjour.", [("T", "Bonjour.", 1.0, 4.0, 1)]),
    ("bare-range", "00:00:01 - 00:00:04 T : Bonjour.", [("T", "Bonjour.", 1.0, 4.0, 1)]),
    ("time-then-bracketed-speaker", "[00:00:01] [SPEAKER_01]: Bonjour.", [("SPEAKER_01", "Bonjour.", 1.0, None, 1)]),
    ("time-glued-to-label", "[00:00:01]T: Bonjour.", [("T", "Bonjour.", 1.0, None, 1)]),
    ("extra-spaces", "[00:01:02]  T  :  Bonjour.", [("T", "Bonjour.", 62.0, None, 1)]),
    # --- continuations ---
    (
        "continuation",
        "T : Bonjour.\nComment allez-vous ?",
        [("T", "Bonjour. Comment allez-vous ?", None, None, 1)],
    ),
    (
        "continuation-indented",
        "P : Je dors mal.\n    Depuis janvier, surtout.   ",
        [("P", "Je dors mal. Depuis janvier, surtout.", None, None, 1)],
    ),
    (
        "continuation-nbsp-indented",
        "P : Je dors mal.\n\u00a0\u00a0Depuis janvier.",
        [("P", "Je dors mal. Depuis janvier.", None, None, 1)],
    ),
    (
        "continuation-across-blank-and-comment",
        "T : Bonjour.\n\n# note de l'observateur\nQu’est-ce qui vous amène ?",
        [("T", "Bonjour. Qu’est-ce qui vous amène ?", None, None, 1)],
    ),
    (
        "label-alone-then-text",
        "T :\nBonjour, installez-vous.\nP : Merci.",
        [("T", "Bonjour, installez-vous.", None, None, 1), ("P", "Merci.", None, None, 3)],
    ),
    (
        "timed-then-continuation",
        "[00:00:09] T : Bonjour.\nOn commence ?\n[00:00:20] P : Oui.",
        [("T", "Bonjour. On commence ?", 9.0, None, 1), ("P", "Oui.", 20.0, None, 3)],
    ),
    (
        "continuation-reported-speech",
        "P : Ma mère a appelé.\nIl m'a dit : non.",
        [("P", "Ma mère a appelé. Il m'a dit : non.", None, None, 1)],
    ),
    (
        "continuation-bref",
        "T : On fait le point la prochaine fois ?\nBref : on verra.",
        [("T", "On fait le point la prochaine fois ? Bref : on verra.", None, None, 1)],
    ),
    (
        "continuation-par-exemple",
        "P : C'est dur.\nPar exemple : le lundi matin.",
        [("P", "C'est dur. Par exemple : le lundi matin.", None, None, 1)],
    ),
    (
        "continuation-voila-accent-folded",
        "P : J'ai tout dit.\nVoilà : c'est tout.",
        [("P", "J'ai tout dit. Voilà : c'est tout.", None, None, 1)],
    ),
    (
        "continuation-upper-case-not-label",
        "P : Je n'y vais pas.\nDONC : non.",
        [("P", "Je n'y vais pas. DONC : non.", None, None, 1)],
    ),
    (
        "continuation-comma-before-colon",
        "P : Je lui ai répondu.\nEt puis, franchement : non.",
        [("P", "Je lui ai répondu. Et puis, franchement : non.", None, None, 1)],
    ),
    # --- layout ---
    (
        "same-speaker-stays-separate",
        "P : Oui.\nP : Enfin, je crois.",
        [("P", "Oui.", None, None, 1), ("P", "Enfin, je crois.", None, None, 2)],
    ),
    (
        "blank-lines-and-comments",
        "# Séance 1, 12 mars\n\nT : Bonjour.\n\n   # pause\nP : Bonjour.",
        [("T", "Bonjour.", None, None, 3), ("P", "Bonjour.", None, None, 6)],
    ),
    (
        "whitespace-only-line-skipped",
        "T : Bonjour.\n\t\u00a0 \nP : Bonjour.",
        [("T", "Bonjour.", None, None, 1), ("P", "Bonjour.", None, None, 3)],
    ),
    (
        "label-spellings-folded",
        "Thérapeute : Bonjour.\nTHERAPEUTE : Ça va ?\nthérapeute: On y va.",
        [
            ("Thérapeute", "Bonjour.", None, None, 1),
            ("Thérapeute", "Ça va ?", None, None, 2),
            ("Thérapeute", "On y va.", None, None, 3),
        ],
    ),
    (
        "typographic-apostrophe-and-guillemets-kept",
        "P : J’ai l’impression qu’on m’a dit « non ».",
        [("P", "J’ai l’impression qu’on m’a dit « non ».", None, None, 1)],
    ),
    (
        "leading-bom-character",
        "\ufeffT : Bonjour.",
        [("T", "Bonjour.", None, None, 1)],
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), [case[1:] for case in READER_CASES], ids=[case[0] for case in READER_CASES])
def test_read_txt_table(snippet: str, expected: list[Row]) -> None:
    transcript = _read(snippet)
    assert _rows(transcript) == expected


@pytest.mark.parametrize(("snippet", "expected"), [case[1:] for case in READER_CASES], ids=[case[0] for case in READER_CASES])
def test_read_txt_table_has_no_warnings(snippet: str, expected: list[Row]) -> None:
    assert _read(snippet).warnings == ()


def test_transcript_fields() -> None:
    transcript = read_txt(b"T : Bonjour.\nP : Bonjour.\nT : On commence ?", source="a/b/seance.txt", session_id="S42")
    assert transcript.session_id == "S42"
    assert transcript.source == "a/b/seance.txt"
    assert dict(transcript.metadata) == {"format": "txt", "encoding": "utf-8"}
    assert [u.index for u in transcript.utterances] == [0, 1, 2]
    assert {u.role for u in transcript.utterances} == {"other"}
    assert transcript.speakers == ("T", "P")


def test_index_counts_kept_utterances_only() -> None:
    transcript = _read("T :\nP : Oui.\nT : Bien.")
    assert [(u.index, u.speaker, u.source_line) for u in transcript.utterances] == [(0, "P", 2), (1, "T", 3)]


@pytest.mark.parametrize(
    ("snippet", "text", "analysis_text"),
    [
        ("P : J’ai l’impression qu’on m’écoute.", "J’ai l’impression qu’on m’écoute.", "J'ai l'impression qu'on m'écoute."),
        ("T : C‘est ça\u00a0?", "C‘est ça\u00a0?", "C'est ça ?"),
        ("P : Il m’a dit «\u202fnon\u202f».", "Il m’a dit «\u202fnon\u202f».", "Il m'a dit « non »."),
        ("T : C'est déjà normalisé.", "C'est déjà normalisé.", "C'est déjà normalisé."),
    ],
    ids=["apostrophes", "left-quote-and-nbsp", "narrow-nbsp-guillemets", "already-plain"],
)
def test_analysis_text_normalised_same_length(snippet: str, text: str, analysis_text: str) -> None:
    (utterance,) = _read(snippet).utterances
    assert utterance.text == text
    assert utterance.analysis_text == analysis_text
    assert len(utterance.analysis_text) == len(utterance.text)


# --- warnings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "stamp",
    ["[00:7x:00]", "[00:75:00]", "[00:00:75]", "(12:ab)", "[00:00:01 - 00:00:75]"],
    ids=["letter-in-minutes", "minutes-75", "seconds-75", "parenthesised-letters", "range-bad-end"],
)
def test_malformed_timestamp_warns_and_keeps_utterance(stamp: str) -> None:
    transcript = _read(f"[00:00:01] T : Bonjour.\n[00:00:05] P : Bonjour.\n{stamp} T : Comment allez-vous ?")
    assert _rows(transcript)[2] == ("T", "Comment allez-vous ?", None, None, 3)
    (warning,) = transcript.warnings
    assert warning.startswith(f"{SOURCE}: line 3:")
    assert "malformed timestamp" in warning
    assert stamp in warning


def test_backwards_time_warns_with_line_number() -> None:
    transcript = _read("[00:00:10] T : Bonjour.\n[00:00:05] P : Bonjour.\n[00:00:12] T : On commence ?")
    assert [u.start for u in transcript.utterances] == [10.0, 5.0, 12.0]
    (warning,) = transcript.warnings
    assert warning.startswith(f"{SOURCE}: line 2:")
    assert "backwards" in warning
    assert "5 s after 10 s" in warning


def test_backwards_time_compares_with_last_timed_line() -> None:
    transcript = _read("[00:00:10] T : Bonjour.\nP : Bonjour.\n[00:00:05] T : On commence ?")
    (warning,) = transcript.warnings
    assert warning.startswith(f"{SOURCE}: line 3:")
    assert "backwards" in warning


def test_text_before_first_label_warns_and_is_skipped() -> None:
    transcript = _read("Transcription de la séance du 12 mars\nT : Bonjour.\nP : Bonjour.")
    assert _rows(transcript) == [("T", "Bonjour.", None, None, 2), ("P", "Bonjour.", None, None, 3)]
    (warning,) = transcript.warnings
    assert warning.startswith(f"{SOURCE}: line 1:")
    assert "before the first speaker label" in warning


@pytest.mark.parametrize(
    ("snippet", "line", "speaker"),
    [
        ("T :\nP : Oui.", 1, "T"),
        ("T :   \nP : Oui.", 1, "T"),
        ("T :\u00a0\u00a0\nP : Oui.", 1, "T"),
        ("T : Bonjour.\nP :", 2, "P"),
        ("[00:00:01] T : Bonjour.\n[00:00:04] P :\n[00:00:06] T : Vous êtes là ?", 2, "P"),
    ],
    ids=["empty", "spaces", "nbsp", "last-line", "timed"],
)
def test_label_with_nothing_said_is_skipped_with_warning(snippet: str, line: int, speaker: str) -> None:
    transcript = _read(snippet)
    assert all(u.text for u in transcript.utterances)
    assert all(u.source_line != line for u in transcript.utterances)
    (warning,) = transcript.warnings
    assert warning == f"{SOURCE}: line {line}: {speaker} says nothing, utterance skipped"


def test_warnings_accumulate_in_line_order() -> None:
    transcript = _read("Préambule\n[00:00:10] T : Bonjour.\n[00:7x:00] P : Oui.\n[00:00:02] T : Bien.\nP :")
    lines = [int(re.match(rf"{re.escape(SOURCE)}: line (\d+):", w)[1]) for w in transcript.warnings]  # type: ignore[index]
    assert lines == [1, 3, 4, 5]
    assert len(transcript.utterances) == 3


# --- errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n\n\t\n",
        "\u00a0\n \u202f\r\n".encode(),
        b"\xef\xbb\xbf",
        b"\xef\xbb\xbf  \r\n",
        "# Séance 1\n# (enregistrement perdu)".encode(),
    ],
    ids=["empty", "whitespace", "nbsp-whitespace", "bom-only", "bom-and-whitespace", "comments-only"],
)
def test_empty_file_raises_input_error_naming_source(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        read_txt(data, source=SOURCE, session_id="s01")
    assert info.value.source == SOURCE
    assert str(info.value).startswith(f"{SOURCE}:")
    assert "empty" in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "Bonjour, je m'appelle Marie.\net je viens parce que je dors mal.",
        "[00:00:01]\n[00:00:02]",
    ],
    ids=["no-label", "times-only"],
)
def test_no_label_raises_input_error_with_place(text: str) -> None:
    with pytest.raises(InputError) as info:
        _read(text)
    error = info.value
    assert error.source == SOURCE
    assert error.place == "line 1"
    assert str(error) == f"{SOURCE}: line 1: no 'SPEAKER: text' line found"


def test_only_empty_labels_raise_input_error() -> None:
    with pytest.raises(InputError) as info:
        _read("T :\nP :")
    assert str(info.value).startswith(f"{SOURCE}:")


def test_annotation_before_label_keeps_the_speaker() -> None:
    transcript = _read("T : Vous avez l'air soulagée.\n[rires] P : Oui, un peu.")
    assert transcript.speakers == ("T", "P")


def test_annotation_before_label_stays_in_the_text() -> None:
    transcript = _read("T : Vous avez l'air soulagée.\n(rires) P : Oui, un peu.")
    assert transcript.utterances[1].speaker == "P"
    assert transcript.utterances[1].text == "(rires) Oui, un peu."


@pytest.mark.parametrize(
    ("continuation", "joined"),
    [
        ("12:30 je pars du bureau.", "Je rentre tard. 12:30 je pars du bureau."),
        ("(00:00:01 puis plus rien", "Je rentre tard. (00:00:01 puis plus rien"),
        ("00:7x:00 : bref", "Je rentre tard. 00:7x:00 : bref"),
    ],
    ids=["bare-time-in-speech", "unclosed-bracket", "digits-before-colon"],
)
def test_a_line_without_a_label_keeps_all_its_text(continuation: str, joined: str) -> None:
    transcript = _read(f"P : Je rentre tard.\n{continuation}")
    assert [u.text for u in transcript.utterances] == [joined]


def test_a_range_that_ends_before_it_starts_is_a_warning() -> None:
    transcript = _read("[00:00:05 - 00:00:01] T : Bonjour.")
    assert any("line 1: the time range ends before it starts" in w for w in transcript.warnings)


def test_no_label_error_names_the_first_line_with_text() -> None:
    with pytest.raises(InputError) as info:
        _read("# en-tête\n\n\nrien que du texte\nsans locuteur")
    assert info.value.place == "line 4"
