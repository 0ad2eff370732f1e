"""Decide each speaker's role: from the options, from the label table, or by a heuristic; warn about the guesses.

The heuristic, used only for speakers neither the options nor the label table place:

1. If no speaker is the therapist yet, the therapist is the unplaced speaker who asks the
   most questions: score = questions / (utterances + 2), where an utterance counts as a
   question when it holds "?" or starts with an interrogative opener
   (models/interrogative_openers.txt). The "+ 2" keeps a speaker with one "Comment ?" from
   outranking one who asked thirty questions in fifty turns. Ties go to who spoke first,
   since the practitioner usually opens the session.
2. Every other unplaced speaker is a client: a family or a couple is the client together
   (a relative who should not count is given with --speaker-map LABEL=other).

A co-therapist (a second professional) has the therapist's role: MITI codes clinician behaviour,
whoever of the clinicians says it; the per-speaker figures keep them apart.

A role is *confident* when the user gave it, when the label table names it, or when one speaker
is left to take the one role nobody holds (the other speaker of "Thérapeute / Marie"). Any other
role is *guessed*, and one warning lists every speaker's role with its reason and how to correct it.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import shlex
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Literal

from analyser.domain import Role, RoleSource, Transcript
from analyser.messages import Notice
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
        therapist_labels: speaker labels the user names as therapist (matched folded); a co-therapist too.
        client_labels: speaker labels the user names as client.
        other_labels: speaker labels the user names as neither (an interpreter, a relative who is not a client).
    """
    speakers = transcript.speakers
    roles: dict[str, Role] = {}
    reasons: dict[str, _Reason] = {}
    warnings = list(transcript.warnings)

    given: dict[str, list[Role]] = {}  # folded label -> roles given to it
    options: tuple[tuple[Iterable[str], Role], ...] = ((therapist_labels, "therapist"), (client_labels, "client"), (other_labels, "other"))
    for labels, role in options:
        for label in labels:
            given.setdefault(fold(label), []).append(role)
    for label, given_roles in sorted(given.items()):
        if len(set(given_roles)) > 1:
            names = _joined([_role_name(role) for role in dict.fromkeys(given_roles)], lambda first, rest: Notice("roles.alternatives", first=first, rest=rest))
            warnings.append(Notice("roles.given_several", source=transcript.source, label=label, roles=names, role=_role_name(given_roles[-1])))
    for labels, role in options:
        for label in labels:
            matched = [s for s in speakers if fold(s) == fold(label)]
            if not matched:
                warnings.append(Notice("roles.label_matches_nobody", source=transcript.source, role=_role_name(role), label=label))
            for speaker in matched:
                roles[speaker], reasons[speaker] = role, "option"

    for speaker in speakers:
        if speaker not in roles and (role := role_for_label(speaker)) is not None:
            roles[speaker], reasons[speaker] = role, "label"

    unplaced = [s for s in speakers if s not in roles]
    # One speaker left, and one of therapist and client nobody holds: it can only be that one.
    last_left = len(unplaced) == 1 and len({"therapist", "client"} - set(roles.values())) == 1
    if unplaced and "therapist" not in roles.values():
        therapist = max(unplaced, key=lambda s: (_question_score(transcript, s), -speakers.index(s)))
        roles[therapist], reasons[therapist] = "therapist", "last_left" if last_left else "questions"
        unplaced.remove(therapist)
    for speaker in unplaced:
        roles[speaker], reasons[speaker] = "client", "last_left" if last_left else "clients"

    warnings.extend(_role_warnings(transcript.source, speakers, roles, reasons))
    utterances = tuple(dataclasses.replace(u, role=roles[u.speaker]) for u in transcript.utterances)
    return dataclasses.replace(
        transcript,
        utterances=utterances,
        warnings=tuple(warnings),
        role_source=MappingProxyType({s: _SOURCE[reasons[s]] for s in speakers}),
    )


