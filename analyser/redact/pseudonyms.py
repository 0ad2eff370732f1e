"""Find the people, e-mail addresses and phone numbers of a session, and give each a pseudonym.

Names come from the speaker labels, the model's PER entities and proper nouns, a list of French first
names, titles ("Mme Dupont", "Mme de Kerguelen"), naming cues ("je m'appelle Lina", "ma fille Rose",
"pépé Jakez") and file names; once a name is known, every other occurrence of it in the session is found
too, in any case, and so are nicknames cut from it ("Quim" for Joaquim). One person gets one
pseudonym, PERSONNE_1, PERSONNE_2…, numbered in order of first appearance ("Marie Dupont", "Marie",
"marie" and "Mme Dupont" are one person when nothing says otherwise); e-mail addresses and phone
numbers get EMAIL_n and TELEPHONE_n, the same one each time the same address or number comes back.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from analyser.domain import UNKNOWN_SPEAKER, Transcript
from analyser.resources import ambiguous_first_names, speaker_role_table, word_list
from analyser.textnorm import fold

if TYPE_CHECKING:
    from spacy.tokens import Doc

PERSON = "PERSONNE"
EMAIL = "EMAIL"
PHONE = "TELEPHONE"

# A word: letters, with inner hyphens ("Jean-Baptiste"); apostrophes split ("d'Hélène").
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# In a file name, hyphens separate words: "seance-marie-dupont".
_PATH_WORD = re.compile(r"[^\W\d_]+")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Dictated addresses: "marie point dupont arobase gmail point com".
_SPOKEN_EMAIL = re.compile(r"(?i)\b[\w-]+(?:\s+(?:point|tiret)\s+[\w-]+)*\s+(?:arobase|arrobase)\s+[\w-]+(?:\s+point\s+[\w-]+)+")
_SPACE = r"[ \u00a0\u202f\u2009]"
# French numbers: 06 12 34 56 78, 06.12.34.56.78, 0612345678, 01-23-45-67-89, +33 6 12 34 56 78, +33 (0)6 …, 0033 6 ….
_PHONE = re.compile(rf"(?<![\w+])(?:(?:\+|00){_SPACE}?33{_SPACE}?(?:\(0\){_SPACE}?)?|0)[1-9](?:(?:{_SPACE}|[.-])?\d\d){{4}}(?!\d)")
_TITLES = frozenset({"m", "mr", "mme", "mmes", "mlle", "madame", "monsieur", "mademoiselle", "dr", "docteur", "docteure", "maitre", "me", "pr", "professeur", "professeure"})
# Titles that must be followed by a dot or a capitalised word, being common words otherwise ("me", "m'").
_SHORT_TITLES = frozenset({"m", "me"})
_PARTICLES = frozenset({"de", "du", "des", "d", "le", "la", "van", "von", "der", "den", "ben", "bin", "el", "al", "da", "di", "dos", "das", "del", "della", "mac", "mc", "ter", "ten"})
# A lower-case name after one of these is a word: "la rose", "une pierre", "elle se marie".
_DETERMINERS = frozenset(
    {"le", "la", "les", "l", "un", "une", "des", "du", "ce", "cet", "cette", "ces", "mon", "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses",
     "notre", "nos", "votre", "vos", "leur", "leurs", "se", "me", "te", "s", "m", "t", "ne", "n", "en", "tout", "toute", "quel", "quelle"}
)
_NAME_POS = frozenset({"PROPN", "NOUN", "X"})
_SENTENCE_END = ".!?…:;«\"(["
_MAX_SURNAME_WORDS = 3
# "je m'appelle X": what follows is a name, in any case, unless it is a function word.
_NAMING_CUE = re.compile(
    r"(?:(?<!ca )(?<!cela )(?<!ce )s'appel(?:le|lait|lera)|je m'appel(?:le|ais)|tu t'appelles|vous vous appelez|on l'appel(?:le|ait)|"
    r"appelez-moi|appelle-moi|(?:mon|son|ton|votre) (?:prenom|nom) (?:c'est|est|etait)|prenomme(?:e)?)\s*,?\s+$"
)
# "ma fille X", "tonton X": what follows is a name when it is capitalised, a first name or a proper noun.
_RELATIVE_CUE = re.compile(
    r"(?:\b(?:mon|ma|notre|son|sa|leur|votre|ta|ton|le|la|du|de la) (?:petit-fils|petite-fille|fils|fille|mari|femme|epoux|epouse|compagnon|compagne|"
    r"conjoint|conjointe|copain|copine|petit ami|petite amie|ami|amie|pote|frere|s(?:oe|œ)ur|demi-frere|demi-s(?:oe|œ)ur|mere|pere|belle-mere|beau-pere|"
    r"belle-s(?:oe|œ)ur|beau-frere|belle-fille|beau-fils|gendre|cousin|cousine|oncle|tante|neveu|niece|grand-mere|grand-pere|collegue|chef|cheffe|"
    r"patron|patronne|voisin|voisine|fiance|fiancee|ex|meilleur ami|meilleure amie|marraine|parrain|filleul|filleule|bebe|nounou|petit|petite|"
    r"aine|ainee|cadet|cadette)(?: (?:aine|ainee|cadet|cadette))?)\s*,?\s+$"
)
# "pépé Jakez", "tonton rachid", "cousine Inès": family words that name someone without a determiner. Matched on the
# lower-case text with its accents, since "mémé" folds to "même".
_FAMILY_CUE = re.compile(
    r"(?<![\w-])(?:tonton|tata|tatie|papi|papy|papie|mamie|mamy|pépé|mémé|pépère|mémère|pepe|oncle|tante|tantine|parrain|marraine|"
    r"cousin|cousine|beau-frère|belle-sœur|belle-soeur|grand-oncle|grand-tante|grand-père|grand-mère|arrière-grand-père|arrière-grand-mère)\s*,?\s+$"
)
# A PER entity right after one of these, with no title, is a shop, a feast or a place: "devant le Leclerc", "à la Toussaint".
_PLACE_DETERMINERS = frozenset({"le", "la", "les", "l", "au", "aux", "du", "des"})
# Places follow these: a capitalised word after them is no nickname ("à Brest", "en Bretagne").
_PLACE_PREPOSITIONS = frozenset({"a", "en", "au", "aux", "vers"})
# A nickname cut from a known first name ("Aga" for Agnieszka, "Quim" for Joaquim): at least this long, and at least
# two letters shorter than the name.
_MIN_NICKNAME = 3
_FUNCTION_POS = frozenset({"VERB", "AUX", "ADJ", "ADV", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "NUM", "PUNCT", "INTJ"})


@dataclass(frozen=True, slots=True)
class Replacement:
    """A stretch of an original text, and the pseudonym written in its place."""

    start: int
    end: int
    pseudonym: str
    rule: str  # what found it: label, ner, first_name, title, cue, propn, known, nickname, path, email, phone


@dataclass(frozen=True, slots=True)
class Pseudonyms:
    """A session's pseudonyms: what to replace in each utterance, each speaker label's pseudonymised form, and
    what any other string of the session (path, warning, metadata) becomes."""

    utterances: tuple[tuple[Replacement, ...], ...]
    labels: Mapping[str, str]
    # Pseudonyms of the strings met outside utterances (paths, warnings, metadata), by their exact text.
    strings: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    _names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # folded name part -> pseudonym
    _contacts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # e-mail or phone key -> pseudonym

    def redact_utterance(self, index: int, text: str) -> str:
        """The text of utterance `index` with its replacements made."""
        return apply(text, self.utterances[index])

    def label(self, speaker: str) -> str:
        """A speaker label as written out: "Dr Martin" -> "Dr PERSONNE_1"; role labels unchanged."""
        return self.labels.get(speaker, speaker)

    def redact_string(self, text: str) -> str:
        """Any other string of the session (a path, a warning, a rule, a place): known labels, names, e-mails and
        phone numbers replaced, and whatever a name rule finds in it."""
        if text in self.strings:
            return self.strings[text]
        return apply(text, self._string_replacements(text, path=False))

    def redact_path(self, path: str) -> str:
        """A file path, its folders and file name pseudonymised: "seance-marie-dupont.txt" -> "seance-PERSONNE_1.txt"."""
        if path in self.strings:
            return self.strings[path]
        return apply(path, self._string_replacements(path, path=True))

    def _string_replacements(self, text: str, *, path: bool) -> list[Replacement]:
        finder = _Finder(known=self._names)
        finder.scan_string(text, path=path, order=0)
        found = []
        for mention in finder.mentions:
            pseudonym = self._contacts.get(mention.key) if mention.kind != PERSON else _person_pseudonym(mention, self._names)
            found.append(Replacement(mention.start, mention.end, pseudonym or mention.kind, mention.rule))
        labels = [label for label, shown in self.labels.items() if shown != label]
        for label in sorted(labels, key=len, reverse=True):
            for match in re.finditer(rf"(?<!\w){re.escape(label)}(?!\w)", text):
                found.append(Replacement(match.start(), match.end(), self.labels[label], "label"))
        return _non_overlapping(found)


def apply(text: str, replacements: Sequence[Replacement]) -> str:
    """`text` with non-overlapping `replacements` (sorted by start) made."""
    parts = []
    last = 0
    for replacement in replacements:
        parts.append(text[last : replacement.start])
        parts.append(replacement.pseudonym)
        last = replacement.end
    parts.append(text[last:])
    return "".join(parts)


def find_pseudonyms(transcript: Transcript, docs: Sequence[Doc] | None = None, *, extra_strings: Iterable[str] = (), paths: Iterable[str] = ()) -> Pseudonyms:
    """Find the people, e-mail addresses and phone numbers of a session and number them.

    Args:
        transcript: the session, with its speaker labels and utterances (the original text).
        docs: the parsed utterances, in order, with the model's named entities; without them, no PER entity
            and no part of speech is used.
        extra_strings: other strings written out with the session (warnings, metadata), scanned after the
            utterances so that their names are numbered too.
        paths: file paths written out (the source, the session id, an RTTM file), scanned with the file-name rules.
    """
    finder = _Finder()
    utterances = transcript.utterances
    label_order: dict[str, int] = {}
    for utterance in utterances:
        label_order.setdefault(utterance.speaker, utterance.index)
    for span in transcript.overlaps:
        for speaker in span.speakers:
            label_order.setdefault(speaker, len(utterances))
    for speaker, index in label_order.items():
        finder.scan_label(speaker, order=index * 2)
    for utterance in utterances:
        doc = docs[utterance.index] if docs is not None else None
        finder.scan_text(utterance.text, doc=doc, order=utterance.index * 2 + 1, where=utterance.index)
    finder.close_discovery()
    base = (len(utterances) + 1) * 2
    path_list = list(dict.fromkeys(paths))
    string_list = [text for text in dict.fromkeys(extra_strings) if text not in path_list]
    for offset, path in enumerate(path_list):
        finder.scan_string(path, path=True, order=base + offset, where=("path", path))
    for offset, text in enumerate(string_list):
        finder.scan_string(text, path=False, order=base + len(path_list) + offset, where=("string", text))
    for utterance in utterances:
        doc = docs[utterance.index] if docs is not None else None
        finder.scan_known(utterance.text, doc=doc, order=utterance.index * 2 + 1, where=utterance.index)
    return finder.build(transcript, path_list, string_list)


# --- the finder ------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Mention:
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


@dataclass(slots=True)
class _Token:
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


class _Finder:
    """Collects mentions, clusters them into people, numbers everything."""

    def __init__(self, known: Mapping[str, str] | None = None) -> None:
        self.mentions: list[_Mention] = []
        self.known_parts: dict[str, str] = {}  # folded part -> its class: first (any case), word (capital), other
        self.spellings: set[str] = set()  # known parts as written, lower case: an accented word must match one
        self.given_names: set[str] = set()  # known parts used as first names: nicknames are cut from them
        self.known = known  # for a finished session's later strings: part -> pseudonym
        if known:
            for part in known:
                self.known_parts[part] = _part_class(part)
                self.spellings.add(part)

    # discovery ------------------------------------------------------------------------------------------------

    def scan_label(self, label: str, *, order: int) -> None:
        start, end = label_name_span(label)
        if start == end:
            return
        name = label[start:end]
        parts = _name_parts(name, keep_initials=True)
        if not parts:
            parts = (fold(name).replace(" ", "_"),)
        self.mentions.append(_Mention(start, end, PERSON, " ".join(parts), "label", order, ("label", label), spelling=name.lower()))

    def scan_text(self, text: str, *, doc: Doc | None, order: int, where: object) -> None:
        tokens = _tokens(text)
        entities = _entity_spans(doc)
        entities["PER"] = [span for span in entities.get("PER", []) if not _after_place_determiner(text, span[0])]
        pos = _pos_by_start(doc)
        surname_like = _surname_like(doc)
        found: list[_Mention] = []
        found += _contacts(text, order, where)
        folded = _fold_same_length(text)
        for index, token in enumerate(tokens):
            rule = self._name_start(tokens, index, text, folded, entities, pos)
            if rule is None:
                continue
            # "Mme de Kerguelen", "M. Da Silva", "Mme N'Diaye": the particles between the title and the name are the name's.
            first = _particles_before(tokens, index, text) if rule == "title" else index
            end_index = _extend_surname(tokens, index, text, rule, entities.get("PER", []), surname_like)
            found.append(_person_mention(tokens, first, end_index, text, rule, order, where))
        for start, end in entities.get("PER", []):
            run = [t for t in tokens if t.start >= start and t.end <= end and _could_be_name(t, pos)]
            for group in _contiguous(run, text):
                parts = _name_parts(" ".join(t.text for t in group))
                if parts and not (len(group) == 1 and group[0].sentence_start and not _is_first_name(group[0]) and not _in_context(group[0], doc)):
                    found.append(_Mention(group[0].start, group[-1].end, PERSON, " ".join(parts), "ner", order, where, spelling=text[group[0].start : group[-1].end].lower()))
        self.mentions += _non_overlapping_mentions(found)

    def _name_start(
        self, tokens: list[_Token], index: int, text: str, folded: str, entities: dict[str, list[tuple[int, int]]], pos: dict[int, str]
    ) -> str | None:
        token = tokens[index]
        if token.key in _not_names() or token.key in _stop_words() or token.key in _TITLES or len(token.key) < 2:
            return None
        before = folded[: token.start]
        lead = _particles_before(tokens, index, text)
        previous = tokens[lead - 1] if lead else None
        named = token.capitalised or _is_first_name(token)
        if previous is not None and previous.key in _TITLES and _title_applies(previous, tokens[lead], folded[: tokens[lead].start]) and (named or pos.get(token.start) == "PROPN"):
            return "title"
        # After "je m'appelle", any word but a function word; after "ma fille", a name-like one.
        if _NAMING_CUE.search(before[-40:]) and (named or pos.get(token.start, "PROPN") not in _FUNCTION_POS):
            return "cue"
        if (_RELATIVE_CUE.search(before[-40:]) or _FAMILY_CUE.search(text[max(0, token.start - 40) : token.start].lower())) and (named or pos.get(token.start) == "PROPN"):
            return "cue"
        if _is_first_name(token):
            needs = ambiguous_first_names().get(token.key)
            per = _inside(token, entities.get("PER", []))
            if needs == "place":
                return "first_name" if per else None
            if needs == "word":
                return "first_name" if per or (token.capitalised and not token.sentence_start) or (token.capitalised and _followed_by_name(tokens, index)) else None
            if not token.capitalised and token.after in _DETERMINERS:
                return None
            # The model often takes a capitalised first name for a place ("avec Awa et Yacine"); first names that are
            # also places are listed as such in first_names_ambiguous.tsv, and handled above.
            if not token.capitalised and _inside(token, entities.get("LOC", []) + entities.get("ORG", [])) and not per:
                return None
            return "first_name"
        # A capitalised proper noun inside a sentence that the model puts in no place, organisation or other entity.
        if (
            token.capitalised and not token.sentence_start and pos.get(token.start) == "PROPN"
            and not token.text.isupper()  # an acronym: "les IST", "le CMP"
            and token.after not in _PLACE_PREPOSITIONS and token.after not in _PLACE_DETERMINERS
            and not _inside(token, entities.get("LOC", []) + entities.get("ORG", []) + entities.get("MISC", []))
            and not _after_place_determiner(text, token.start)
        ):
            return "propn"
        return None

    def close_discovery(self) -> None:
        """What the utterances and labels revealed becomes known: later strings and the whole session are searched for it."""
        for mention in self.mentions:
            if mention.kind != PERSON:
                continue
            for part in mention.parts:
                if len(part) >= 2 and part not in _stop_words() and part not in _not_names() and not part.endswith("_"):
                    self.known_parts.setdefault(part, _part_class(part))
            # The first word of a full name, or a name found by a naming cue or the list, is a first name.
            if mention.parts and (len(mention.parts) > 1 or mention.rule in ("cue", "first_name", "label")):
                self.given_names.add(mention.parts[0])
            self.spellings.update(word.lower() for word in _WORD.findall(mention.spelling))

    def scan_string(self, text: str, *, path: bool, order: int, where: object = None) -> None:
        """A path, a warning or a metadata value: contacts, titles, capitalised first names, known names; file-name rules for paths."""
        found = _contacts(text, order, where)
        tokens = _tokens(text, path=path)
        folded = _fold_same_length(text)
        names = [False] * len(tokens)
        for index, token in enumerate(tokens):
            if token.key in _not_names() or token.key in _stop_words() or len(token.key) < 2:
                continue
            previous = tokens[index - 1] if index else None
            if previous is not None and previous.key in _TITLES and (path or _title_applies(previous, token, folded[: token.start])):
                names[index] = path or token.capitalised
            elif self._known(token):
                names[index] = path or token.capitalised or self.known_parts[token.key] == "first"
            elif _is_first_name(token) and token.key not in ambiguous_first_names():
                names[index] = path or token.capitalised
        if path:
            # In a file name, a word next to a name is part of it: "seance-marie-dupont", "DUPONT_Marie".
            changed = True
            while changed:
                changed = False
                for index, token in enumerate(tokens):
                    if names[index] or token.key in _not_names() or token.key in _stop_words() or token.key in _TITLES or len(token.key) < 2:
                        continue
                    if token.key in speaker_role_table():
                        continue
                    neighbours = [j for j in (index - 1, index + 1) if 0 <= j < len(tokens) and names[j] and _same_component(text, tokens[j], token)]
                    if neighbours:
                        names[index] = changed = True
        run: list[_Token] = []
        for index, token in enumerate(tokens + [None]):  # type: ignore[operator]
            if token is not None and names[index] and (not run or _joined(text, run[-1], token, path=path)):
                run.append(token)
                continue
            if run:
                parts = _name_parts(" ".join(t.text for t in run), keep_initials=path)
                if parts:
                    found.append(_Mention(run[0].start, run[-1].end, PERSON, " ".join(parts), "path" if path else "string", order, where))
            run = [token] if token is not None and names[index] else []
        self.mentions += _non_overlapping_mentions(found)

    def scan_known(self, text: str, *, doc: Doc | None, order: int, where: object) -> None:
        """Every occurrence of a name known anywhere in the session, in any case its class allows."""
        pos = _pos_by_start(doc)
        entities = _entity_spans(doc)
        found = []
        tokens = _tokens(text)
        for index, token in enumerate(tokens):
            if not self._known(token):
                nickname = self._nickname_of(token, pos, entities)
                if nickname is not None:
                    found.append(_Mention(token.start, token.end, PERSON, nickname, "nickname", order, where))
                continue
            kind = self.known_parts[token.key]
            if token.capitalised:
                if kind == "place" and not _inside(token, entities.get("PER", [])):
                    continue
                if kind == "other" and token.sentence_start and pos.get(token.start, "PROPN") in _FUNCTION_POS:
                    continue  # "Petit à petit" when Mme Petit is known
            elif kind == "first":
                if token.after in _DETERMINERS:
                    continue
            elif kind == "other":
                if token.after in _DETERMINERS or pos.get(token.start) not in _NAME_POS and not _inside(token, entities.get("PER", [])):
                    continue
            else:
                continue  # a word or place name in lower case: "une pierre", "la france"
            # "Le Gall", "N'Diaye" when "Gall", "Diaye" are known surnames: capitalised particles before them are theirs.
            first = _particles_before(tokens, index, text) if kind == "other" and token.capitalised else index
            while first < index and not tokens[first].capitalised:
                first += 1
            found.append(_Mention(tokens[first].start, token.end, PERSON, token.key, "known", order, where))
        self.mentions += found

    def _known(self, token: _Token) -> bool:
        return token.key in self.known_parts and (not token.accented or token.lower in self.spellings)

    def _nickname_of(self, token: _Token, pos: Mapping[int, str], entities: Mapping[str, list[tuple[int, int]]]) -> str | None:
        """The known first name that a capitalised proper noun is cut from ("Aga" for Agnieszka, "Quim" for Joaquim), if one only."""
        if not token.capitalised or len(token.key) < _MIN_NICKNAME or pos.get(token.start) != "PROPN":
            return None
        if token.key in _stop_words() or token.key in _not_names() or token.key in _TITLES or token.after in _PLACE_PREPOSITIONS or token.after in _DETERMINERS:
            return None
        if _inside(token, entities.get("ORG", [])):
            return None
        names = {
            part for part in self.given_names | {part for part, kind in self.known_parts.items() if kind != "other"}
            if len(part) >= len(token.key) + 2 and (part.startswith(token.key) or part.endswith(token.key))
        }
        return names.pop() if len(names) == 1 else None

    # clustering and numbering ---------------------------------------------------------------------------------

    def build(self, transcript: Transcript, paths: Sequence[str], strings: Sequence[str]) -> Pseudonyms:
        people = _cluster([m for m in self.mentions if m.kind == PERSON])
        for mention, person in zip([m for m in self.mentions if m.kind == PERSON], people, strict=True):
            mention.person = person
        numbers: dict[object, str] = {}
        counters = {PERSON: 0, EMAIL: 0, PHONE: 0}
        for mention in sorted(self.mentions, key=lambda m: (m.order, m.start)):
            identity = (PERSON, mention.person) if mention.kind == PERSON else (mention.kind, mention.key)
            if identity not in numbers:
                counters[mention.kind] += 1
                numbers[identity] = f"{mention.kind}_{counters[mention.kind]}"
        names: dict[str, str] = {}
        contacts: dict[str, str] = {}
        for mention in sorted(self.mentions, key=lambda m: (m.order, m.start)):
            if mention.kind == PERSON:
                pseudonym = numbers[(PERSON, mention.person)]
                for part in mention.parts:
                    names.setdefault(part, pseudonym)
                names.setdefault(mention.key, pseudonym)
            else:
                contacts.setdefault(mention.key, numbers[(mention.kind, mention.key)])

        def replacement(mention: _Mention) -> Replacement:
            identity = (PERSON, mention.person) if mention.kind == PERSON else (mention.kind, mention.key)
            return Replacement(mention.start, mention.end, numbers[identity], mention.rule)

        by_utterance: list[list[Replacement]] = [[] for _ in transcript.utterances]
        labels: dict[str, str] = {}
        by_string: dict[object, list[Replacement]] = {}
        for mention in self.mentions:
            if isinstance(mention.where, int):
                by_utterance[mention.where].append(replacement(mention))
            elif isinstance(mention.where, tuple) and mention.where[0] == "label":
                label = mention.where[1]
                labels[label] = label[: mention.start] + replacement(mention).pseudonym + label[mention.end :]
            elif mention.where is not None:
                by_string.setdefault(mention.where, []).append(replacement(mention))
        shown = {}
        for kind, texts in (("path", paths), ("string", strings)):
            for text in texts:
                shown[text] = apply(text, _non_overlapping(by_string.get((kind, text), [])))
        pseudonyms = Pseudonyms(
            utterances=tuple(tuple(_non_overlapping(found)) for found in by_utterance),
            labels=MappingProxyType(labels),
            _names=MappingProxyType(names),
            _contacts=MappingProxyType(contacts),
        )
        # Strings also quote labels: their shown form goes through the label replacements too.
        final = {text: _replace_labels(value, labels) for text, value in shown.items()}
        return Pseudonyms(pseudonyms.utterances, pseudonyms.labels, MappingProxyType(final), pseudonyms._names, pseudonyms._contacts)


def _replace_labels(text: str, labels: Mapping[str, str]) -> str:
    for label in sorted((label for label, shown in labels.items() if shown != label), key=len, reverse=True):
        shown = labels[label]
        text = re.sub(rf"(?<!\w){re.escape(label)}(?!\w)", lambda _, shown=shown: shown, text)
    return text


def _cluster(mentions: Sequence[_Mention]) -> list[int]:
    """A person number for each mention.

    Full names first, then single names joined to the one full name holding them (the most recently
    mentioned one when several do), else to the other mentions of the same name. Names met only in
    paths and other strings are clustered afterwards and never extend the people of the session:
    "seance-sofiane-haddad" is Sofiane's, and does not make "Mme Haddad" Sofiane too.
    """
    people: list[set[str]] = []
    assigned: list[int | None] = [None] * len(mentions)
    ordered = sorted(range(len(mentions)), key=lambda i: (mentions[i].order, mentions[i].start))
    late = [i for i in ordered if isinstance(mentions[i].where, tuple) and mentions[i].where[0] in ("path", "string")]
    early = [i for i in ordered if i not in set(late)]
    last_seen: dict[int, int] = {}
    for group in (early, late):
        session_people = len(people)
        for i in group:
            parts = set(mentions[i].parts)
            if len(parts) < 2:
                continue
            number = _holder_of_full_name(parts, people, grow=group is early)
            if number is None and group is late:
                # "seance-sofiane-haddad" is Sofiane's when the session knows one Sofiane, even if it knows another Haddad.
                for shared in ({p for p in parts if p in _first_names()}, parts):
                    sharing = [n for n, person in enumerate(people[:session_people]) if shared & person]
                    if len(sharing) == 1:
                        number = sharing[0]
                        break
            if number is None:
                people.append(parts)
                number = len(people) - 1
            assigned[i] = number
        for i in group:
            if assigned[i] is not None:
                last_seen.setdefault(assigned[i], ordered.index(i))
        for i in group:
            position = ordered.index(i)
            if assigned[i] is None:
                part = mentions[i].parts[0] if mentions[i].parts else mentions[i].key
                holders = [number for number, person in enumerate(people) if part in person]
                if not holders:
                    people.append({part})
                    holders = [len(people) - 1]
                earlier = [number for number in holders if last_seen.get(number, len(ordered)) < position]
                assigned[i] = max(earlier, key=lambda n: last_seen[n]) if earlier else holders[0]
            last_seen[assigned[i]] = position  # type: ignore[index]
    return [number if number is not None else 0 for number in assigned]


def _holder_of_full_name(parts: set[str], people: list[set[str]], *, grow: bool) -> int | None:
    for number, person in enumerate(people):
        if parts <= person or (len(person) > 1 and person <= parts):
            if grow:
                person |= parts
            return number
    return None


def _person_pseudonym(mention: _Mention, names: Mapping[str, str]) -> str | None:
    if mention.key in names:
        return names[mention.key]
    return next((names[part] for part in mention.parts if part in names), None)


# --- tokens and rules -------------------------------------------------------------------------------------------


def _tokens(text: str, *, path: bool = False) -> list[_Token]:
    tokens = []
    previous_key = ""
    for match in (_PATH_WORD if path else _WORD).finditer(text):
        start = match.start()
        # "aujourd'hui": a word glued to the word before by an apostrophe that is no elision is not a name.
        if start and text[start - 1] in "'’" and start >= 2 and text[start - 2].isalpha():
            elided = re.search(r"[^\W\d_]+$", text[: start - 1])
            initial = elided is not None and len(elided.group()) == 1 and elided.group().isupper() and match.group()[0].isupper()  # "O'Brien"
            if elided and not initial and fold(elided.group()) not in {"d", "l", "qu", "j", "n", "s", "m", "t", "c", "jusqu", "lorsqu", "puisqu"}:
                previous_key = fold(match.group())
                continue
        before = text[:start].rstrip(" \t\u00a0\u202f\u2009-—–")
        tokens.append(
            _Token(
                start, match.end(), match.group(), fold(match.group()), match.group()[0].isupper(),
                not before or before[-1] in _SENTENCE_END, previous_key, match.group().lower(),
            )
        )
        previous_key = fold(match.group())
    return tokens


def _fold_same_length(text: str) -> str:
    """Lower case without accents, one character for one, so that offsets stay valid; typographic apostrophes as '."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0].lower()
        out.append("'" if base in "’‘" else base if len(base) == 1 else char)
    return "".join(out)


