"""What every reader shares: white space, empty utterances, times to the millisecond, backwards times."""

from __future__ import annotations

import pytest

from analyser.errors import InputError
from analyser.read._builder import Draft, build_transcript, clean_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Bonjour,\n  installez-vous. ", "Bonjour, installez-vous."),
        ("Je dors\t\tmal.", "Je dors mal."),
        ("Vous venez\u00a0?", "Vous venez\u00a0?"),  # French typography is kept
        ("«\u202fnon\u202f»", "«\u202fnon\u202f»"),
        ("\u00a0Oui.\u00a0", "Oui."),
        ("ligne\r\nsuivante", "ligne suivante"),
    ],
    ids=["line-break", "tabs", "nbsp-kept", "narrow-nbsp-kept", "nbsp-at-ends", "crlf"],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def _build(*drafts: Draft):
    return build_transcript(drafts, source="seance.srt", session_id="s", metadata={"format": "srt"})


def test_times_are_kept_to_the_millisecond() -> None:
    transcript = _build(Draft("T", "Bonjour.", 3.5000000001, 8.1199999))
    assert (transcript.utterances[0].start, transcript.utterances[0].end) == (3.5, 8.12)


def test_empty_utterances_are_skipped_with_their_place() -> None:
    transcript = _build(Draft("T", "Bonjour.", place="cue 1"), Draft("P", "  \n ", place="cue 2"), Draft("T", "Alors ?", place="cue 3"))
    assert [u.index for u in transcript.utterances] == [0, 1]
    assert transcript.warnings == ("seance.srt: cue 2: P says nothing, utterance skipped",)


@pytest.mark.parametrize(
    ("drafts", "warning"),
    [
        ((Draft("T", "Bonjour.", 10.0, 12.0, line=4), Draft("P", "Oui.", 5.0, 6.0, line=8)), "seance.srt: line 8: time goes backwards (5 s after 10 s)"),
        ((Draft("T", "Bonjour.", 5.0, 1.0, place="cue 1"),), "seance.srt: cue 1: the time range ends before it starts (1 s < 5 s)"),
    ],
    ids=["backwards", "range-reversed"],
)
def test_time_warnings_name_the_place(drafts: tuple[Draft, ...], warning: str) -> None:
    assert _build(*drafts).warnings == (warning,)


def test_marked_overlaps_may_start_together_without_a_warning() -> None:
    transcript = _build(Draft("T", "Oui", 4.0, 6.0, overlap=True), Draft("P", "Non", 4.0, 6.0, overlap=True))
    assert transcript.warnings == ()
    assert all(u.overlap for u in transcript.utterances)


def test_nothing_said_at_all_is_an_error() -> None:
    with pytest.raises(InputError, match="^seance.srt: no speech found"):
        _build(Draft("T", " "))
