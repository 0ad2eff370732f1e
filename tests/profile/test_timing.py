"""Tests of talk time, overlap and turn balance on hand-built French transcripts with known word counts."""

from __future__ import annotations

import pytest

from analyser.domain import OverlapSpan, Role, Transcript, Utterance
from analyser.profile.timing import NEXT_START, NO_TIMES, START_END, measure_timing
from analyser.profile.turn_balance import TIMELINE_WINDOWS, measure_turn_balance

ROLE_OF: dict[str, Role] = {
    "Thérapeute": "therapist",
    "T1": "therapist",
    "T2": "therapist",
    "Patiente": "client",
    "Interprète": "other",
}

Row = tuple[str, float | None, float | None]


def _utterances(*rows: Row) -> tuple[Utterance, ...]:
    return tuple(
        Utterance(i, speaker, ROLE_OF[speaker], "Oui, je vois.", start, end, i + 1) for i, (speaker, start, end) in enumerate(rows)
    )


def _transcript(*rows: Row) -> Transcript:
    return Transcript(session_id="s", source="seance.txt", utterances=_utterances(*rows))


# --- measure_timing -------------------------------------------------------------------


def test_start_end_rule() -> None:
    timing = measure_timing(_utterances(("Thérapeute", 0.0, 4.0), ("Patiente", 5.0, 12.5), ("Thérapeute", 13.0, 15.0)))
    assert timing.rule == START_END
    assert timing.intervals == ((0.0, 4.0), (5.0, 12.5), (13.0, 15.0))
    assert timing.talk_time == pytest.approx({"Thérapeute": 6.0, "Patiente": 7.5})
    assert timing.overlap == {"Thérapeute": 0.0, "Patiente": 0.0}


def test_next_start_rule_last_utterance_untimed() -> None:
    timing = measure_timing(_utterances(("Thérapeute", 0.0, None), ("Patiente", 3.0, None), ("Thérapeute", 5.0, None)))
    assert timing.rule == NEXT_START
    assert timing.intervals == ((0.0, 3.0), (3.0, 5.0), None)
    assert timing.talk_time == pytest.approx({"Thérapeute": 3.0, "Patiente": 2.0})
    assert timing.overlap == {"Thérapeute": 0.0, "Patiente": 0.0}


def test_next_start_skips_untimed_utterances() -> None:
    timing = measure_timing(
        _utterances(("Thérapeute", 0.0, None), ("Patiente", None, None), ("Thérapeute", 8.0, None), ("Patiente", 10.0, None))
    )
    assert timing.rule == NEXT_START
    assert timing.intervals == ((0.0, 8.0), None, (8.0, 10.0), None)
    assert timing.talk_time == pytest.approx({"Thérapeute": 10.0, "Patiente": 0.0})


def test_next_start_rule_uses_ends_where_given() -> None:
    # One timed utterance lacks an end, so the rule is "next_start"; the others keep their own ends.
    timing = measure_timing(_utterances(("Thérapeute", 0.0, 2.0), ("Patiente", 3.0, None), ("Thérapeute", 5.0, 6.0)))
    assert timing.rule == NEXT_START
    assert timing.intervals == ((0.0, 2.0), (3.0, 5.0), (5.0, 6.0))
    assert timing.talk_time == pytest.approx({"Thérapeute": 3.0, "Patiente": 2.0})


def test_no_times() -> None:
    timing = measure_timing(_utterances(("Thérapeute", None, None), ("Patiente", None, None)))
    assert timing.rule == NO_TIMES
    assert timing.talk_time == {}
    assert timing.overlap == {}
    assert timing.intervals == (None, None)


def test_speaker_without_timed_utterance_gets_zero() -> None:
    timing = measure_timing(_utterances(("Thérapeute", 0.0, 5.0), ("Interprète", None, None), ("Patiente", 6.0, 9.0)))
    assert timing.talk_time == pytest.approx({"Thérapeute": 5.0, "Interprète": 0.0, "Patiente": 3.0})
    assert timing.intervals[1] is None