def _contacts(text: str, order: int, where: object) -> list[_Mention]:
    found = []
    for match in _EMAIL.finditer(text):
        found.append(_Mention(match.start(), match.end(), EMAIL, match.group().lower(), "email", order, where))
    for match in _SPOKEN_EMAIL.finditer(text):
        key = re.sub(r"\s+", " ", match.group().lower())
        found.append(_Mention(match.start(), match.end(), EMAIL, key, "email", order, where))
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group().replace("(0)", ""))
        national = "0" + digits[2:] if digits.startswith("33") else "0" + digits[4:] if digits.startswith("0033") else digits
        found.append(_Mention(match.start(), match.end(), PHONE, national, "phone", order, where))
    return found


def _entity_spans(doc: Doc | None) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    if doc is None:
        return spans
    for entity in doc.ents:
        spans.setdefault(entity.label_, []).append((entity.start_char, entity.end_char))
    return spans


def _pos_by_start(doc: Doc | None) -> dict[int, str]:
    return {} if doc is None else {token.idx: token.pos_ for token in doc}


def _inside(token: _Token, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start <= token.start and token.end <= end for start, end in spans)


def _could_be_name(token: _Token, pos: Mapping[int, str]) -> bool:
    if token.key in _TITLES or token.key in _not_names() or token.key in _stop_words() or len(token.key) < 2:
        return False
    return token.capitalised or _is_first_name(token) or pos.get(token.start) == "PROPN"


