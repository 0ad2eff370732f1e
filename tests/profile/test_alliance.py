"""The alliance profile's rules on small hand-built sessions: rupture episodes and their repair, missed empathy, rLSM."""

from __future__ import annotations

import pytest

from analyser import labels as L
from analyser.domain import CodedUtterance, Marker, Utterance
from analyser.profile.alliance import find_ruptures, measure_alliance, missed_empathy
from analyser.profile.attunement import StyleCounts, measure_attunement, rlsm

W, C, A, R, E = L.RUPTURE_WITHDRAWAL, L.RUPTURE_CONFRONTATION, L.CLIENT_AGREEMENT, L.REPAIR, L.CLIENT_EMOTION


def session(*turns: tuple) -> list[CodedUtterance]:
    """Turns as (role, labels, words[, question]) -> coded utterances, alternating as given."""
    coded = []
    for index, turn in enumerate(turns):
        role, labels, words, *rest = turn
        text = " ".join(["mot"] * words)
        markers = tuple(Marker(label, text, 0, len(text), f"{label.lower()}:test") for label in labels)
        utterance = Utterance(index, "Thérapeute" if role == "therapist" else "Client", role, text, source_line=index + 1)
        coded.append(CodedUtterance(utterance, words, question=rest[0] if rest else None, markers=markers))
    return coded


def t(*labels: str, words: int = 10, question: str | None = None) -> tuple:
    return ("therapist", labels, words, question)


def c(*labels: str, words: int = 10) -> tuple:
    return ("client", labels, words)


EPISODES = [
    # A confrontation opens an episode; a repair within four therapist turns and the client agreeing repair it.
    ("confrontation repaired", [t(), c(C), t(R), c(A, words=3)], [(1, 1, "confrontation", True)]),
    # The client elaborating (ENGAGED_WORDS words, no rupture) re-engages as well.
    ("repaired by elaborating", [t(), c(C), t(), c(words=12), t(R), c(words=12)], [(1, 1, "confrontation", True)]),
    # A repair the client does not take up repairs nothing.
    ("repair not taken up", [t(), c(C), t(R), c(words=2)], [(1, 1, "confrontation", False)]),
    # One withdrawal is not an episode; two within three client turns are, from the first.
    ("one withdrawal", [t(), c(W, words=2), t(), c(words=12)], []),
    ("two withdrawals", [t(), c(W, words=2), t(), c(words=4), t(), c(W, words=2)], [(1, 5, "withdrawal", False)]),
    # Withdrawal then confrontation is a mixed episode.
    ("mixed", [t(), c(C), t(), c(W, words=2)], [(1, 3, "mixed", False)]),
    # A repair after the therapist's fourth turn comes too late.
    ("repair too late", [t(), c(C), t(), c(), t(), c(), t(), c(), t(), c(), t(R), c(A)], [(1, 1, "confrontation", False)]),
]


@pytest.mark.parametrize(("name", "turns", "expected"), EPISODES, ids=[row[0] for row in EPISODES])
def test_rupture_episodes(name, turns, expected):
    episodes = find_ruptures(session(*turns))
    assert [(e.first_index, e.last_index, e.kind, e.repaired) for e in episodes] == expected


def test_missed_empathy_is_an_emotion_met_by_a_closed_question_not_by_a_reflection():
    coded = session(t(), c(E), t(question="closed"), c(E), t(L.EMPATHY_INTERPRETATION, question="closed"))
    assert missed_empathy(coded) == (1,)


def test_the_profile_rates_per_100_utterances_when_untimed_and_keeps_three_examples():
    coded = session(*(t(L.GOAL_TALK) if n % 2 == 0 else c(A) for n in range(10)))
    alliance = measure_alliance(coded, duration_s=None)
    assert alliance.rate_unit == "per_100_utterances" and alliance.goals.therapist == 5
    assert alliance.goals.rate == pytest.approx(50.0) and alliance.goals.examples == (0, 2, 4)
    assert alliance.goals.client_agreement == 5


def test_the_profile_rates_per_ten_minutes_when_timed():
    alliance = measure_alliance(session(t(L.TASK_TALK), c(), t(L.TASK_TALK)), duration_s=300.0)
    assert alliance.rate_unit == "per_10_minutes" and alliance.tasks.rate == pytest.approx(4.0)


def _style(*counts: int, words: int = 10) -> StyleCounts:
    return StyleCounts(tuple(counts) + (0,) * (9 - len(counts)), words)


def test_rlsm_is_one_for_the_same_style_and_zero_for_disjoint_ones():
    assert rlsm(_style(2, 1, 3), _style(2, 1, 3)) == pytest.approx(1.0)
    assert rlsm(_style(2, 0), _style(0, 2)) == pytest.approx(0.0)


def test_attunement_leaves_out_short_turns_and_its_baseline_is_the_same_each_run():
    roles = ["client", "therapist"] * 6
    styles = [_style(n % 3, 1, 2, words=8) for n in range(12)]
    first = measure_attunement(roles, styles, seed="seance")
    assert first == measure_attunement(roles, styles, seed="seance")
    assert first.pairs == 11 and first.baseline is not None
    short = measure_attunement(roles, [_style(1, words=3)] * 12, seed="seance")
    assert short.pairs == 0 and short.therapist_follows is None