def test_overlap_goes_to_each_speaker_not_talk_time() -> None:
    # Thérapeute 0-4, Patiente 3-6: 3-4 is spoken by both.
    timing = measure_timing(_utterances(("Thérapeute", 0.0, 4.0), ("Patiente", 3.0, 6.0)))
    assert timing.talk_time == pytest.approx({"Thérapeute": 3.0, "Patiente": 2.0})
    assert timing.overlap == pytest.approx({"Thérapeute": 1.0, "Patiente": 1.0})


def test_overlap_of_three_speakers() -> None:
    # Thérapeute 0-10, Patiente 2-4, Interprète 3-5:
    # 0-2 T alone, 2-3 T+P, 3-4 T+P+I, 4-5 T+I, 5-10 T alone.
    timing = measure_timing(_utterances(("Thérapeute", 0.0, 10.0), ("Patiente", 2.0, 4.0), ("Interprète", 3.0, 5.0)))
    assert timing.talk_time == pytest.approx({"Thérapeute": 7.0, "Patiente": 0.0, "Interprète": 0.0})
    assert timing.overlap == pytest.approx({"Thérapeute": 3.0, "Patiente": 2.0, "Interprète": 2.0})


def test_one_speaker_overlapping_themselves_is_not_overlap() -> None:
    timing = measure_timing(_utterances(("Thérapeute", 0.0, 10.0), ("Thérapeute", 2.0, 4.0)))
    assert timing.talk_time == pytest.approx({"Thérapeute": 10.0})
    assert timing.overlap == {"Thérapeute": 0.0}


def test_touching_intervals_do_not_overlap() -> None:
    timing = measure_timing(_utterances(("Thérapeute", 0.0, 5.0), ("Patiente", 5.0, 8.0)))
    assert timing.talk_time == pytest.approx({"Thérapeute": 5.0, "Patiente": 3.0})
    assert timing.overlap == {"Thérapeute": 0.0, "Patiente": 0.0}


@pytest.mark.parametrize(
    ("rows", "intervals"),
    [
        ((("Thérapeute", 10.0, None), ("Patiente", 5.0, None)), ((10.0, 10.0), None)),
        ((("Thérapeute", 5.0, 1.0), ("Patiente", 6.0, 8.0)), ((5.0, 5.0), (6.0, 8.0))),
    ],
    ids=["next-start-backwards", "range-end-before-start"],
)
def test_backwards_time_gives_no_negative_talk(rows: tuple[Row, ...], intervals: tuple[tuple[float, float] | None, ...]) -> None:
    timing = measure_timing(_utterances(*rows))
    assert timing.intervals == intervals
    assert timing.talk_time["Thérapeute"] == 0.0
    assert all(value >= 0.0 for value in timing.talk_time.values())


# --- measure_turn_balance -------------------------------------------------------------


def test_hand_computed_talk_time_and_shares() -> None:
    transcript = _transcript(
        ("Thérapeute", 0.0, 10.0),  # words 6
        ("Patiente", 9.0, 30.0),  # words 20
        ("Thérapeute", 31.0, 36.0),  # words 4
        ("Patiente", 36.0, 50.0),  # words 15
        ("Thérapeute", 48.0, 55.0),  # words 7
        ("Patiente", 56.0, 70.0),  # words 12
    )
    words = [6, 20, 4, 15, 7, 12]
    # Overlaps: 9-10 (1 s) and 48-50 (2 s): 3 s for each speaker. Silences 30-31 and 55-56 count for no one.
    # Thérapeute alone: 0-9 (9) + 31-36 (5) + 50-55 (5) = 19 s.
    # Patiente alone: 10-30 (20) + 36-48 (12) + 56-70 (14) = 46 s.
    # Total talk = 19 + 46 = 65 s, so the therapist's time share is 19 / 65 = 0.2923...
    # Words: therapist 6 + 4 + 7 = 17, client 20 + 15 + 12 = 47, total 64; word share 17 / 64 = 0.265625.
    balance = measure_turn_balance(transcript, words)
    therapist = balance.roles["therapist"]
    client = balance.roles["client"]
    assert balance.time_rule == START_END
    assert therapist.talk_time_s == pytest.approx(19.0)
    assert therapist.overlap_s == pytest.approx(3.0)
    assert therapist.time_share == pytest.approx(19 / 65)
    assert client.talk_time_s == pytest.approx(46.0)
    assert client.overlap_s == pytest.approx(3.0)
    assert client.time_share == pytest.approx(46 / 65)
    assert therapist.words == 17
    assert client.words == 47
    assert therapist.word_share == pytest.approx(17 / 64)
    assert client.word_share == pytest.approx(47 / 64)
    assert (therapist.utterances, therapist.turns, client.utterances, client.turns) == (3, 3, 3, 3)
    assert balance.switches == 5
    assert balance.speakers["Thérapeute"] == therapist
    assert therapist.to_dict()["time_share"] == 0.2923
    assert therapist.to_dict()["talk_time_s"] == 19.0


