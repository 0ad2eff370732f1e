"""Find people's names in a speaker label or an utterance: titles, naming cues, relatives, first names, the model's PER entities."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analyser.domain import UNKNOWN_SPEAKER
from analyser.read.roles import role_for_label
from analyser.redact import _words as W
from analyser.resources import ambiguous_first_names, class_entries, speaker_role_table
from analyser.textnorm import fold

if TYPE_CHECKING:
    from spacy.tokens import Doc

PERSON = "PERSONNE"
_MAX_SURNAME_WORDS = 3


@dataclass(slots=True)
class Mention:
    """A stretch of a session's text that names a person or is an e-mail address or a phone number."""

    start: int
    end: int
    kind: str  # PERSON, EMAIL or PHONE
    key: str  # folded name parts joined by spaces; a normalised address or number
    rule: str
    order: int = 0
    where: object = None  # utterance index, ("label", speaker), ("path", text) or ("string", text)
    person: int | None = None
    spelling: str = ""  # the words as written, lower case

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.key.split())


def label_name_span(label: str) -> tuple[int, int]:
    """Where the name is in a speaker label: "Dr Martin" -> "Martin"; nothing in a role or generic label ("T", "SPEAKER_00")."""
    key = fold(label)
    if not key or key == UNKNOWN_SPEAKER or _generic_label(key):
        return 0, 0
    words = list(W.WORD.finditer(label))
    if not words:
        return 0, 0
    whole_role = role_for_label(label) is not None and (
        key.strip(" .:") in speaker_role_table() or len(words) == 1 or all(_generic_label(fold(w.group())) for w in words[1:])
    )
    if whole_role:
        return 0, 0
    first = 0
    while first < len(words) and (fold(words[first].group()) in W.name_words("title") or fold(words[first].group()) in speaker_role_table()):
        first += 1
    if first == len(words):
        return 0, 0
    rest = words[first:]
    if all(_generic_label(fold(w.group())) for w in rest):
        return 0, 0
    return rest[0].start(), rest[-1].end()


def _generic_label(key: str) -> bool:
    """SPEAKER_00, spk3, Locuteur 2, A: labels that number speakers without naming them."""
    if any(char.isdigit() for char in key):
        return True
    words = [w for w in re.split(r"[\s_.\-]+", key) if w]
    if not words:
        return True
    return all(len(w) == 1 or w in W.not_names() or w in speaker_role_table() for w in words)


def label_name(label: str, *, order: int) -> Mention | None:
    """The name in a speaker label ("Dr Martin", "Marie D."), initials kept; None for a role or generic label."""
    start, end = label_name_span(label)
    if start == end:
        return None
    name = label[start:end]
    parts = W.name_parts(name, keep_initials=True)
    if not parts:
        parts = (fold(name).replace(" ", "_"),)
    return Mention(start, end, PERSON, " ".join(parts), "label", order, ("label", label), spelling=name.lower())


def text_names(text: str, *, doc: Doc | None, order: int, where: object) -> list[Mention]:
    """The names an utterance gives, some overlapping: by title, naming cue, first name, proper noun and PER entity."""
    tokens = W.text_tokens(text)
    entities = W.entity_spans(doc)
    entities["PER"] = [span for span in entities.get("PER", []) if not _after_place_determiner(text, span[0])]
    pos = W.pos_by_start(doc)
    surname_like = _surname_like(doc)
    found: list[Mention] = []
    folded = W.fold_same_length(text)
    for index, token in enumerate(tokens):
        rule = _name_start(tokens, index, text, folded, entities, pos)
        if rule is None:
            continue
        # "Mme de Kerguelen", "M. Da Silva", "Mme N'Diaye": the particles between the title and the name are the name's.
        first = W.particles_before(tokens, index, text) if rule == "title" else index
        end_index = _extend_surname(tokens, index, text, rule, entities.get("PER", []), surname_like)
        found.append(_person_mention(tokens, first, end_index, text, rule, order, where))
    for start, end in entities.get("PER", []):
        run = [t for t in tokens if t.start >= start and t.end <= end and _could_be_name(t, pos)]
        for group in _contiguous(run, text):
            parts = W.name_parts(" ".join(t.text for t in group))
            if parts and not (len(group) == 1 and group[0].sentence_start and not W.is_first_name(group[0]) and not _in_context(group[0], doc)):
                found.append(Mention(group[0].start, group[-1].end, PERSON, " ".join(parts), "ner", order, where, spelling=text[group[0].start : group[-1].end].lower()))
    return found


