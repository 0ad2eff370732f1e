"""The people of a session: every mention of a name it reveals, nicknames cut from them, and which mentions are one person."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from analyser.redact import _words as W
from analyser.redact.contacts import find_contacts
from analyser.redact.names import PERSON, Mention, label_name, non_overlapping_mentions, text_names
from analyser.resources import ambiguous_first_names, speaker_role_table

if TYPE_CHECKING:
    from spacy.tokens import Doc

# A nickname cut from a known first name ("Aga" for Agnieszka, "Quim" for Joaquim): at least this long, and at least
# two letters shorter than the name.
_MIN_NICKNAME = 3


class Finder:
    """Collects the mentions of a session: what its labels and utterances reveal first, then every other mention of it."""

    def __init__(self, known: Iterable[str] = ()) -> None:
        """`known`: the folded name parts of a finished session, for a string met after it."""
        self.mentions: list[Mention] = []
        self.known_parts: dict[str, str] = {}  # folded part -> its class: first (any case), word (capital), other
        self.spellings: set[str] = set()  # known parts as written, lower case: an accented word must match one
        self.given_names: set[str] = set()  # known parts used as first names: nicknames are cut from them
        for part in known:
            self.known_parts[part] = W.part_class(part)
            self.spellings.add(part)

    # discovery ------------------------------------------------------------------------------------------------

    def scan_label(self, label: str, *, order: int) -> None:
        """The name in a speaker label."""
        mention = label_name(label, order=order)
        if mention is not None:
            self.mentions.append(mention)

    def scan_text(self, text: str, *, doc: Doc | None, order: int, where: object) -> None:
        """The contacts and names of an utterance, by the name rules."""
        found = _contact_mentions(text, order, where) + text_names(text, doc=doc, order=order, where=where)
        self.mentions += non_overlapping_mentions(found)

    def close_discovery(self) -> None:
        """What the utterances and labels revealed becomes known: later strings and the whole session are searched for it."""
        for mention in self.mentions:
            if mention.kind != PERSON:
                continue
            for part in mention.parts:
                if len(part) >= 2 and part not in W.stop_words() and part not in W.not_names() and not part.endswith("_"):
                    self.known_parts.setdefault(part, W.part_class(part))
            # The first word of a full name, or a name found by a naming cue or the list, is a first name.
            if mention.parts and (len(mention.parts) > 1 or mention.rule in ("cue", "first_name", "label")):
                self.given_names.add(mention.parts[0])
            self.spellings.update(word.lower() for word in W.WORD.findall(mention.spelling))

    # known names ----------------------------------------------------------------------------------------------

    def scan_string(self, text: str, *, path: bool, order: int, where: object = None) -> None:
        """A path, a warning or a metadata value: contacts, titles, capitalised first names, known names; file-name rules for paths."""
        found = _contact_mentions(text, order, where)
        tokens = W.text_tokens(text, path=path)
        folded = W.fold_same_length(text)
        names = [False] * len(tokens)
        for index, token in enumerate(tokens):
            if token.key in W.not_names() or token.key in W.stop_words() or len(token.key) < 2:
                continue
            previous = tokens[index - 1] if index else None
            if previous is not None and previous.key in W.name_words("title") and (path or W.title_applies(previous, token, folded[: token.start])):
                names[index] = path or token.capitalised
            elif self._known(token):
                names[index] = path or token.capitalised or self.known_parts[token.key] == "first"
            elif W.is_first_name(token) and token.key not in ambiguous_first_names():
                names[index] = path or token.capitalised
        if path:
            # In a file name, a word next to a name is part of it: "seance-marie-dupont", "DUPONT_Marie".
            changed = True
            while changed:
                changed = False
                for index, token in enumerate(tokens):
                    if names[index] or W.never_a_name(token.key) or len(token.key) < 2:
                        continue
                    if token.key in speaker_role_table():
                        continue
                    neighbours = [j for j in (index - 1, index + 1) if 0 <= j < len(tokens) and names[j] and W.same_component(text, tokens[j], token)]
                    if neighbours:
                        names[index] = changed = True
        run: list[W.Token] = []
        for index, token in enumerate(tokens + [None]):  # type: ignore[operator]
            if token is not None and names[index] and (not run or W.joined(text, run[-1], token, path=path)):
                run.append(token)
                continue
            if run:
                parts = W.name_parts(" ".join(t.text for t in run), keep_initials=path)
                if parts:
                    found.append(Mention(run[0].start, run[-1].end, PERSON, " ".join(parts), "path" if path else "string", order, where))
            run = [token] if token is not None and names[index] else []
        self.mentions += non_overlapping_mentions(found)

    def scan_known(self, text: str, *, doc: Doc | None, order: int, where: object) -> None:
        """Every occurrence of a name known anywhere in the session, in any case its class allows."""
        pos = W.pos_by_start(doc)
        entities = W.entity_spans(doc)
        found = []
        tokens = W.text_tokens(text)
        determiners = W.name_words("determiner")
        for index, token in enumerate(tokens):
            if not self._known(token):
                nickname = self._nickname_of(token, pos, entities)
                if nickname is not None:
                    found.append(Mention(token.start, token.end, PERSON, nickname, "nickname", order, where))
                continue
            kind = self.known_parts[token.key]
            if token.capitalised:
                if kind == "place" and not W.inside(token, entities.get("PER", [])):
                    continue
                if kind == "other" and token.sentence_start and pos.get(token.start, "PROPN") in W.FUNCTION_POS:
                    continue  # "Petit à petit" when Mme Petit is known
            elif kind == "first":
                if token.after in determiners:
                    continue
            elif kind == "other":
                if token.after in determiners or pos.get(token.start) not in W.NAME_POS and not W.inside(token, entities.get("PER", [])):
                    continue
            else:
                continue  # a word or place name in lower case: "une pierre", "la france"
            # "Le Gall", "N'Diaye" when "Gall", "Diaye" are known surnames: capitalised particles before them are theirs.
            first = W.particles_before(tokens, index, text) if kind == "other" and token.capitalised else index
            while first < index and not tokens[first].capitalised:
                first += 1
            found.append(Mention(tokens[first].start, token.end, PERSON, token.key, "known", order, where))
        self.mentions += found

    def _known(self, token: W.Token) -> bool:
        return token.key in self.known_parts and (not token.accented or token.lower in self.spellings)

    def _nickname_of(self, token: W.Token, pos: Mapping[int, str], entities: Mapping[str, list[tuple[int, int]]]) -> str | None:
        """The known first name that a capitalised proper noun is cut from ("Aga" for Agnieszka, "Quim" for Joaquim), if one only."""
        if not token.capitalised or len(token.key) < _MIN_NICKNAME or pos.get(token.start) != "PROPN":
            return None
        if W.never_a_name(token.key) or token.after in W.name_words("place_preposition") or token.after in W.name_words("determiner"):
            return None
        if W.inside(token, entities.get("ORG", [])):
            return None
        names = {
            part for part in self.given_names | {part for part, kind in self.known_parts.items() if kind != "other"}
            if len(part) >= len(token.key) + 2 and (part.startswith(token.key) or part.endswith(token.key))
        }
        return names.pop() if len(names) == 1 else None


def _contact_mentions(text: str, order: int, where: object) -> list[Mention]:
    return [Mention(c.start, c.end, c.kind, c.key, c.rule, order, where) for c in find_contacts(text)]


def cluster(mentions: Sequence[Mention]) -> list[int]:
    """A person number for each mention of a person.

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
                for shared in ({p for p in parts if p in W.first_names()}, parts):
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
