"""The words of a text as the name rules see them, and the word lists that say what can be a name."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analyser.resources import ambiguous_first_names, class_entries, word_list
from analyser.textnorm import fold

if TYPE_CHECKING:
    from spacy.tokens import Doc

# A word: letters, with inner hyphens ("Jean-Baptiste"); apostrophes split ("d'Hélène").
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# In a file name, hyphens separate words: "seance-marie-dupont".
_PATH_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = ".!?…:;«\"(["
# Parts of speech of the words a name can be in lower case, and of the words that cannot open one.
NAME_POS = frozenset({"PROPN", "NOUN", "X"})
FUNCTION_POS = frozenset({"VERB", "AUX", "ADJ", "ADV", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "NUM", "PUNCT", "INTJ"})
# The word lists of names: redaction_words.tsv holds the classes (title, particle, determiner…).
WORDS_FILE = "redaction_words.tsv"


@dataclass(slots=True)
class Token:
    """A word of a text, with what the name rules ask of it."""

    start: int
    end: int
    text: str
    key: str  # folded
    capitalised: bool
    sentence_start: bool
    after: str  # the folded word before it, "" at the start
    lower: str = ""  # lower case, accents kept: "marié" is not "Marie"

    @property
    def accented(self) -> bool:
        return self.lower != self.key


def text_tokens(text: str, *, path: bool = False) -> list[Token]:
    """The words of `text`; in a path, hyphens and underscores separate words too."""
    found = []
    previous_key = ""
    for match in (_PATH_WORD if path else WORD).finditer(text):
        start = match.start()
        # "aujourd'hui": a word glued to the word before by an apostrophe that is no elision is not a name.
        if start and text[start - 1] in "'’" and start >= 2 and text[start - 2].isalpha():
            elided = re.search(r"[^\W\d_]+$", text[: start - 1])
            initial = elided is not None and len(elided.group()) == 1 and elided.group().isupper() and match.group()[0].isupper()  # "O'Brien"
            if elided and not initial and fold(elided.group()) not in name_words("elision"):
                previous_key = fold(match.group())
                continue
        before = text[:start].rstrip(" \t\u00a0\u202f\u2009-—–")
        found.append(
            Token(
                start, match.end(), match.group(), fold(match.group()), match.group()[0].isupper(),
                not before or before[-1] in _SENTENCE_END, previous_key, match.group().lower(),
            )
        )
        previous_key = fold(match.group())
    return found


def fold_same_length(text: str) -> str:
    """Lower case without accents, one character for one, so that offsets stay valid; typographic apostrophes as '."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0].lower()
        out.append("'" if base in "’‘" else base if len(base) == 1 else char)
    return "".join(out)


def entity_spans(doc: Doc | None) -> dict[str, list[tuple[int, int]]]:
    """The model's entities by label, as character spans."""
    spans: dict[str, list[tuple[int, int]]] = {}
    if doc is None:
        return spans
    for entity in doc.ents:
        spans.setdefault(entity.label_, []).append((entity.start_char, entity.end_char))
    return spans


def pos_by_start(doc: Doc | None) -> dict[int, str]:
    """Each word's part of speech, by its start."""
    return {} if doc is None else {token.idx: token.pos_ for token in doc}


def inside(token: Token, spans: Iterable[tuple[int, int]]) -> bool:
    """Whether the word lies within one of the spans."""
    return any(start <= token.start and token.end <= end for start, end in spans)


def joined(text: str, left: Token, right: Token, *, path: bool) -> bool:
    """Two words of one name: only spaces between them; in a path, hyphens, underscores and dots too."""
    gap = text[left.end : right.start]
    return bool(re.fullmatch(r"[-_. ]+" if path else r"[ \u00a0\u202f]+", gap))


def same_component(text: str, left: Token, right: Token) -> bool:
    """Two words of one file or folder name: "seance-marie-dupont", not "marie/dupont" or "marie.txt"."""
    first, second = sorted((left, right), key=lambda t: t.start)
    return bool(re.fullmatch(r"[-_. ]+", text[first.end : second.start])) and "." not in text[first.end : second.start]


