"""Decide each speaker's role: from the options, from the label table, or by a heuristic.

The heuristic, used only for speakers neither the options nor the label table place:

1. If no speaker is the therapist yet, the therapist is the unplaced speaker who asks the
   most questions: score = questions / (utterances + 2), where an utterance counts as a
   question when it holds "?" or starts with an interrogative opener
   (models/interrogative_openers.txt). The "+ 2" keeps a speaker with one "Comment ?" from
   outranking one who asked thirty questions in fifty turns. Ties go to who spoke first,
   since the practitioner usually opens the session.
2. If no speaker is the client yet, the client is the unplaced speaker with the most words.
3. Every other unplaced speaker is "other".
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable
from types import MappingProxyType

from analyser.domain import Role, RoleSource, Transcript
from analyser.resources import speaker_role_table, word_list
from analyser.textnorm import fold

_EDGE_PUNCTUATION = "[](){}:.,;-_ \t'\""


def role_for_label(label: str) -> Role | None:
    """The role a speaker label names, or None when the table does not know it.

    The whole label is tried first ("Th", "P", "Praticien·ne"), then its first word when
    that word is at least two letters long ("Dr Martin", "Patiente A"), so that an initial
    ("C. Durand") is never read as a role.
    """
    table = speaker_role_table()
    key = fold(label).strip(_EDGE_PUNCTUATION)
    for candidate in _label_candidates(key):
        if candidate in table:
            return table[candidate]  # type: ignore[return-value]
    first_word = re.split(r"[\s.]", key, maxsplit=1)[0].strip(_EDGE_PUNCTUATION)  # "Dr.Martin" -> "dr"
    if first_word != key:
        for candidate in _label_candidates(first_word):
            if len(candidate) >= 2 and candidate in table:
                return table[candidate]  # type: ignore[return-value]
    return None


def _label_candidates(key: str) -> Iterable[str]:
    yield key
    without_ending = _inclusive_ending().sub("", key)
    yield without_ending
    yield without_ending.rstrip("0123456789 _-")  # "T1", "Patient 2"


def assign_roles(
    transcript: Transcript,
    *,
    therapist_labels: Iterable[str] = (),
    client_labels: Iterable[str] = (),
    other_labels: Iterable[str] = (),
) -> Transcript:
    """Return the transcript with every utterance's role decided, and how.

    Args:
        transcript: as a reader returned it.
        therapist_labels: speaker labels the user names as therapist (matched folded).
        client_labels: speaker labels the user names as client.
        other_labels: speaker labels the user names as neither (an interpreter, a relative).
    """
    speakers = transcript.speakers
    roles: dict[str, Role] = {}
    sources: dict[str, RoleSource] = {}
    warnings = list(transcript.warnings)

    given: dict[str, list[str]] = {}  # folded label -> roles given to it
    for labels, role in ((therapist_labels, "therapist"), (client_labels, "client"), (other_labels, "other")):
        for label in labels:
            given.setdefault(fold(label), []).append(role)
    for label, given_roles in sorted(given.items()):
        if len(set(given_roles)) > 1:
            warnings.append(f"{transcript.source}: {label!r} is given as {' and as '.join(dict.fromkeys(given_roles))}; taken as {given_roles[-1]}")
    for labels, role in ((therapist_labels, "therapist"), (client_labels, "client"), (other_labels, "other")):
        for label in labels:
            matched = [s for s in speakers if fold(s) == fold(label)]
            if not matched:
                warnings.append(f"{transcript.source}: the {role} label {label!r} matches no speaker")
            for speaker in matched:
                roles[speaker], sources[speaker] = role, "option"

    for speaker in speakers:
        if speaker not in roles and (role := role_for_label(speaker)) is not None:
            roles[speaker], sources[speaker] = role, "label"

    unplaced = [s for s in speakers if s not in roles]
    if unplaced and "therapist" not in roles.values():
        therapist = max(unplaced, key=lambda s: (_question_score(transcript, s), -speakers.index(s)))
        roles[therapist], sources[therapist] = "therapist", "heuristic"
        unplaced.remove(therapist)
    if unplaced and "client" not in roles.values():
        client = max(unplaced, key=lambda s: (_word_count(transcript, s), -speakers.index(s)))
        roles[client], sources[client] = "client", "heuristic"
        unplaced.remove(client)
    for speaker in unplaced:
        roles[speaker], sources[speaker] = "other", "heuristic"

    warnings.extend(_role_warnings(transcript.source, speakers, roles, sources))
    utterances = tuple(dataclasses.replace(u, role=roles[u.speaker]) for u in transcript.utterances)
    return dataclasses.replace(
        transcript,
        utterances=utterances,
        warnings=tuple(warnings),
        role_source=MappingProxyType({s: sources[s] for s in speakers}),
    )


def _role_warnings(source: str, speakers: tuple[str, ...], roles: dict[str, Role], sources: dict[str, RoleSource]) -> list[str]:
    """What the user should know about the roles: a missing therapist or client, many speakers placed by guessing."""
    warnings = []
    present = set(roles.values())
    if "therapist" not in present:
        warnings.append(f"{source}: no speaker is the therapist: the coding figures are not measured, the turn balance is (name one with --therapist)")
    if "client" not in present:
        alone = " (the only speaker)" if len(speakers) == 1 else ""
        warnings.append(f"{source}: no speaker is the client{alone}: the turn balance is one-sided (name one with --client)")
    guessed = [s for s in speakers if sources[s] == "heuristic"]
    if len(speakers) > 2 and len(guessed) > 1:
        warnings.append(
            f"{source}: {len(speakers)} speakers, {len(guessed)} of them placed by guessing "
            f"({', '.join(f'{s} = {roles[s]}' for s in guessed)}): check them, or give them with --speaker-map LABEL=ROLE"
        )
    return warnings


def _question_score(transcript: Transcript, speaker: str) -> float:
    texts = [fold(u.text) for u in transcript.utterances if u.speaker == speaker]
    questions = sum(1 for text in texts if "?" in text or _interrogative_opener().match(text))
    return questions / (len(texts) + 2)


@functools.cache
def _interrogative_opener() -> re.Pattern[str]:
    """An utterance start that is an interrogative opener, as whole words ("quel", not "quelque")."""
    openers = sorted((fold(opener) for opener in word_list("interrogative_openers.txt")), key=len, reverse=True)
    alternatives = "|".join(re.escape(opener) for opener in openers)
    return re.compile(rf"^(?:{alternatives})(?:(?<=['-])|(?!\w))")


@functools.cache
def _inclusive_ending() -> re.Pattern[str]:
    """An inclusive-writing ending on a folded label (Praticien·ne, Intervenant.e, Client(e)), from inclusive_endings.txt."""
    feminine = "|".join(re.escape(fold(ending)) for ending in word_list("inclusive_endings.txt"))
    return re.compile(rf"(?:[·•.\-](?:{feminine})s?|\((?:{feminine})s?\)?)$")


def _word_count(transcript: Transcript, speaker: str) -> int:
    return sum(len(u.text.split()) for u in transcript.utterances if u.speaker == speaker)