def _contiguous(tokens: list[_Token], text: str) -> list[list[_Token]]:
    groups: list[list[_Token]] = []
    for token in tokens:
        if groups and _joined(text, groups[-1][-1], token, path=False):
            groups[-1].append(token)
        else:
            groups.append([token])
    return groups


def _joined(text: str, left: _Token, right: _Token, *, path: bool) -> bool:
    gap = text[left.end : right.start]
    return bool(re.fullmatch(r"[-_. ]+" if path else r"[ \u00a0\u202f]+", gap))


def _same_component(text: str, left: _Token, right: _Token) -> bool:
    first, second = sorted((left, right), key=lambda t: t.start)
    return bool(re.fullmatch(r"[-_. ]+", text[first.end : second.start])) and "." not in text[first.end : second.start]


def _title_applies(title: _Token, token: _Token, folded_before: str) -> bool:
    """ "M. Dupont", "Me Oliveira": a short title needs its dot or a capital after it; "m'" is an elision."""
    gap = folded_before[title.end :]
    if title.key in _SHORT_TITLES:
        return (gap.startswith(".") or token.capitalised) and title.capitalised and "'" not in gap
    return bool(re.fullmatch(r"\.?\s+", gap))


def _followed_by_name(tokens: list[_Token], index: int) -> bool:
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return following is not None and following.capitalised and not following.sentence_start and following.key not in _not_names()


