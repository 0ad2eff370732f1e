"""End to end on each bundled sample: what a supervisor should see in its profile."""

from __future__ import annotations

import pytest

from analyser.pipeline import analyse_transcript, load_session

from .conftest import SAMPLES

# The samples are analysed once for the run: these tests run commands over them again and again (conftest.py).
pytestmark = [pytest.mark.model, pytest.mark.usefixtures("shared_analyses")]


def analyse(name: str, nlp):
    return analyse_transcript(load_session(SAMPLES / name), nlp)


def test_first_session_is_balanced_and_timed(nlp):
    analysis = analyse("premiere-seance-alliance.txt", nlp)
    balance = analysis.profile.turn_balance
    assert analysis.transcript.roles == {"Thérapeute": "therapist", "Patiente": "client"}
    assert len(analysis.utterances) >= 60
    assert balance.time_rule == "next_start"
    therapist = balance.roles["therapist"]
    assert 0.35 < therapist.word_share < 0.6
    assert therapist.time_share == pytest.approx(
        therapist.talk_time_s / (therapist.talk_time_s + balance.roles["client"].talk_time_s)
    )
    assert analysis.transcript.warnings == ()


def test_rupture_session_keeps_continuations_and_repeated_speakers(nlp):
    analysis = analyse("rupture-et-reparation.txt", nlp)
    balance = analysis.profile.turn_balance
    assert balance.time_rule == "none"
    assert balance.roles["therapist"].talk_time_s is None
    # Consecutive utterances of one speaker make fewer turns than utterances.
    assert sum(stats.turns for stats in balance.roles.values()) < analysis.profile.utterances
    # Continuation lines are joined: utterances are fewer than non-comment, non-blank lines.
    lines = [l for l in (SAMPLES / "rupture-et-reparation.txt").read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")]
    assert analysis.profile.utterances < len(lines)


def test_advice_session_is_dominated_by_the_counsellor(nlp):
    analysis = analyse("questions-fermees-conseils.txt", nlp)
    balance = analysis.profile.turn_balance
    therapist, client = balance.roles["therapist"], balance.roles["client"]
    assert therapist.word_share > 0.75
    assert therapist.longest_turn_words > 4 * client.longest_turn_words
    assert all(share is not None and share > 0.5 for share in balance.therapist_word_share_timeline)


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_every_sample_has_both_roles_from_labels(path, nlp):
    analysis = analyse(path.name, nlp)
    assert set(analysis.transcript.roles.values()) == {"therapist", "client"}
    assert set(analysis.transcript.role_source.values()) == {"label"}
    assert analysis.profile.utterances >= 60
    assert sum(s.word_share for s in analysis.profile.turn_balance.roles.values()) == pytest.approx(1.0)
    assert all(r is not None for r in analysis.profile.readability.values())
