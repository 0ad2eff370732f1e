"""A session's series and number read from its file name: `dupont-s03.txt`, `dupont_seance_3.docx`, `dupont-2026-03-14.txt`.

The name without its extension is folded (lower case, no accents) and read from its end:

- `<series><sep>[<word>[<sep>]]<number>`: a number of one to four digits, after an optional word of
  models/series_name_words.txt (`s`, `seance`, `session`, `entretien`…), e.g. `dupont-s03`, `Dupont_Séance_3`,
  `martin 12`;
- `[<series><sep>]<yyyy-mm-dd>`: an ISO date, e.g. `dupont-2026-03-14`;

`<sep>` is one or more of `-`, `_`, `.` and space. A series made of a number word alone (`seance-03`) names no
series; such a name still gives its number to `--series NAME`.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from pathlib import PureWindowsPath

from analyser.resources import word_list
from analyser.textnorm import fold

_SEP = r"[-_. ]+"


@dataclass(frozen=True, slots=True)
class NamePlace:
    """What a file name says of its session: the series (None when it names none), its number, its date."""

    series: str | None
    position: int | None = None
    date: datetime.date | None = None


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    words = "|".join(sorted((re.escape(fold(word)) for word in word_list("series_name_words.txt")), key=len, reverse=True))
    numbered = re.compile(rf"(?P<series>.*?[^-_. ]){_SEP}(?:(?:{words})(?:{_SEP})?)?(?P<number>\d{{1,4}})")
    dated = re.compile(rf"(?:(?P<series>.*?[^-_. ]){_SEP})?(?P<date>\d{{4}}-\d{{2}}-\d{{2}})")
    # A number alone, or after a word, with no series before it: "s03", "seance-3", "03".
    number_only = re.compile(rf"(?:(?:{words})(?:{_SEP})?)?(?P<number>\d{{1,4}})")
    return numbered, dated, number_only


def stem(source: str) -> str:
    """The file's name without folders and without its last extension."""
    name = PureWindowsPath(source).name or source  # splits at both / and \
    return name.rpartition(".")[0] if "." in name.lstrip(".") else name


def name_place(source: str) -> NamePlace:
    """The series, number or date the file name of `source` gives (see the module's docstring)."""
    key = fold(stem(source)).strip()
    numbered, dated, number_only = _patterns()
    match = dated.fullmatch(key)
    if match:
        try:
            date = datetime.date.fromisoformat(match["date"])
        except ValueError:  # shaped like a date, and not one (2026-02-30): no place at all
            return NamePlace(None)
        series = match["series"]
        return NamePlace(series if series is not None and _names_a_series(series) else None, None, date)
    match = numbered.fullmatch(key)
    if match and _names_a_series(match["series"]):
        return NamePlace(match["series"], int(match["number"]))
    match = match or number_only.fullmatch(key)
    return NamePlace(None, int(match["number"]) if match else None)


def _names_a_series(series: str) -> bool:
    """Whether the start of a name can be a series: it holds a letter, and is not a number word alone ("seance")."""
    return re.search(r"[a-z]", series) is not None and series not in {fold(word) for word in word_list("series_name_words.txt")}