def _extend_surname(
    tokens: list[_Token], index: int, text: str, rule: str, persons: Sequence[tuple[int, int]] = (), surname_like: frozenset[int] = frozenset()
) -> int:
    """The last token of a name starting at `index`: following capitalised words and particles ("Marie de La Tour",
    "Aïssatou N'Diaye"), and lower-case words the model puts in the same PER entity as a proper noun or an unknown
    word ("mamadou traoré")."""
    end = index
    taken = 0
    j = index + 1
    person = next((span for span in persons if span[0] <= tokens[index].start and tokens[index].end <= span[1]), None)
    while j < len(tokens) and taken < _MAX_SURNAME_WORDS and _joined(text, tokens[j - 1], tokens[j], path=False):
        # Particles lead to the capitalised word they belong to, glued to it or not ("de La Tour", "N'Diaye").
        j = _after_particles(tokens, j, text)
        token = tokens[j]
        lower_surname = person is not None and token.end <= person[1] and token.start in surname_like
        if not (token.capitalised or lower_surname) or token.key in _not_names() or token.key in _stop_words() or token.key in _TITLES:
            break
        end = j
        taken += 1
        j += 1
    return end


def _is_particle(token: _Token, following: _Token, text: str) -> bool:
    """A particle ("de", "Da", "le") or an initial glued by an apostrophe to the next word ("N'", "O'", "d'")."""
    gap = text[token.end : following.start]
    if gap in ("'", "’"):
        return token.key == "d" or (len(token.text) == 1 and token.capitalised)
    return token.key in _PARTICLES and bool(re.fullmatch(r"[ \u00a0\u202f]+", gap))