def non_overlapping_mentions(mentions: Iterable[Mention]) -> list[Mention]:
    """Sorted by start; of overlapping ones, contacts first, then the longest."""
    ranked = sorted(mentions, key=lambda m: (m.kind == PERSON, -(m.end - m.start), m.start))
    kept: list[Mention] = []
    for mention in ranked:
        if all(mention.end <= other.start or other.end <= mention.start for other in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def _name_start(
    tokens: list[W.Token], index: int, text: str, folded: str, entities: dict[str, list[tuple[int, int]]], pos: dict[int, str]
) -> str | None:
    """The rule by which a name starts at `tokens[index]`, if one does."""
    token = tokens[index]
    if W.never_a_name(token.key) or len(token.key) < 2:
        return None
    before = folded[: token.start]
    lead = W.particles_before(tokens, index, text)
    previous = tokens[lead - 1] if lead else None
    named = token.capitalised or W.is_first_name(token)
    titled = previous is not None and previous.key in W.name_words("title") and W.title_applies(previous, tokens[lead], folded[: tokens[lead].start])
    if titled and (named or pos.get(token.start) == "PROPN"):
        return "title"
    # After "je m'appelle", any word but a function word; after "ma fille", a name-like one.
    if _naming_cue(before[-40:]) and (named or pos.get(token.start, "PROPN") not in W.FUNCTION_POS):
        return "cue"
    relative = _relative_cue().search(before[-40:]) or _family_cue().search(text[max(0, token.start - 40) : token.start].lower())
    if relative and (named or pos.get(token.start) == "PROPN"):
        return "cue"
    if W.is_first_name(token):
        needs = ambiguous_first_names().get(token.key)
        per = W.inside(token, entities.get("PER", []))
        if needs == "place":
            return "first_name" if per else None
        if needs == "word":
            return "first_name" if per or (token.capitalised and not token.sentence_start) or (token.capitalised and _followed_by_name(tokens, index)) else None
        if not token.capitalised and token.after in W.name_words("determiner"):
            return None
        # The model often takes a capitalised first name for a place ("avec Awa et Yacine"); first names that are
        # also places are listed as such in first_names_ambiguous.tsv, and handled above.
        if not token.capitalised and W.inside(token, entities.get("LOC", []) + entities.get("ORG", [])) and not per:
            return None
        return "first_name"
    # A capitalised proper noun inside a sentence that the model puts in no place, organisation or other entity.
    if (
        token.capitalised and not token.sentence_start and pos.get(token.start) == "PROPN"
        and not token.text.isupper()  # an acronym: "les IST", "le CMP"
        and token.after not in W.name_words("place_preposition") and token.after not in W.name_words("place_determiner")
        and not W.inside(token, entities.get("LOC", []) + entities.get("ORG", []) + entities.get("MISC", []))
        and not _after_place_determiner(text, token.start)
    ):
        return "propn"
    return None


def _naming_cue(before: str) -> bool:
    """ "je m'appelle", "mon prénom c'est" end the folded text before a word: what follows is a name; not "ça s'appelle"."""
    naming, not_naming = _naming_cues()
    return naming.search(before) is not None and not_naming.search(before) is None


@functools.cache
def _naming_cues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The naming cues and the cues of things' names of redaction_words.tsv, each ending a text."""
    return _cue_pattern(class_entries(W.WORDS_FILE, "naming")), _cue_pattern(class_entries(W.WORDS_FILE, "not_naming"))


def _cue_pattern(phrases: Sequence[str]) -> re.Pattern[str]:
    """Phrases (words apart, `a|b` one word among several), folded, any of them ending a text before a word."""
    def word(choices: str) -> str:
        return f"(?:{'|'.join(re.escape(W.fold_same_length(choice)) for choice in choices.split('|'))})"

    alternatives = "|".join(" ".join(word(choices) for choices in phrase.split()) for phrase in phrases)
    return re.compile(rf"(?:{alternatives})\s*,?\s+$")


@functools.cache
def _relative_cue() -> re.Pattern[str]:
    """ "ma fille", "son voisin", "ma fille aînée" ending the folded text before a word (redaction_words.tsv)."""
    possessive, relative, rank = (_alternatives(kind, W.fold_same_length) for kind in ("possessive", "relative", "rank"))
    return re.compile(rf"(?:\b(?:{possessive}) (?:{relative})(?: (?:{rank}))?)\s*,?\s+$")


@functools.cache
def _family_cue() -> re.Pattern[str]:
    """ "pépé", "tonton" ending the lower-case text before a word, accents kept: "mémé" folds to "même"."""
    return re.compile(rf"(?<![\w-])(?:{_alternatives('family', str.lower)})\s*,?\s+$")


def _alternatives(kind: str, form: Callable[[str], str]) -> str:
    return "|".join(re.escape(form(entry)) for entry in class_entries(W.WORDS_FILE, kind))


def _could_be_name(token: W.Token, pos: dict[int, str]) -> bool:
    if W.never_a_name(token.key) or len(token.key) < 2:
        return False
    return token.capitalised or W.is_first_name(token) or pos.get(token.start) == "PROPN"


def _contiguous(tokens: list[W.Token], text: str) -> list[list[W.Token]]:
    groups: list[list[W.Token]] = []
    for token in tokens:
        if groups and W.joined(text, groups[-1][-1], token, path=False):
            groups[-1].append(token)
        else:
            groups.append([token])
    return groups


def _followed_by_name(tokens: list[W.Token], index: int) -> bool:
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return following is not None and following.capitalised and not following.sentence_start and following.key not in W.not_names()


def _extend_surname(
    tokens: list[W.Token], index: int, text: str, rule: str, persons: Sequence[tuple[int, int]] = (), surname_like: frozenset[int] = frozenset()
) -> int:
    """The last token of a name starting at `index`: following capitalised words and particles ("Marie de La Tour",
    "Aïssatou N'Diaye"), and lower-case words the model puts in the same PER entity as a proper noun or an unknown
    word ("mamadou traoré")."""
    end = index
    taken = 0
    j = index + 1
    person = next((span for span in persons if span[0] <= tokens[index].start and tokens[index].end <= span[1]), None)
    while j < len(tokens) and taken < _MAX_SURNAME_WORDS and W.joined(text, tokens[j - 1], tokens[j], path=False):
        # Particles lead to the capitalised word they belong to, glued to it or not ("de La Tour", "N'Diaye").
        j = W.after_particles(tokens, j, text)
        token = tokens[j]
        lower_surname = person is not None and token.end <= person[1] and token.start in surname_like
        if not (token.capitalised or lower_surname) or W.never_a_name(token.key):
            break
        end = j
        taken += 1
        j += 1
    return end


def _after_place_determiner(text: str, start: int) -> bool:
    """An entity right after "le", "la", "au", "du", "l'"… (lower case): "le Leclerc", "à la Toussaint"."""
    word = re.search(r"([^\W\d_]+)(?:\s+|['’])$", text[:start])
    return word is not None and word.group(1) in W.name_words("place_determiner")


def _surname_like(doc: Doc | None) -> frozenset[int]:
    """Where the model sees a proper noun or a word it has no vector for: a lower-case surname may be one of them."""
    return frozenset() if doc is None else frozenset(token.idx for token in doc if token.pos_ == "PROPN" or token.is_oov)


def _person_mention(tokens: list[W.Token], first: int, last: int, text: str, rule: str, order: int, where: object) -> Mention:
    start = tokens[first].start
    # "N'Diaye", "O'Brien": a capital initial glued by an apostrophe belongs to the name.
    if start >= 2 and text[start - 1] in "'’" and text[start - 2].isupper() and (start == 2 or not text[start - 3].isalpha()):
        start -= 2
    parts = W.name_parts(text[tokens[first].start : tokens[last].end], keep_initials=False) or (tokens[first].key,)
    return Mention(start, tokens[last].end, PERSON, " ".join(parts), rule, order, where, spelling=text[start : tokens[last].end].lower())


def _in_context(token: W.Token, doc: Doc | None) -> bool:
    """A proper noun in a sentence of at least three words: the model's PER on a one-word answer ("Divorcé.") is a guess."""
    if doc is None:
        return False
    for spacy_token in doc:
        if spacy_token.idx == token.start:
            return spacy_token.pos_ == "PROPN" and len([t for t in spacy_token.sent if not t.is_punct]) >= 3
    return False
