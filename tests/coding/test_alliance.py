"""Alliance markers on a blind table of French utterances (tests/coding/alliance_tables.py).

Rows the rules still code otherwise than the blind coder are strict xfails (ALLIANCE_KNOWN_MISSES), so that a rule
change that fixes one is seen; the figures per label family are measured by benchmarks/accuracy_alliance.py.
"""

from __future__ import annotations

import pytest

from analyser import labels as L

from .alliance_known_misses import ALLIANCE_KNOWN_MISSES
from .alliance_tables import ALLIANCE_ROWS

pytestmark = pytest.mark.model


def _rows() -> list:
    params = []
    for index, row in enumerate(ALLIANCE_ROWS):
        marks = [pytest.mark.xfail(strict=True, reason="a known miss of the rules")] if index in ALLIANCE_KNOWN_MISSES else []
        params.append(pytest.param(*row, marks=marks, id=f"alliance-{index}-{row[2][:40]}"))
    return params


def alliance_labels(coded) -> set[str]:
    return {marker.label for marker in coded.markers if marker.label in L.ALLIANCE_LABELS}


@pytest.mark.parametrize(("previous", "speaker", "utterance", "expected"), _rows())
def test_alliance_labels(code_exchange, previous, speaker, utterance, expected):
    coded = code_exchange(previous, utterance, last=speaker)
    assert alliance_labels(coded) == {label for label in expected.split(";") if label}
    for marker in coded.markers:
        if marker.label in L.ALLIANCE_LABELS:
            assert marker.rule and utterance[marker.start_char : marker.end_char] == marker.text
