"""The series manifest: English and French headers, separators, byte-order mark, dates; every error on one line with its place."""

from __future__ import annotations

import datetime

import pytest

from analyser.errors import InputError
from analyser.series import read_manifest


def write(tmp_path, content: str | bytes, name: str = "manifest.csv"):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # English headers, commas, ISO dates.
        (
            "file,series,session,date,therapist,client\na.txt,Dupont,1,2026-03-14,Mme Leroy,M. Dupont\nb.txt,Dupont,2,2026-03-21,Mme Leroy,M. Dupont\n",
            [("a.txt", "Dupont", 1, datetime.date(2026, 3, 14), "Mme Leroy", "M. Dupont"), ("b.txt", "Dupont", 2, datetime.date(2026, 3, 21), "Mme Leroy", "M. Dupont")],
        ),
        # French headers with accents, semicolons, French dates, a byte-order mark.
        (
            "\ufeffFichier;Série;Séance;Date;Thérapeute;Patient\na.txt;Martin;3;14/03/2026;M. Petit;Mme Martin\n",
            [("a.txt", "Martin", 3, datetime.date(2026, 3, 14), "M. Petit", "Mme Martin")],
        ),
        # Headers without accents, in capitals, in another order; dates with dots and dashes; a blank line.
        (
            "SEANCE;FICHIER;SERIE\n02;b.docx;Durand\n\n1;a.docx;Durand\n",
            [("b.docx", "Durand", 2, None, None, None), ("a.docx", "Durand", 1, None, None, None)],
        ),
        ("fichier,série,date\na.txt,X,1.4.2026\nb.txt,X,02-04-2026\n", [("a.txt", "X", None, datetime.date(2026, 4, 1), None, None), ("b.txt", "X", None, datetime.date(2026, 4, 2), None, None)]),
        # Tabs; unknown columns are ignored; empty cells are unknown.
        ("file\tnotes\tseries\tsession\na.txt\tbien\tY\t\n", [("a.txt", "Y", None, None, None, None)]),
        # Quoted cells holding the separator.
        ('fichier;série;client\n"a;b.txt";"Dupont; couple";"Mme; M."\n', [("a;b.txt", "Dupont; couple", None, None, None, "Mme; M.")]),
    ],
    ids=["english", "french", "folded-headers", "french-date-forms", "tabs-extra-columns", "quoted"],
)
def test_manifests_are_read_with_english_or_french_headers(tmp_path, content, expected):
    manifest = read_manifest(write(tmp_path, content))
    got = [(row.file, row.membership.series, row.membership.position, row.membership.date, row.membership.therapist, row.membership.client) for row in manifest.rows]
    assert got == expected
    assert all(row.membership.origin == "manifest" for row in manifest.rows)


def test_series_named_on_the_command_line_fills_a_manifest_without_series(tmp_path):
    manifest = read_manifest(write(tmp_path, "fichier;séance\na.txt;1\nb.txt;2\n"), series="Dupont")
    assert [(row.file, row.membership.series) for row in manifest.rows] == [("a.txt", "Dupont"), ("b.txt", "Dupont")]


@pytest.mark.parametrize(
    ("content", "place", "words"),
    [
        ("", "line 1", "empty"),
        ("nom;série\na.txt;X\n", "line 1", "columns file"),
        ("fichier;séance\na.txt;1\n", "line 1", "series"),
        ("fichier;série;séance\na.txt;X;trois\n", "line 2", "whole number"),
        ("fichier;série;date\na.txt;X;01/02/2026\nb.txt;X;31/02/2026\n", "line 3", "not a day"),
        ("fichier;série;date\na.txt;X;mars 2026\n", "line 2", "2026-03-14 or 14/03/2026"),
        ("fichier;série\na.txt;X\n;X\n", "line 3", "without a file"),
        ("fichier;série\na.txt;X\nb.txt;\n", "line 3", "no series"),
        ("fichier;série\na.txt;X\nb.txt;X\na.txt;Y\n", "line 4", "already listed, line 2"),
        (b"fichier;s\xe9rie\na.txt;X\n", "byte 9", "not UTF-8"),
    ],
    ids=["empty", "no-file-column", "no-series-column", "bad-session", "impossible-date", "bad-date", "no-file", "no-series", "listed-twice", "latin-1"],
)
def test_a_malformed_manifest_is_one_error_naming_the_file_and_the_line(tmp_path, content, place, words):
    path = write(tmp_path, content)
    with pytest.raises(InputError) as caught:
        read_manifest(path)
    error = caught.value
    assert error.source == str(path)
    assert str(error.place) == place
    assert words in str(error.message)
    assert "\n" not in str(error)


def test_a_missing_manifest_is_an_error_naming_it(tmp_path):
    with pytest.raises(InputError) as caught:
        read_manifest(tmp_path / "absent.csv")
    assert caught.value.source == str(tmp_path / "absent.csv")


@pytest.mark.parametrize(
    ("content", "french"),
    [
        ("fichier;série;séance\na.txt;X;trois\n", "ligne 2 : la séance doit être un nombre entier (1, 2, 3…), pas « trois »"),
        ("fichier;série;date\na.txt;X;31/02/2026\n", "ligne 2 : « 31/02/2026 » n'est pas un jour du calendrier"),
        ("fichier;série\na.txt;X\na.txt;Y\n", "ligne 3 : « a.txt » est déjà listé, ligne 2"),
    ],
)
def test_a_manifest_error_is_said_in_french(tmp_path, content, french):
    from analyser.messages import say_error

    with pytest.raises(InputError) as caught:
        read_manifest(write(tmp_path, content))
    assert say_error(caught.value, "fr").endswith(french)
