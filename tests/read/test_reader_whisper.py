"""Tests of the Whisper and WhisperX readers: speakers per word, RTTM speakers, hallucinations, errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from analyser.domain import Transcript
from analyser.errors import InputError, NotATranscriptError
from analyser.read.registry import ReadOptions
from analyser.read.whisper import is_hallucination, read_whisper, read_whisperx

from ..conftest import TEST_DATA

DATA = TEST_DATA
CONVERSATION = DATA / "conversation"
FIXTURES = DATA / "whisper"
SOURCE = "seance-07.json"

Row = tuple[str, str, float | None, float | None, str | None]

THE_CONVERSATION: list[Row] = [
    ("Thérapeute", "Bonjour, qu'est-ce qui vous amène aujourd'hui ?", 0.0, 3.25, "segment 0"),
    ("Cliente", "J'ai du mal à dormir depuis que j'ai changé de travail.", 3.5, 8.12, "segment 1, words 0–10"),
    ("Thérapeute", "Vous dormez mal depuis ce changement.", 8.4, 11.0, "segment 1, words 11–16"),
    ("Cliente", "Oui, je me réveille à trois heures et je pense au bureau.", 11.25, 16.48, "segment 2"),
    ("Thérapeute", "Qu'est-ce que vous aimeriez changer en premier ?", 16.7, 20.305, "segment 3"),
    ("Cliente", "Retrouver des nuits calmes, je crois.", 20.5, 24.9, "segment 4"),
]


def _rows(transcript: Transcript) -> list[Row]:
    return [(u.speaker, u.text, u.start, u.end, u.place) for u in transcript.utterances]


def _json(segments: list[Any], **extra: Any) -> bytes:
    return json.dumps({"segments": segments, **extra}, ensure_ascii=False).encode("utf-8")


def _w(word: str, start: float | None = None, end: float | None = None, speaker: str | None = None) -> dict[str, Any]:
    """A word as WhisperX writes it: times and speaker only when it could align the word."""
    entry: dict[str, Any] = {"word": word}
    if start is not None:
        entry["start"] = start
    if end is not None:
        entry["end"] = end
    if speaker is not None:
        entry["speaker"] = speaker
    return entry


def _read_x(segments: list[Any], **extra: Any) -> Transcript:
    return read_whisperx(_json(segments, **extra), source=SOURCE, session_id="seance-07")


def _rttm(tmp_path: Path, *turns: tuple[str, float, float], file_id: str = "seance-07") -> ReadOptions:
    path = tmp_path / "seance-07.rttm"
    path.write_text("".join(f"SPEAKER {file_id} 1 {start:.3f} {end - start:.3f} <NA> <NA> {speaker} <NA> <NA>\n" for speaker, start, end in turns), encoding="utf-8")
    return ReadOptions(rttm=str(path))


# --- the shared conversation ---


def test_the_conversation_from_whisperx():
    transcript = read_whisperx((CONVERSATION / "whisperx.json").read_bytes(), source="whisperx.json", session_id="whisperx")
    assert _rows(transcript) == THE_CONVERSATION
    assert transcript.warnings == ()
    assert dict(transcript.metadata) == {"format": "whisperx", "encoding": "utf-8", "language": "fr", "hallucinations_dropped": 0}


def test_the_conversation_from_whisper_and_its_rttm():
    options = ReadOptions(rttm=str(CONVERSATION / "whisper.rttm"))
    transcript = read_whisper((CONVERSATION / "whisper.json").read_bytes(), source="whisper.json", session_id="whisper", options=options)
    assert _rows(transcript) == THE_CONVERSATION
    assert transcript.warnings == ()
    assert transcript.metadata["rttm"] == options.rttm


# --- WhisperX: turns rebuilt from the words' speakers ---

# segments -> [(speaker, text, start, end, place), ...]
WHISPERX_CASES: list[tuple[str, list[dict[str, Any]], list[Row]]] = [
    (
        "speaker-change-inside-a-segment",
        [{"start": 0.0, "end": 4.0, "speaker": "SPEAKER_00", "words": [
            _w("Vous", 0.0, 0.3, "SPEAKER_00"), _w("dormez", 0.4, 0.9, "SPEAKER_00"), _w("mal.", 1.0, 1.4, "SPEAKER_00"),
            _w("Oui,", 2.0, 2.4, "SPEAKER_01"), _w("très", 2.5, 2.9, "SPEAKER_01"), _w("mal.", 3.0, 4.0, "SPEAKER_01")]}],
        [("SPEAKER_00", "Vous dormez mal.", 0.0, 1.4, "segment 0, words 0–2"), ("SPEAKER_01", "Oui, très mal.", 2.0, 4.0, "segment 0, words 3–5")],
    ),
    (
        "one-word-run",
        [{"start": 0.0, "end": 2.0, "speaker": "SPEAKER_00", "words": [
            _w("D'accord.", 0.0, 0.6, "SPEAKER_01"), _w("Continuez.", 0.9, 2.0, "SPEAKER_00")]}],
        [("SPEAKER_01", "D'accord.", 0.0, 0.6, "segment 0, word 0"), ("SPEAKER_00", "Continuez.", 0.9, 2.0, "segment 0, word 1")],
    ),
    (
        "word-without-speaker-takes-the-previous-word's",
        [{"start": 0.0, "end": 3.0, "speaker": "SPEAKER_01", "words": [
            _w("J'ai", 0.0, 0.4, "SPEAKER_00"), _w("3"), _w("enfants.", 1.0, 3.0, "SPEAKER_00")]}],
        [("SPEAKER_00", "J'ai 3 enfants.", 0.0, 3.0, "segment 0")],
    ),
    (
        "first-word-without-speaker-takes-the-segment's",
        [{"start": 0.0, "end": 2.0, "speaker": "SPEAKER_01", "words": [_w("Euh,", 0.0, 0.3), _w("oui.", 0.5, 2.0, "SPEAKER_01")]}],
        [("SPEAKER_01", "Euh, oui.", 0.0, 2.0, "segment 0")],
    ),
    (
        "no-segment-speaker-takes-the-next-word's",
        [{"start": 0.0, "end": 2.0, "words": [_w("«"), _w("Courage",  0.1, 0.9, "SPEAKER_00"), _w("»,"), _w("disait-elle.", 1.0, 2.0, "SPEAKER_00")]}],
        [("SPEAKER_00", "« Courage », disait-elle.", 0.1, 2.0, "segment 0")],
    ),
    (
        "question-mark-kept-as-its-own-word",
        [{"start": 0.0, "end": 3.0, "speaker": "SPEAKER_00", "words": [
            _w("Comment", 0.0, 0.5, "SPEAKER_00"), _w("allez-vous", 0.6, 1.5, "SPEAKER_00"), _w("aujourd'hui", 1.6, 2.7, "SPEAKER_00"), _w("?")]}],
        [("SPEAKER_00", "Comment allez-vous aujourd'hui ?", 0.0, 2.7, "segment 0")],
    ),
    (
        "words-stripped",
        [{"start": 0.0, "end": 1.0, "speaker": "SPEAKER_00", "words": [_w(" Je ", 0.0, 0.2, "SPEAKER_00"), _w(""), _w(" vois.", 0.3, 1.0, "SPEAKER_00")]}],
        [("SPEAKER_00", "Je vois.", 0.0, 1.0, "segment 0")],
    ),
    (
        "run-without-timed-words-takes-the-segment's-times",
        [{"start": 5.0, "end": 9.0, "speaker": "SPEAKER_00", "words": [_w("Vingt-deux", 5.0, 6.0, "SPEAKER_00"), _w("2022", speaker="SPEAKER_01")]}],
        [("SPEAKER_00", "Vingt-deux", 5.0, 6.0, "segment 0, word 0"), ("SPEAKER_01", "2022", 5.0, 9.0, "segment 0, word 1")],
    ),
    (
        "segment-without-words",
        [{"start": 1.0, "end": 2.5, "text": " Je ne sais pas. ", "speaker": "SPEAKER_01"}],
        [("SPEAKER_01", "Je ne sais pas.", 1.0, 2.5, "segment 0")],
    ),
    (
        "consecutive-segments-of-one-speaker-stay-apart",
        [
            {"start": 0.0, "end": 1.0, "text": "Je dors mal.", "speaker": "SPEAKER_01"},
            {"start": 1.2, "end": 2.0, "text": "Depuis janvier.", "speaker": "SPEAKER_01"},
        ],
        [("SPEAKER_01", "Je dors mal.", 0.0, 1.0, "segment 0"), ("SPEAKER_01", "Depuis janvier.", 1.2, 2.0, "segment 1")],
    ),
]


@pytest.mark.parametrize(("segments", "expected"), [case[1:] for case in WHISPERX_CASES], ids=[case[0] for case in WHISPERX_CASES])
def test_whisperx_turns_from_word_speakers(segments, expected):
    transcript = _read_x(segments)
    assert _rows(transcript) == expected
    assert transcript.warnings == ()


def test_whisperx_without_any_speaker_gives_one_warning():
    transcript = _read_x([
        {"start": 0.0, "end": 1.0, "text": "Bonjour.", "words": [_w("Bonjour.", 0.0, 1.0)]},
        {"start": 1.5, "end": 2.0, "text": "Bonjour."},
    ])
    assert [u.speaker for u in transcript.utterances] == ["inconnu", "inconnu"]
    assert transcript.warnings == (f"{SOURCE}: segment 0: 2 utterances without a speaker, given to speaker 'inconnu'",)


def test_whisperx_ignores_an_rttm_with_a_warning():
    options = ReadOptions(rttm="seance-07.rttm")
    transcript = read_whisperx(_json([{"start": 0.0, "end": 1.0, "text": "Oui.", "speaker": "A"}]), source=SOURCE, session_id="s", options=options)
    assert transcript.warnings == (f"{SOURCE}: --rttm seance-07.rttm ignored: WhisperX output has its own speakers",)


def test_language_is_kept_only_when_given():
    transcript = _read_x([{"start": 0.0, "end": 1.0, "text": "Oui.", "speaker": "A"}])
    assert "language" not in transcript.metadata


def test_a_utf8_bom_is_accepted():
    data = b"\xef\xbb\xbf" + _json([{"start": 0.0, "end": 1.0, "text": "Ça va.", "speaker": "A"}])
    assert _rows(read_whisperx(data, source=SOURCE, session_id="s")) == [("A", "Ça va.", 0.0, 1.0, "segment 0")]


# --- Whisper: no speakers, or speakers from an RTTM file ---

PLAIN_SEGMENTS = [
    {"id": 0, "start": 0.0, "end": 2.0, "text": " Qu'est-ce qui vous amène ?"},
    {"id": 1, "start": 2.4, "end": 5.0, "text": " Mon médecin m'a conseillé de venir."},
    {"id": 2, "start": 9.0, "end": 9.8, "text": " D'accord."},
]


def test_whisper_without_rttm_is_one_unknown_speaker_with_a_hint():
    transcript = read_whisper(_json(PLAIN_SEGMENTS, language="fr"), source=SOURCE, session_id="seance-07")
    assert _rows(transcript) == [
        ("inconnu", "Qu'est-ce qui vous amène ?", 0.0, 2.0, "segment 0"),
        ("inconnu", "Mon médecin m'a conseillé de venir.", 2.4, 5.0, "segment 1"),
        ("inconnu", "D'accord.", 9.0, 9.8, "segment 2"),
    ]
    assert transcript.warnings == (f"{SOURCE}: the file has no speakers: every utterance is given to speaker 'inconnu'; --rttm FILE can give them from a diarization",)
    assert transcript.metadata["language"] == "fr"


# RTTM turns -> speakers of PLAIN_SEGMENTS
RTTM_SEGMENT_CASES: list[tuple[str, list[tuple[str, float, float]], list[str]]] = [
    ("one-turn-each", [("T", 0.0, 2.1), ("C", 2.3, 5.2), ("T", 8.9, 10.0)], ["T", "C", "T"]),
    ("most-overlap-wins", [("T", 0.0, 3.0), ("C", 3.0, 5.2), ("T", 8.9, 10.0)], ["T", "C", "T"]),
    ("no-overlap-nearest-turn", [("T", 0.0, 2.1), ("C", 2.3, 5.2), ("T", 6.0, 7.0)], ["T", "C", "T"]),
    ("no-overlap-nearest-by-middle-not-by-edge", [("T", 0.0, 2.1), ("C", 2.3, 8.6), ("T", 12.0, 13.0)], ["T", "C", "T"]),
]


@pytest.mark.parametrize(("turns", "speakers"), [case[1:] for case in RTTM_SEGMENT_CASES], ids=[case[0] for case in RTTM_SEGMENT_CASES])
def test_whisper_segments_take_rttm_speakers(tmp_path, turns, speakers):
    transcript = read_whisper(_json(PLAIN_SEGMENTS), source=SOURCE, session_id="seance-07", options=_rttm(tmp_path, *turns))
    assert [u.speaker for u in transcript.utterances] == speakers
    assert transcript.warnings == ()


def test_whisper_words_take_rttm_speakers_and_are_grouped(tmp_path):
    segments = [{"id": 0, "start": 0.0, "end": 4.0, "text": " Vous dormez mal. Oui, très mal.", "words": [
        {"word": " Vous", "start": 0.0, "end": 0.3}, {"word": " dormez", "start": 0.4, "end": 0.9}, {"word": " mal.", "start": 1.0, "end": 1.4},
        {"word": " Oui,", "start": 2.0, "end": 2.4}, {"word": " très", "start": 2.5, "end": 2.9}, {"word": " mal.", "start": 3.0, "end": 4.0}]}]
    options = _rttm(tmp_path, ("Thérapeute", 0.0, 1.6), ("Cliente", 1.9, 4.2))
    transcript = read_whisper(_json(segments), source=SOURCE, session_id="seance-07", options=options)
    assert _rows(transcript) == [
        ("Thérapeute", "Vous dormez mal.", 0.0, 1.4, "segment 0, words 0–2"),
        ("Cliente", "Oui, très mal.", 2.0, 4.0, "segment 0, words 3–5"),
    ]


def test_whisper_segments_fixture_with_another_file_id(tmp_path):
    options = ReadOptions(rttm=str(FIXTURES / "segments.rttm"))
    transcript = read_whisper((FIXTURES / "segments.json").read_bytes(), source="segments.json", session_id="segments", options=options)
    assert _rows(transcript) == [
        ("SPEAKER_00", "Vous m'avez dit que les dimanches soirs étaient difficiles.", 0.0, 3.6, "segment 0"),
        ("SPEAKER_01", "Oui, c'est là que tout remonte.", 4.0, 6.2, "segment 1"),
        ("SPEAKER_00", "Qu'est-ce qui remonte, par exemple ?", 12.5, 15.0, "segment 3"),
    ]
    assert transcript.warnings == (
        "segments.json: 1 segment dropped as known speech-recognition hallucinations (segment 2: « Sous-titrage ST' 501 »)",
        f"segments.json: {options.rttm} has no turns for file id 'segments': its only file id 'seance-07' is used",
    )
    assert transcript.metadata["hallucinations_dropped"] == 1


# --- hallucinations ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sous-titres réalisés par la communauté d'Amara.org", True),
        (" SOUS-TITRES REALISES PAR LA COMMUNAUTE D'AMARA.ORG ", True),
        ("Sous-titres réalisés par la communauté d’Amara.org.", True),
        ("Sous-titres par Jean-Marc Dupont", True),
        ("Sous-titrage ST'501", True),
        ("Sous-titrage Société Radio-Canada", True),
        ("Merci d'avoir regardé cette vidéo !", True),
        ("Abonnez-vous !", True),
        ("N'oubliez pas de vous abonner.", True),
        ("Merci.", False),
        ("Merci d'avoir regardé mon dossier.", False),
        ("Je me suis abonnée à une salle de sport.", False),
        ("Les sous-titres, je les lis toujours.", False),
        ("Sous-titres", False),
        ("...", False),
    ],
)
def test_known_hallucinations(text, expected):
    assert is_hallucination(text) is expected


def test_hallucination_segments_are_dropped_and_counted():
    transcript = read_whisperx((FIXTURES / "hallucination.json").read_bytes(), source="hallucination.json", session_id="hallucination")
    assert _rows(transcript) == [
        ("SPEAKER_00", "Alors, comment s'est passée votre semaine ?", 5.1, 7.64, "segment 1"),
        ("SPEAKER_01", "Plutôt bien, merci.", 8.02, 10.75, "segment 2"),
    ]
    dropped = "segment 0: « Sous-titres réalisés par la communauté d'Amara.org »; segment 3: « Merci d'avoir regardé cette vidéo ! »"
    assert transcript.warnings == (f"hallucination.json: 2 segments dropped as known speech-recognition hallucinations ({dropped})",)
    assert transcript.metadata["hallucinations_dropped"] == 2


# --- errors ---

BAD_SEGMENTS: list[tuple[str, bytes, str]] = [
    ("segment-not-an-object", _json([{"start": 0.0, "end": 1.0, "text": "Oui."}, "Non."]), "segment 1: a segment must be a JSON object, not a string"),
    ("start-not-a-number", _json([{"start": "0:00", "end": 1.0, "text": "Oui."}]), "segment 0: 'start' must be a number of seconds, not \"0:00\""),
    ("start-a-boolean", _json([{"start": True, "end": 1.0, "text": "Oui."}]), "segment 0: 'start' must be a number of seconds, not true"),
    ("start-nan", b'{"segments": [{"start": NaN, "end": 1.0, "text": "Oui."}]}', "segment 0: 'start' must be a number of seconds, not NaN"),
    ("text-not-a-string", _json([{"start": 0.0, "end": 1.0, "text": ["Oui."]}]), "segment 0: 'text' must be a string"),
    ("words-not-a-list", _json([{"start": 0.0, "end": 1.0, "text": "Oui.", "words": "Oui."}]), "segment 0: 'words' must be a list, not a string"),
    ("word-not-an-object", _json([{"start": 0.0, "end": 1.0, "words": [_w("Oui", 0.0, 0.5), "."]}]), "segment 0, word 1: a word must be a JSON object, not a string"),
    ("word-end-not-a-number", _json([{"start": 0.0, "end": 1.0, "words": [_w("Oui"), {"word": ".", "end": "fin"}]}]), "segment 0, word 1: 'end' must be a number of seconds"),
    ("speaker-not-a-string", _json([{"start": 0.0, "end": 1.0, "text": "Oui.", "speaker": 0}]), "segment 0: 'speaker' must be a string, not 0"),
    ("invalid-utf8", b'{"segments": [{"start": 0.0, "end": 1.0, "text": "D\xe9j\xe0."}]}', "byte 51: not UTF-8 text"),
    ("invalid-utf8-after-bom", b'\xef\xbb\xbf{"text": "\xe9"}', "byte 13: not UTF-8 text"),
    ("not-json", b"Th\xc3\xa9rapeute : Bonjour.", "line 1, column 1: invalid JSON: Expecting value"),
    ("empty", b"", "line 1, column 1: invalid JSON: Expecting value"),
    ("no-speech", _json([]), "no speech found"),
]


@pytest.mark.parametrize("reader", [read_whisperx, read_whisper], ids=["whisperx", "whisper"])
@pytest.mark.parametrize(("data", "message"), [case[1:] for case in BAD_SEGMENTS], ids=[case[0] for case in BAD_SEGMENTS])
def test_a_malformed_file_names_the_file_and_the_place(reader, data, message):
    with pytest.raises(InputError) as caught:
        reader(data, source=SOURCE, session_id="seance-07", options=None)
    assert not isinstance(caught.value, NotATranscriptError)
    assert str(caught.value).startswith(f"{SOURCE}: {message}")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("reader", [read_whisperx, read_whisper], ids=["whisperx", "whisper"])
@pytest.mark.parametrize(
    "data",
    [(FIXTURES / "not_whisper.json").read_bytes(), b"[1, 2, 3]", b'{"segments": {"0": "Oui."}}', b'"Bonjour."'],
    ids=["labels-file", "list", "segments-not-a-list", "string"],
)
def test_json_that_is_not_whisper_output(reader, data):
    with pytest.raises(NotATranscriptError) as caught:
        reader(data, source="autre.json", session_id="autre")
    assert str(caught.value) == "autre.json: not Whisper output: no 'segments' list"


def test_rttm_errors_name_the_rttm_file(tmp_path):
    rttm = str(FIXTURES / "negative_duration.rttm")
    with pytest.raises(InputError) as caught:
        read_whisper(_json(PLAIN_SEGMENTS), source=SOURCE, session_id="seance-07", options=ReadOptions(rttm=rttm))
    assert str(caught.value).startswith(f"{rttm}: line 3: ")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("rttm_text", "message"),
    [
        (None, "cannot read the RTTM file"),
        ("SPEAKER seance-01 1 0.0 1.0 <NA> <NA> A <NA> <NA>\nSPEAKER seance-02 1 0.0 1.0 <NA> <NA> B <NA> <NA>\n", "no turns for file id 'seance-07' among the RTTM file's 2 file ids (seance-01, seance-02)"),
        ("SPKR-INFO seance-07 1 <NA> <NA> <NA> unknown A <NA> <NA>\n", "no SPEAKER turns in the RTTM file"),
    ],
    ids=["missing", "other-recordings", "no-turns"],
)
def test_an_rttm_without_this_session_is_an_error(tmp_path, rttm_text, message):
    path = tmp_path / "diarisation.rttm"
    if rttm_text is not None:
        path.write_text(rttm_text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_whisper(_json(PLAIN_SEGMENTS), source=SOURCE, session_id="seance-07", options=ReadOptions(rttm=str(path)))
    assert str(caught.value).startswith(f"{path}: {message}")
    assert "\n" not in str(caught.value)


def test_an_rttm_folder_gives_each_session_its_own_file(tmp_path):
    folder = tmp_path / "diarisation"
    folder.mkdir()
    (folder / "whisper.rttm").write_bytes((CONVERSATION / "whisper.rttm").read_bytes())
    data = (CONVERSATION / "whisper.json").read_bytes()
    transcript = read_whisper(data, source="whisper.json", session_id="whisper", options=ReadOptions(rttm=str(folder)))
    assert [u.speaker for u in transcript.utterances] == ["Thérapeute", "Cliente"] * 3
    with pytest.raises(InputError) as caught:
        read_whisper(data, source="seance-09.json", session_id="seance-09", options=ReadOptions(rttm=str(folder)))
    assert str(caught.value) == f"seance-09.json: --rttm {folder}: the --rttm folder holds no seance-09.rttm for this session"
