"""Write the pseudonyms of a session: number its people, e-mail addresses and phone numbers, and replace them in its texts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from analyser.domain import Transcript
from analyser.redact.contacts import EMAIL, PHONE
from analyser.redact.names import PERSON, Mention
from analyser.redact.people import Finder, cluster

if TYPE_CHECKING:
    from spacy.tokens import Doc


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
        finder = Finder(known=self._names)
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


def find_pseudonyms(
    transcript: Transcript, docs: Sequence[Doc] | None = None, *, extra_strings: Iterable[str] = (), paths: Iterable[str] = ()
) -> Pseudonyms:
    """Find the people, e-mail addresses and phone numbers of a session and number them.

    Names come from the speaker labels, the model's PER entities and proper nouns, a list of French first
    names, titles ("Mme Dupont"), naming cues ("je m'appelle Lina", "ma fille Rose", "pépé Jakez") and file
    names; once a name is known, every other occurrence of it in the session is found too, in any case, and
    so are nicknames cut from it ("Quim" for Joaquim). One person gets one pseudonym, PERSONNE_1,
    PERSONNE_2…, numbered in order of first appearance ("Marie Dupont", "Marie", "marie" and "Mme Dupont" are
    one person when nothing says otherwise); e-mail addresses and phone numbers get EMAIL_n and TELEPHONE_n,
    the same one each time the same address or number comes back.

    Args:
        transcript: the session, with its speaker labels and utterances (the original text).
        docs: the parsed utterances, in order, with the model's named entities; without them, no PER entity
            and no part of speech is used.
        extra_strings: other strings written out with the session (warnings, metadata), scanned after the
            utterances so that their names are numbered too.
        paths: file paths written out (the source, the session id, an RTTM file), scanned with the file-name rules.
    """
    finder = Finder()
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
    return _numbered(finder.mentions, transcript, path_list, string_list)


def _numbered(mentions: list[Mention], transcript: Transcript, paths: Sequence[str], strings: Sequence[str]) -> Pseudonyms:
    """Each person, address and number its pseudonym, in order of first appearance, written into the session's texts."""
    persons = [m for m in mentions if m.kind == PERSON]
    for mention, person in zip(persons, cluster(persons), strict=True):
        mention.person = person
    numbers: dict[object, str] = {}
    counters = {PERSON: 0, EMAIL: 0, PHONE: 0}
    for mention in sorted(mentions, key=lambda m: (m.order, m.start)):
        identity = (PERSON, mention.person) if mention.kind == PERSON else (mention.kind, mention.key)
        if identity not in numbers:
            counters[mention.kind] += 1
            numbers[identity] = f"{mention.kind}_{counters[mention.kind]}"
    names: dict[str, str] = {}
    contacts: dict[str, str] = {}
    for mention in sorted(mentions, key=lambda m: (m.order, m.start)):
        if mention.kind == PERSON:
            pseudonym = numbers[(PERSON, mention.person)]
            for part in mention.parts:
                names.setdefault(part, pseudonym)
            names.setdefault(mention.key, pseudonym)
        else:
            contacts.setdefault(mention.key, numbers[(mention.kind, mention.key)])

    def replacement(mention: Mention) -> Replacement:
        identity = (PERSON, mention.person) if mention.kind == PERSON else (mention.kind, mention.key)
        return Replacement(mention.start, mention.end, numbers[identity], mention.rule)

    by_utterance: list[list[Replacement]] = [[] for _ in transcript.utterances]
    labels: dict[str, str] = {}
    by_string: dict[object, list[Replacement]] = {}
    for mention in mentions:
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
            # Strings also quote labels: their shown form goes through the label replacements too.
            shown[text] = _replace_labels(apply(text, _non_overlapping(by_string.get((kind, text), []))), labels)
    return Pseudonyms(
        utterances=tuple(tuple(_non_overlapping(found)) for found in by_utterance),
        labels=MappingProxyType(labels),
        strings=MappingProxyType(shown),
        _names=MappingProxyType(names),
        _contacts=MappingProxyType(contacts),
    )


def _replace_labels(text: str, labels: Mapping[str, str]) -> str:
    for label in sorted((label for label, shown in labels.items() if shown != label), key=len, reverse=True):
        shown = labels[label]
        text = re.sub(rf"(?<!\w){re.escape(label)}(?!\w)", lambda _, shown=shown: shown, text)
    return text


def _person_pseudonym(mention: Mention, names: Mapping[str, str]) -> str | None:
    if mention.key in names:
        return names[mention.key]
    return next((names[part] for part in mention.parts if part in names), None)


def _non_overlapping(replacements: Iterable[Replacement]) -> list[Replacement]:
    """Sorted by start; of overlapping ones, contacts first, then the longest."""
    ranked = sorted(replacements, key=lambda r: (r.rule not in ("email", "phone"), -(r.end - r.start), r.start))
    kept: list[Replacement] = []
    for replacement in ranked:
        if all(replacement.end <= other.start or other.end <= replacement.start for other in kept):
            kept.append(replacement)
    return sorted(kept, key=lambda r: r.start)
