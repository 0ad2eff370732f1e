"""Normalising text for analysis: one character for one, so that offsets still point into the text shown."""

from __future__ import annotations

import pytest

from analyser.textnorm import normalise_for_analysis

CASES = [
    # Typographic apostrophes and no-break spaces.
    ("J’ai peur\u00a0!", "J'ai peur !"),
    # Speech recognition's elisions without their apostrophe get it back; « est ce que » gets its hyphen.
    ("j ai pas dormi", "j'ai pas dormi"),
    ("qu est ce que vous en pensez", "qu'est-ce que vous en pensez"),
    ("l idée c est pas de vous priver", "l'idée c'est pas de vous priver"),
    ("d accord euh s il vous plaît", "d'accord euh s'il vous plaît"),
    ("jusqu à aujourd hui", "jusqu'à aujourd'hui"),
    ("J ai pas. C est ça", "J'ai pas. C'est ça"),
    ("est ce que tu viens", "est-ce que tu viens"),
    # Near misses: a capital letter inside a sentence is an initial, a letter before a consonant no elision.
    ("la vitamine D et le fer", "la vitamine D et le fer"),
    ("le plan B ou le plan C", "le plan B ou le plan C"),
    ("il y a trois points", "il y a trois points"),
    ("M. Durand est là", "M. Durand est là"),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[case[0] for case in CASES])
def test_normalise_for_analysis(text, expected):
    normalised = normalise_for_analysis(text)
    assert normalised == expected
    assert len(normalised) == len(text)
