"""Tests of the RTTM reader and of giving a diarization speaker to a stretch of time."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyser.errors import InputError
from analyser.read._rttm import RttmTurn, SpeakerTurns, read_rttm, session_turns

from ..conftest import TEST_DATA

DATA = TEST_DATA


def _write(tmp_path: Path, text: str, name: str = "seance.rttm") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_conversation_rttm_gives_onset_plus_duration():
    turns = read_rttm(str(DATA / "conversation" / "whisper.rttm"))
    assert [t.speaker for t in turns] == ["Thérapeute", "Cliente", "Thérapeute", "Cliente", "Thérapeute", "Cliente"]
    assert {t.file_id for t in turns} == {"whisper"}
    assert (turns[1].start, round(turns[1].end, 3)) == (3.47, 8.17)


def test_blank_lines_and_other_types_are_skipped(tmp_path):
    path = _write(
        tmp_path,
        "SPKR-INFO seance 1 <NA> <NA> <NA> unknown SPEAKER_00 <NA> <NA>\n"
        "\n"
        "SPEAKER seance 1 1.5 2.25 <NA> <NA> SPEAKER_00 <NA> <NA>\n"
        "   \n"
        "LEXEME seance 1 1.5 0.4 bonjour lex SPEAKER_00 <NA> <NA>\n",
    )
    assert read_rttm(path) == (RttmTurn("seance", "SPEAKER_00", 1.5, 3.75),)


def test_a_line_of_eight_fields_is_enough(tmp_path):
    path = _write(tmp_path, "SPEAKER seance 1 0.0 1.0 <NA> <NA> SPEAKER_01\n")
    assert read_rttm(path) == (RttmTurn("seance", "SPEAKER_01", 0.0, 1.0),)


# text -> (line, words the message holds)
MALFORMED: list[tuple[str, str, int, str]] = [
    ("too-few-fields", "SPEAKER seance 1 0.0 1.0 <NA> <NA>\n", 1, "at least 8 fields"),
    ("onset-not-a-number", "SPEAKER seance 1 0.0 1.0 <NA> <NA> A <NA> <NA>\nSPEAKER seance 1 deux 1.0 <NA> <NA> B <NA> <NA>\n", 2, "onset 'deux'"),
    ("duration-not-a-number", "SPEAKER seance 1 0.0 1,5 <NA> <NA> A <NA> <NA>\n", 1, "duration '1,5'"),
    ("negative-duration", "SPEAKER seance 1 4.0 -0.5 <NA> <NA> A <NA> <NA>\n", 1, "duration '-0.5'"),
    ("infinite-onset", "SPEAKER seance 1 inf 1.0 <NA> <NA> A <NA> <NA>\n", 1, "onset 'inf'"),
]


@pytest.mark.parametrize(("text", "line", "message"), [case[1:] for case in MALFORMED], ids=[case[0] for case in MALFORMED])
def test_a_malformed_line_names_the_file_and_the_line(tmp_path, text, line, message):
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        read_rttm(path)
    assert str(caught.value).startswith(f"{path}: line {line}: ")
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_the_malformed_fixture_names_its_negative_duration():
    path = str(DATA / "whisper" / "negative_duration.rttm")
    with pytest.raises(InputError, match=r"negative_duration\.rttm: line 3: the duration '-1\.500' cannot be negative") as caught:
        read_rttm(path)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("content", "place"),
    [
        (None, None),  # no such file
        (b"SPEAKER s\xe9ance 1 0.0 1.0 <NA> <NA> A <NA> <NA>\n", "byte 9"),  # Latin-1, not UTF-8
    ],
    ids=["missing", "not-utf8"],
)
def test_an_unreadable_file_is_named(tmp_path, content, place):
    path = tmp_path / "diarisation.rttm"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_rttm(str(path))
    assert str(caught.value).startswith(f"{path}: {place}: " if place else f"{path}: cannot read the RTTM file")
    assert "\n" not in str(caught.value)


TURNS = SpeakerTurns(
    [
        RttmTurn("s", "Cliente", 20.0, 24.0),  # out of order: the index sorts them
        RttmTurn("s", "Thérapeute", 0.0, 3.0),
        RttmTurn("s", "Cliente", 3.0, 8.0),
        RttmTurn("s", "Thérapeute", 8.0, 9.0),
        RttmTurn("s", "Thérapeute", 9.5, 11.0),
    ]
)

# (start, end) -> speaker
SPEAKER_CASES: list[tuple[str, float, float, str]] = [
    ("inside-one-turn", 0.5, 2.5, "Thérapeute"),
    ("most-overlap-wins", 2.0, 6.0, "Cliente"),
    ("overlap-summed-over-turns", 7.0, 10.4, "Thérapeute"),  # 1.0 Cliente, 1.0 + 0.9 Thérapeute
    ("equal-overlap-earlier-turn", 2.0, 4.0, "Thérapeute"),
    ("in-a-gap-nearest-middle", 12.0, 13.0, "Thérapeute"),
    ("in-a-gap-nearer-the-later-turn", 17.0, 18.0, "Cliente"),
    ("after-the-last-turn", 30.0, 31.0, "Cliente"),
    ("a-point-in-a-turn", 4.2, 4.2, "Cliente"),
    ("touching-is-not-overlapping", 11.0, 11.5, "Thérapeute"),
]


@pytest.mark.parametrize(("start", "end", "speaker"), [case[1:] for case in SPEAKER_CASES], ids=[case[0] for case in SPEAKER_CASES])
def test_speaker_for_a_stretch_of_time(start, end, speaker):
    assert TURNS.speaker_for(start, end) == speaker


def test_a_long_turn_is_found_after_later_short_ones():
    turns = SpeakerTurns([RttmTurn("s", "Cliente", 0.0, 100.0), RttmTurn("s", "Thérapeute", 50.0, 51.0), RttmTurn("s", "Thérapeute", 60.0, 61.0)])
    assert turns.speaker_for(90.0, 95.0) == "Cliente"


def test_no_turns_no_speaker():
    assert SpeakerTurns([]).speaker_for(0.0, 1.0) is None


def test_the_session_file_id_selects_its_turns():
    turns = (RttmTurn("seance-07", "A", 0.0, 1.0), RttmTurn("seance-08", "B", 0.0, 1.0))
    assert session_turns(turns, "seance-08", rttm_source="d.rttm") == ((turns[1],), None)


def test_a_single_other_file_id_is_used_with_a_note_naming_both():
    turns = (RttmTurn("enregistrement", "A", 0.0, 1.0),)
    selected, note = session_turns(turns, "seance-07", rttm_source="d.rttm")
    assert selected == turns
    assert note == "d.rttm has no turns for file id 'seance-07': its only file id 'enregistrement' is used"


@pytest.mark.parametrize(
    ("turns", "message"),
    [
        ((RttmTurn("seance-01", "A", 0.0, 1.0), RttmTurn("seance-02", "B", 0.0, 1.0)), "d.rttm: no turns for file id 'seance-07' among the RTTM file's 2 file ids (seance-01, seance-02)"),
        ((), "d.rttm: no SPEAKER turns in the RTTM file"),
    ],
    ids=["several-other-ids", "no-turns"],
)
def test_no_turns_for_the_session_names_the_rttm_file(turns, message):
    with pytest.raises(InputError) as caught:
        session_turns(turns, "seance-07", rttm_source="d.rttm")
    assert str(caught.value) == message