def test_turns_are_maximal_runs_of_one_speaker() -> None:
    transcript = _transcript(
        ("Thérapeute", None, None),
        ("Thérapeute", None, None),
        ("Patiente", None, None),
        ("Thérapeute", None, None),
        ("Patiente", None, None),
        ("Patiente", None, None),
        ("Patiente", None, None),
        ("Thérapeute", None, None),
    )
    words = [2, 3, 10, 4, 5, 6, 7, 9]
    # Turns: Thérapeute 2+3=5, Patiente 10, Thérapeute 4, Patiente 5+6+7=18, Thérapeute 9.
    balance = measure_turn_balance(transcript, words)
    therapist = balance.roles["therapist"]
    client = balance.roles["client"]
    assert balance.switches == 4
    assert (therapist.utterances, therapist.turns, therapist.words) == (4, 3, 18)
    assert (client.utterances, client.turns, client.words) == (4, 2, 28)
    assert therapist.mean_turn_words == pytest.approx(6.0)
    assert therapist.median_turn_words == 5.0
    assert therapist.longest_turn_words == 9
    assert client.mean_turn_words == pytest.approx(14.0)
    assert client.median_turn_words == 14.0
    assert client.longest_turn_words == 18
    assert therapist.word_share == pytest.approx(18 / 46)


def test_untimed_transcript_has_no_time_figures() -> None:
    balance = measure_turn_balance(_transcript(("Thérapeute", None, None), ("Patiente", None, None)), [3, 5])
    assert balance.time_rule == NO_TIMES
    for stats in (*balance.roles.values(), *balance.speakers.values()):
        assert (stats.talk_time_s, stats.time_share, stats.overlap_s) == (None, None, None)
    assert balance.roles["client"].word_share == pytest.approx(5 / 8)


def test_role_turns_are_speaker_turns() -> None:
    # Two co-therapists speaking one after the other are two turns, and a switch.
    transcript = _transcript(("T1", None, None), ("T2", None, None), ("Patiente", None, None), ("T1", None, None))
    balance = measure_turn_balance(transcript, [4, 6, 10, 2])
    assert balance.switches == 3
    therapist = balance.roles["therapist"]
    assert (therapist.utterances, therapist.turns, therapist.words, therapist.longest_turn_words) == (3, 3, 12, 6)
    assert balance.speakers["T1"].turns == 2
    assert balance.speakers["T2"].turns == 1
    assert therapist.median_turn_words == 4.0


@pytest.mark.parametrize(
    ("rows", "roles"),
    [
        ((("Thérapeute", None, None), ("Patiente", None, None)), ["therapist", "client"]),
        ((("Thérapeute", None, None), ("Interprète", None, None), ("Patiente", None, None)), ["therapist", "client", "other"]),
        ((("Thérapeute", None, None),), ["therapist", "client"]),
    ],
    ids=["two-roles", "with-other", "therapist-alone"],
)
def test_roles_listed(rows: tuple[Row, ...], roles: list[str]) -> None:
    balance = measure_turn_balance(_transcript(*rows), [5] * len(rows))
    assert list(balance.roles) == roles