def _after_particles(tokens: list[_Token], index: int, text: str) -> int:
    """The capitalised word that a run of particles starting at `index` leads to ("de la Tour", "N'Diaye"), else `index`."""
    j = index
    while j + 1 < len(tokens) and _is_particle(tokens[j], tokens[j + 1], text):
        j += 1
        if tokens[j].capitalised and tokens[j].key not in _PARTICLES:
            return j
    return index


def _particles_before(tokens: list[_Token], index: int, text: str) -> int:
    """The first of the particles right before a capitalised name at `index` ("de Kerguelen", "Le Gall", "N'Diaye"), else `index`."""
    if not tokens[index].capitalised:
        return index
    first = index
    while first > 0 and _is_particle(tokens[first - 1], tokens[first], text):
        first -= 1
    return first


def _after_place_determiner(text: str, start: int) -> bool:
    """An entity right after "le", "la", "au", "du", "l'"… (lower case): "le Leclerc", "à la Toussaint"."""
    word = re.search(r"([^\W\d_]+)(?:\s+|['’])$", text[:start])
    return word is not None and word.group(1) in _PLACE_DETERMINERS


def _surname_like(doc: Doc | None) -> frozenset[int]:
    """Where the model sees a proper noun or a word it has no vector for: a lower-case surname may be one of them."""
    return frozenset() if doc is None else frozenset(token.idx for token in doc if token.pos_ == "PROPN" or token.is_oov)


