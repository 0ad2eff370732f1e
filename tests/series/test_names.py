"""A session's series and number from its file name (docs/trends.md, "Which series a session is in")."""

from __future__ import annotations

import datetime

import pytest

from analyser.series import name_place


@pytest.mark.parametrize(
    ("name", "series", "position", "date"),
    [
        ("dupont-s03.txt", "dupont", 3, None),
        ("Dupont_S3.docx", "dupont", 3, None),
        ("dupont-seance-03.txt", "dupont", 3, None),
        ("Dupont Séance 3.srt", "dupont", 3, None),
        ("dupont_session_12.vtt", "dupont", 12, None),
        ("dupont-entretien-2.txt", "dupont", 2, None),
        ("martin 12.txt", "martin", 12, None),
        ("leroy-dupont-s1.txt", "leroy-dupont", 1, None),
        ("dossiers/2026/dupont-s04.txt", "dupont", 4, None),
        ("C:\\suivis\\dupont-s05.txt", "dupont", 5, None),
        ("dupont-2026-03-14.txt", "dupont", None, datetime.date(2026, 3, 14)),
        # A number alone, or a number word and a number: no series, but a number for --series NAME.
        ("seance-03.txt", None, 3, None),
        ("s03.txt", None, 3, None),
        ("03.txt", None, 3, None),
        ("2026-03-14.txt", None, None, datetime.date(2026, 3, 14)),
        # Nothing to read.
        ("premiere-seance-alliance.txt", None, None, None),
        ("dupont.txt", None, None, None),
        ("dupont-s03-v2.txt", None, None, None),
        ("dupont-2026-02-30.txt", None, None, None),
    ],
)
def test_the_file_name_gives_the_series_and_the_number(name, series, position, date):
    place = name_place(name)
    assert (place.series, place.position, place.date) == (series, position, date)