def test_absent_client_role_is_empty() -> None:
    balance = measure_turn_balance(_transcript(("Thérapeute", 0.0, 3.0)), [5])
    client = balance.roles["client"]
    assert (client.utterances, client.turns, client.words, client.longest_turn_words) == (0, 0, 0, 0)
    assert client.word_share == 0.0
    assert client.talk_time_s == 0.0
    assert client.mean_turn_words is None
    assert client.median_turn_words is None
    assert balance.switches == 0


def test_zero_words_gives_no_word_share() -> None:
    balance = measure_turn_balance(_transcript(("Thérapeute", None, None), ("Patiente", None, None)), [0, 0])
    assert balance.roles["therapist"].word_share is None
    assert balance.therapist_word_share_timeline == (None,) * TIMELINE_WINDOWS


def test_timeline_twenty_alternating_utterances() -> None:
    rows = [("Thérapeute" if i % 2 == 0 else "Patiente", None, None) for i in range(20)]
    words = [3 if i % 2 == 0 else 1 for i in range(20)]
    balance = measure_turn_balance(_transcript(*rows), words)  # type: ignore[arg-type]
    # Two utterances per window, one of each: 3 / (3 + 1).
    assert balance.therapist_word_share_timeline == pytest.approx((0.75,) * TIMELINE_WINDOWS)
    assert balance.switches == 19


def test_timeline_with_five_utterances_leaves_windows_empty() -> None:
    transcript = _transcript(
        ("Thérapeute", None, None), ("Patiente", None, None), ("Thérapeute", None, None), ("Patiente", None, None), ("Thérapeute", None, None)
    )
    balance = measure_turn_balance(transcript, [4, 6, 2, 8, 5])
    # Utterance i falls in window i * 10 // 5 = 2i: windows 0, 2, 4, 6, 8; the odd windows hold nothing.
    assert balance.therapist_word_share_timeline == (1.0, None, 0.0, None, 1.0, None, 0.0, None, 1.0, None)


def test_timeline_window_mixing_speakers() -> None:
    rows = [("Thérapeute", None, None), ("Patiente", None, None), ("Patiente", None, None)] * 10
    words = [1, 2, 1] * 10
    # 30 utterances: three per window, the therapist's 1 word out of 4.
    balance = measure_turn_balance(_transcript(*rows), words)  # type: ignore[arg-type]
    assert balance.therapist_word_share_timeline == pytest.approx((0.25,) * TIMELINE_WINDOWS)
    assert balance.to_dict()["therapist_word_share_timeline"] == [0.25] * TIMELINE_WINDOWS


# --- marked overlaps and interruptions ------------------------------------------------


def _marked(rows: tuple[tuple[str, float, float, bool], ...]) -> tuple[Utterance, ...]:
    return tuple(
        Utterance(i, speaker, ROLE_OF[speaker], "Oui, je vois.", start, end, i + 1, overlap=marked)
        for i, (speaker, start, end, marked) in enumerate(rows)
    )


def test_marked_overlap_goes_to_overlap_for_each_speaker() -> None:
    # Transcriber: Thérapeute 0-4, then an overlap turn 4-6 (both), then Patiente 6-10.
    utterances = _marked(
        (
            ("Thérapeute", 0.0, 4.0, False),
            ("Thérapeute", 4.0, 6.0, True),
            ("Patiente", 4.0, 6.0, True),
            ("Patiente", 6.0, 10.0, False),
        )
    )
    timing = measure_timing(utterances, (OverlapSpan(("Thérapeute", "Patiente"), 4.0, 6.0),))
    assert timing.talk_time == pytest.approx({"Thérapeute": 4.0, "Patiente": 4.0})
    assert timing.overlap == pytest.approx({"Thérapeute": 2.0, "Patiente": 2.0})
    # Patiente joined while the therapist was talking.
    assert timing.interruptions == {"Thérapeute": 0, "Patiente": 1}