def _person_mention(tokens: list[_Token], first: int, last: int, text: str, rule: str, order: int, where: object) -> _Mention:
    start = tokens[first].start
    # "N'Diaye", "O'Brien": a capital initial glued by an apostrophe belongs to the name.
    if start >= 2 and text[start - 1] in "'’" and text[start - 2].isupper() and (start == 2 or not text[start - 3].isalpha()):
        start -= 2
    parts = _name_parts(text[tokens[first].start : tokens[last].end], keep_initials=False) or (tokens[first].key,)
    return _Mention(start, tokens[last].end, PERSON, " ".join(parts), rule, order, where, spelling=text[start : tokens[last].end].lower())


def _name_parts(name: str, *, keep_initials: bool = False) -> tuple[str, ...]:
    """The folded words of a name that identify it: no particles, titles, initials or words that are no names."""
    parts = []
    for match in _WORD.finditer(name):
        key = fold(match.group())
        if key in _PARTICLES or key in _TITLES or key in _not_names():
            continue
        if len(key) < 2 and not keep_initials:
            continue
        if key in _stop_words() and not keep_initials:
            continue
        parts.append(key)
    return tuple(parts)


def label_name_span(label: str) -> tuple[int, int]:
    """Where the name is in a speaker label: "Dr Martin" -> "Martin"; nothing in a role or generic label ("T", "SPEAKER_00")."""
    from analyser.read.roles import role_for_label

    key = fold(label)
    if not key or key == UNKNOWN_SPEAKER or _generic_label(key):
        return 0, 0
    words = list(_WORD.finditer(label))
    if not words:
        return 0, 0
    whole_role = role_for_label(label) is not None and (
        key.strip(" .:") in speaker_role_table() or len(words) == 1 or all(_generic_label(fold(w.group())) for w in words[1:])
    )
    if whole_role:
        return 0, 0
    first = 0
    while first < len(words) and (fold(words[first].group()) in _TITLES or fold(words[first].group()) in speaker_role_table()):
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
    return all(len(w) == 1 or w in _not_names() or w in speaker_role_table() for w in words)


