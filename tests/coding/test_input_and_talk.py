"""Therapist input, Persuade/Confront, the client's feelings, history-taking and client talk on tables of French examples.

The tables are in tests/coding_tables.py, written blind (by someone who had not read the rules);
the rows the rules still code otherwise are listed in KNOWN_MISSES, each a strict xfail, so that a
rule change that fixes one is seen.
"""

from __future__ import annotations

import pytest

from analyser import labels as L

from ..coding_tables import CLIENT_TALK, HISTORY_TAKING, PERSUADE_CONFRONT, THERAPIST_INPUT, THERAPIST_OWN_FEELING
from ..known_misses import KNOWN_MISSES

pytestmark = pytest.mark.model

_BEHAVIOURS = (L.PERSUADE, L.PERSUADE_WITH_PERMISSION, L.CONFRONT)


def _rows(table: list[tuple], name: str, key: int) -> list:
    """One pytest param per row, with an id; a known miss is a strict xfail."""
    params = []
    for index, row in enumerate(table):
        marks = [pytest.mark.xfail(strict=True, reason="a known miss of the rules")] if (name, index) in KNOWN_MISSES else []
        params.append(pytest.param(*row, marks=marks, id=f"{name}-{index}-{str(row[key])[:40]}"))
    return params


@pytest.fixture(scope="module")
def code(code_exchange):
    """Code the last turn of a short exchange: code(turn, ..., last="therapist", target=None)."""
    return code_exchange


@pytest.mark.parametrize(("client", "therapist", "expected_input", "expected_reflection"), _rows(THERAPIST_INPUT, "input", 1))
def test_therapist_input_and_reflection(code, client, therapist, expected_input, expected_reflection):
    coded = code(client, therapist)
    assert (coded.input, coded.reflection) == (expected_input, expected_reflection)
    if coded.input is not None:
        evidence = [m for m in coded.markers if m.label == L.INPUT_MARKERS[coded.input]]
        assert len(evidence) == 1 and evidence[0].text and evidence[0].rule.startswith(coded.input)


@pytest.mark.parametrize(("therapist", "expected"), _rows(PERSUADE_CONFRONT, "persuade", 0))
def test_persuade_and_confront(code, therapist, expected):
    coded = code("Je sais pas trop.", therapist)
    found = {m.label for m in coded.markers if m.label in _BEHAVIOURS}
    assert found == ({expected} if expected else set())


@pytest.mark.parametrize(("client", "therapist", "expected"), _rows(THERAPIST_OWN_FEELING, "feeling", 1))
def test_only_the_clients_feelings_make_a_reflection_complex(code, client, therapist, expected):
    assert code(client, therapist).reflection == expected


@pytest.mark.parametrize(("client", "therapist", "expected"), _rows(HISTORY_TAKING, "history", 1))
def test_history_taking_questions_are_questions_not_reflections(code, client, therapist, expected):
    coded = code(client, therapist)
    assert (coded.question, coded.reflection) == (expected, None)


@pytest.mark.parametrize(("target", "client", "expected", "family"), _rows(CLIENT_TALK, "talk", 1))
def test_client_talk(code, target, client, expected, family):
    coded = code("Et de votre côté, où vous en êtes ?", client, last="client", target=target)
    assert coded.client_talk == expected
    evidence = [m for m in coded.markers if m.label in (L.CHANGE_TALK, L.SUSTAIN_TALK)]
    assert bool(evidence) == (expected != "neutral")
    if family is not None and evidence:
        assert evidence[0].rule.startswith(family)