# Why a speaker has its role: given by the user, named by the label table, the one speaker left for the one
# role nobody holds, the one asking the most questions, or one of the speakers who are not the therapist.
_Reason = Literal["option", "label", "last_left", "questions", "clients"]
_CONFIDENT: frozenset[_Reason] = frozenset({"option", "label", "last_left"})
# The reason as the outputs' `role_source` says it (a stable value of the JSON).
_SOURCE: Mapping[_Reason, RoleSource] = MappingProxyType(
    {"option": "option", "label": "label", "last_left": "heuristic", "questions": "heuristic", "clients": "heuristic"}
)
# What --speaker-map to suggest for a guessed role: the likeliest other role.
_ALTERNATIVE: Mapping[Role, Role] = MappingProxyType({"therapist": "client", "client": "other", "other": "client"})
# A --speaker-map value the shell reads as one word without quotes.
_SHELL_SAFE = re.compile(r"[\w@%+=:,./-]+")


def _role_warnings(source: str, speakers: tuple[str, ...], roles: dict[str, Role], reasons: dict[str, _Reason]) -> list[Notice]:
    """What the user should know about the roles: a missing therapist or client, and every role when one was guessed."""
    warnings = []
    present = set(roles.values())
    if "therapist" not in present:
        warnings.append(Notice("roles.no_therapist", source=source))
    if "client" not in present:
        warnings.append(Notice("roles.no_client_alone", source=source) if len(speakers) == 1 else Notice("roles.no_client", source=source))
    guessed = [s for s in speakers if reasons[s] not in _CONFIDENT]
    if guessed:
        first = guessed[0]
        correction = f"{first}={_ALTERNATIVE[roles[first]]}"
        if not _SHELL_SAFE.fullmatch(correction):
            correction = shlex.quote(correction)
        warnings.append(Notice("roles.guessed", source=source, roles=_role_list(speakers, roles, reasons), fix=f"--speaker-map {correction}"))
    return warnings


def _role_list(speakers: tuple[str, ...], roles: dict[str, Role], reasons: dict[str, _Reason]) -> Notice:
    """"Thérapeute = thérapeute (étiquette), Mère = client, Lucas = client (tous les non-thérapeutes…)": a reason after each run of speakers that share it."""
    entries = []
    for position, speaker in enumerate(speakers):
        reason = reasons[speaker]
        role = _role_name(roles[speaker])
        if position + 1 < len(speakers) and reasons[speakers[position + 1]] == reason:
            entries.append(Notice("roles.entry", speaker=speaker, role=role))
        else:
            entries.append(Notice("roles.entry_because", speaker=speaker, role=role, reason=_reason_text(reason)))
    return _joined(entries, lambda first, rest: Notice("roles.list", first=first, rest=rest))


def _joined(items: list[Notice], join: Callable[[Notice, Notice], Notice]) -> Notice:
    """`items` joined two by two by `join` (a message "{first}, {rest}"), as a balanced tree: a group of
    a thousand speakers nests ten deep, not a thousand."""
    if len(items) == 1:
        return items[0]
    middle = len(items) // 2
    return join(_joined(items[:middle], join), _joined(items[middle:], join))


def _role_name(role: Role) -> Notice:
    """The role as people read it: "thérapeute", "client", "autre"."""
    if role == "therapist":
        return Notice("roles.name_therapist")
    return Notice("roles.name_client") if role == "client" else Notice("roles.name_other")


def _reason_text(reason: _Reason) -> Notice:
    """Why the role was given, as the warning says it."""
    texts = {
        "option": lambda: Notice("roles.reason_option"),
        "label": lambda: Notice("roles.reason_label"),
        "last_left": lambda: Notice("roles.reason_last_left"),
        "questions": lambda: Notice("roles.reason_questions"),
        "clients": lambda: Notice("roles.reason_clients"),
    }
    return texts[reason]()


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