def _part_class(part: str) -> str:
    """How a known name part is looked for: first (any case), word or place (capitalised only), other (capitalised,
    or lower case where the parse calls it a noun)."""
    if part in _first_names():
        return ambiguous_first_names().get(part, "first")
    return "other"


def _is_first_name(token: _Token) -> bool:
    """In the list: as written when the word has accents ("marié" is not "Marie"), without accents otherwise ("helene")."""
    names, key = (_first_names_as_written(), token.lower) if token.accented else (_first_names(), token.key)
    if key in names:
        return True
    pieces = key.split("-")
    return len(pieces) > 1 and all(piece in names for piece in pieces)  # Marie-Sophie, Jean-Kévin


def _in_context(token: _Token, doc: Doc | None) -> bool:
    """A proper noun in a sentence of at least three words: the model's PER on a one-word answer ("Divorcé.") is a guess."""
    if doc is None:
        return False
    for spacy_token in doc:
        if spacy_token.idx == token.start:
            return spacy_token.pos_ == "PROPN" and len([t for t in spacy_token.sent if not t.is_punct]) >= 3
    return False


def _non_overlapping(replacements: Iterable[Replacement]) -> list[Replacement]:
    """Sorted by start; of overlapping ones, contacts first, then the longest."""
    ranked = sorted(replacements, key=lambda r: (r.rule not in ("email", "phone"), -(r.end - r.start), r.start))
    kept: list[Replacement] = []
    for replacement in ranked:
        if all(replacement.end <= other.start or other.end <= replacement.start for other in kept):
            kept.append(replacement)
    return sorted(kept, key=lambda r: r.start)


def _non_overlapping_mentions(mentions: Iterable[_Mention]) -> list[_Mention]:
    ranked = sorted(mentions, key=lambda m: (m.kind == PERSON, -(m.end - m.start), m.start))
    kept: list[_Mention] = []
    for mention in ranked:
        if all(mention.end <= other.start or other.end <= mention.start for other in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


@functools.cache
def _first_names() -> frozenset[str]:
    return frozenset(fold(name) for name in word_list("first_names.txt"))


@functools.cache
def _first_names_as_written() -> frozenset[str]:
    return frozenset(name.lower() for name in word_list("first_names.txt"))


@functools.cache
def _not_names() -> frozenset[str]:
    return frozenset(fold(word) for word in word_list("not_names.txt"))


@functools.cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.fr.stop_words import STOP_WORDS

    # A few first names are also listed as stop words; they stay names.
    return frozenset(fold(word) for word in STOP_WORDS) - _first_names()