def title_applies(title: Token, token: Token, folded_before: str) -> bool:
    """ "M. Dupont", "Me Oliveira": a short title needs its dot or a capital after it; "m'" is an elision."""
    gap = folded_before[title.end :]
    if title.key in name_words("short_title"):
        return (gap.startswith(".") or token.capitalised) and title.capitalised and "'" not in gap
    return bool(re.fullmatch(r"\.?\s+", gap))


def _is_particle(token: Token, following: Token, text: str) -> bool:
    """A particle ("de", "Da", "le") or an initial glued by an apostrophe to the next word ("N'", "O'", "d'")."""
    gap = text[token.end : following.start]
    if gap in ("'", "’"):
        return token.key == "d" or (len(token.text) == 1 and token.capitalised)
    return token.key in name_words("particle") and bool(re.fullmatch(r"[ \u00a0\u202f]+", gap))


def after_particles(tokens: list[Token], index: int, text: str) -> int:
    """The capitalised word that a run of particles starting at `index` leads to ("de la Tour", "N'Diaye"), else `index`."""
    j = index
    while j + 1 < len(tokens) and _is_particle(tokens[j], tokens[j + 1], text):
        j += 1
        if tokens[j].capitalised and tokens[j].key not in name_words("particle"):
            return j
    return index


def particles_before(tokens: list[Token], index: int, text: str) -> int:
    """The first of the particles right before a capitalised name at `index` ("de Kerguelen", "Le Gall", "N'Diaye"), else `index`."""
    if not tokens[index].capitalised:
        return index
    first = index
    while first > 0 and _is_particle(tokens[first - 1], tokens[first], text):
        first -= 1
    return first


def name_parts(name: str, *, keep_initials: bool = False) -> tuple[str, ...]:
    """The folded words of a name that identify it: no particles, titles, initials or words that are no names."""
    parts = []
    for match in WORD.finditer(name):
        key = fold(match.group())
        if key in name_words("particle") or key in name_words("title") or key in not_names():
            continue
        if len(key) < 2 and not keep_initials:
            continue
        if key in stop_words() and not keep_initials:
            continue
        parts.append(key)
    return tuple(parts)


def never_a_name(key: str) -> bool:
    """A word that names no person, a stop word or a title."""
    return key in not_names() or key in stop_words() or key in name_words("title")


def is_first_name(token: Token) -> bool:
    """In the list: as written when the word has accents ("marié" is not "Marie"), without accents otherwise ("helene")."""
    names, key = (_first_names_as_written(), token.lower) if token.accented else (first_names(), token.key)
    if key in names:
        return True
    pieces = key.split("-")
    return len(pieces) > 1 and all(piece in names for piece in pieces)  # Marie-Sophie, Jean-Kévin


def part_class(part: str) -> str:
    """How a known name part is looked for: first (any case), word or place (capitalised only), other (capitalised,
    or lower case where the parse calls it a noun)."""
    if part in first_names():
        return ambiguous_first_names().get(part, "first")
    return "other"


@functools.cache
def name_words(kind: str) -> frozenset[str]:
    """One class of redaction_words.tsv, folded: title, short_title, particle, determiner, place_determiner…"""
    return frozenset(fold(word) for word in class_entries(WORDS_FILE, kind))


@functools.cache
def first_names() -> frozenset[str]:
    return frozenset(fold(name) for name in word_list("first_names.txt"))


@functools.cache
def _first_names_as_written() -> frozenset[str]:
    return frozenset(name.lower() for name in word_list("first_names.txt"))


@functools.cache
def not_names() -> frozenset[str]:
    return frozenset(fold(word) for word in word_list("not_names.txt"))


@functools.cache
def stop_words() -> frozenset[str]:
    from spacy.lang.fr.stop_words import STOP_WORDS

    # A few first names are also listed as stop words; they stay names.
    return frozenset(fold(word) for word in STOP_WORDS) - first_names()