def test_marked_overlap_counts_for_a_speaker_whose_part_holds_no_text() -> None:
    # The client only laughs during the overlap turn: no utterance, but the overlap is still theirs.
    utterances = _marked((("Thérapeute", 0.0, 4.0, False), ("Thérapeute", 4.0, 5.5, True), ("Patiente", 6.0, 9.0, False)))
    timing = measure_timing(utterances, (OverlapSpan(("Thérapeute", "Patiente"), 4.0, 5.5),))
    assert timing.talk_time == pytest.approx({"Thérapeute": 4.0, "Patiente": 3.0})
    assert timing.overlap == pytest.approx({"Thérapeute": 1.5, "Patiente": 1.5})


def test_consecutive_overlap_turns_are_one_interruption() -> None:
    utterances = _marked(
        (
            ("Thérapeute", 0.0, 3.0, False),
            ("Thérapeute", 3.0, 4.0, True),
            ("Patiente", 3.0, 4.0, True),
            ("Thérapeute", 4.0, 5.0, True),
            ("Patiente", 4.0, 5.0, True),
        )
    )
    spans = (OverlapSpan(("Thérapeute", "Patiente"), 3.0, 4.0), OverlapSpan(("Thérapeute", "Patiente"), 4.0, 5.0))
    assert measure_timing(utterances, spans).interruptions == {"Thérapeute": 0, "Patiente": 1}


@pytest.mark.parametrize(
    ("rows", "interruptions"),
    [
        # Patiente starts at 3 while the therapist speaks until 4.
        ((("Thérapeute", 0.0, 4.0), ("Patiente", 3.0, 6.0)), {"Thérapeute": 0, "Patiente": 1}),
        # Starting exactly when the other stops is taking a turn, not interrupting.
        ((("Thérapeute", 0.0, 4.0), ("Patiente", 4.0, 6.0)), {"Thérapeute": 0, "Patiente": 0}),
        # Starting together is not interrupting either.
        ((("Thérapeute", 0.0, 4.0), ("Patiente", 0.0, 2.0)), {"Thérapeute": 0, "Patiente": 0}),
        # A speaker continuing over their own speech does not interrupt themselves.
        ((("Thérapeute", 0.0, 4.0), ("Thérapeute", 2.0, 5.0)), {"Thérapeute": 0}),
        # Each start inside the other's speech counts once.
        (
            (("Thérapeute", 0.0, 10.0), ("Patiente", 2.0, 3.0), ("Patiente", 5.0, 6.0), ("Thérapeute", 20.0, 22.0), ("Patiente", 21.0, 25.0)),
            {"Thérapeute": 0, "Patiente": 3},
        ),
    ],
    ids=["over-the-end", "touching", "together", "self", "three"],
)
def test_interruptions_from_crossing_times(rows: tuple[Row, ...], interruptions: dict[str, int]) -> None:
    assert measure_timing(_utterances(*rows)).interruptions == interruptions


def test_untimed_transcript_has_no_interruptions() -> None:
    balance = measure_turn_balance(_transcript(("Thérapeute", None, None), ("Patiente", None, None)), [3, 5])
    assert balance.interruptions is None
    assert balance.roles["client"].interruptions is None


def test_turn_balance_reports_marked_overlap_and_interruptions() -> None:
    utterances = _marked(
        (
            ("Thérapeute", 0.0, 4.0, False),
            ("Thérapeute", 4.0, 6.0, True),
            ("Patiente", 4.0, 6.0, True),
            ("Patiente", 6.0, 10.0, False),
        )
    )
    transcript = Transcript("s", "entretien.trs", utterances, overlaps=(OverlapSpan(("Thérapeute", "Patiente"), 4.0, 6.0),))
    balance = measure_turn_balance(transcript, [3, 3, 3, 3])
    assert balance.interruptions == 1
    assert balance.roles["client"].to_dict()["overlap_s"] == 2.0
    assert balance.roles["therapist"].time_share == pytest.approx(0.5)
