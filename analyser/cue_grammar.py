"""The phrase-cue grammar of models/*_cues.tsv: `label, id, phrase` lines compiled to spaCy span_ruler patterns."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from pathlib import Path

from analyser.errors import DataFileError


def compile_phrase_cues(lines: Iterable[tuple[int, str]], labels: tuple[str, ...], *, source: Path) -> tuple[dict, ...]:
    """span_ruler patterns from phrase cues: numbered lines of `label<TAB>id<TAB>phrase`, comments left out.

    A phrase is words separated by spaces: `a|b` is one word among several, and an alternative
    of several words joins them with `+` (`prise+de+sang`); an elided word stands apart or is
    split (`d'autres` is `d'` `autres`). A word ending in `?` may be left out, `_` is any one
    word, `~verbe` matches a lemma and `#num` a number.

    Raises:
        DataFileError: a line has too few fields, or its label is not one of `labels` (`source` and the line named).
    """
    patterns = []
    for number, line in lines:
        fields = line.split("\t")
        if len(fields) != 3 or not fields[2].strip():
            raise DataFileError(f"{source}: line {number}: expected label, id and phrase, tab-separated")
        label, rule, phrase = (field.strip() for field in fields)
        if label not in labels:
            raise DataFileError(f"{source}: line {number}: unknown label {label!r}")
        slots = [_phrase_slot(word) for word in phrase.split()]
        for choice in itertools.product(*slots):
            patterns.append({"label": label, "pattern": [token for part in choice for token in part], "id": rule})
    return tuple(patterns)


_ELISION = re.compile(r"(?<=\w')(?=\w)")


def _phrase_slot(word: str) -> list[list[dict]]:
    """The token sequences one word of a phrase cue can be (see `compile_phrase_cues`)."""
    optional = word.endswith("?") and len(word) > 1
    word = word[:-1] if optional else word
    extra = {"OP": "?"} if optional else {}
    if word == "_":
        return [[{**extra}]]
    if word == "#num":
        return [[{"LIKE_NUM": True, **extra}]]
    single: list[str] = []
    sequences: list[list[dict]] = []
    for alternative in word.split("|"):
        parts = [p for chunk in alternative.split("+") for p in _ELISION.split(chunk)]
        if len(parts) == 1:
            single.append(alternative)
        else:
            sequences.append([_token(part) for part in parts])
    lemmas = [a[1:] for a in single if a.startswith("~")]
    forms = [a.lower() for a in single if not a.startswith("~")]
    if forms:
        sequences.append([{"LOWER": {"IN": forms}, **extra}])
    if lemmas:
        sequences.append([{"LEMMA": {"IN": lemmas}, **extra}])
    return sequences


def _token(word: str) -> dict:
    return {"LEMMA": word[1:]} if word.startswith("~") else {"LOWER": word.lower()}
