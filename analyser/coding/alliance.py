"""Alliance markers of an utterance: goals, tasks, frame, empathy and repair (therapist); ruptures, doubt, agreement (client).

The cues come from models/alliance_cues.tsv; the context decides what some of them mean:
- a therapist's cue counts only in a therapist's utterance, a client's only in a client's;
- asking about feelings (FEELING_ASKED) is empathic exploration when the utterance asks it (an open question or
  an invitation), and a reflection that gives the client a feeling is empathic interpretation;
- « je sais pas », « bof », « rien de spécial » (AVOIDING) are a withdrawal when they answer, in a few words, an
  invitation to explore (an open question); a short answer to a closed, factual question is not;
- agreement is agreement with something proposed: the therapist's utterance before talks of goals or tasks,
  negotiates, advises or repairs; then even a bare « d'accord » answering « ça vous va ? » agrees;
- a repair also answers a strain from the context: right after the client withdrew, confronted or doubted, a goal or
  task put to the client is one; right after a confrontation or a doubt, so is empathy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analyser import labels as L
from analyser.domain import CodedUtterance
from analyser.resources import word_class, word_set

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# A withdrawal answers an invitation in this many words at most: a longer answer engages, whatever its first words.
MINIMAL_ANSWER_WORDS = 6
_PROPOSALS = (L.GOAL_TALK, L.TASK_TALK)
# Talk about the work itself: a complex reflection in the same utterance sums up goals, tasks or the frame.
_WORKING_TALK = (L.GOAL_TALK, L.TASK_TALK, L.FRAME, L.REPAIR)
_TASK_OBJECT = "object"  # models/alliance_cues.tsv: an exercise, a diary… named, not proposed
_PROPOSING_INPUT = ("negotiation", "options", "advice")
# What answers a client's strain as a repair: empathy, or a goal or task put to the client.
_ANSWERS_STRAIN = (*L.EMPATHY_LABELS, L.GOAL_TALK, L.TASK_TALK)


@dataclass(frozen=True, slots=True)
class AllianceCue:
    """One alliance marker of an utterance: its label, the span that shows it, and why."""

    label: str
    span: Span
    rule: str


def therapist_alliance(
    doc: Doc, *, question: str | None, feeling_reflection: Span | None = None, meaning_reflection: Span | None = None, after_strain: str | None = None
) -> list[AllianceCue]:
    """The alliance markers of a therapist utterance, given its question code and a reflection that names a feeling.

    `meaning_reflection`: a complex reflection's segment. Saying back what the client lives through, in one's own
    words, conveys understanding of it (EPITOME's interpretation) even when it names no feeling; not in an
    utterance that talks of goals, tasks, the frame or a repair, where the reflection sums up the work.

    `after_strain`: the client's utterance just before withdrew ("away") or confronted or doubted ("against", see
    `strain`). Then a goal or task put to the client is a response to the strain: a repair (3RS), even with no
    repair cue; after a move against the therapist or the work, so is empathy.
    """
    found: list[AllianceCue] = []
    cues = _cues(doc)
    repairs = any(cue.label_ == L.REPAIR for cue in cues)
    proposes = any(cue.label_ == L.TASK_TALK and cue.id_ != _TASK_OBJECT for cue in cues)
    for cue in cues:
        if cue.label_ == L.TASK_TALK and cue.id_ == _TASK_OBJECT and not proposes and (question is not None or repairs):
            continue  # « Vous avez pu faire l'exercice ? » reviews a task; a repair that names it does not propose it
        if cue.label_ in L.THERAPIST_ALLIANCE_LABELS:
            found.append(AllianceCue(cue.label_, cue, f"{cue.label_.lower()}:{cue.id_}"))
        elif cue.label_ == L.FEELING_ASKED and (question == "open" or not _punctuated(doc)):
            found.append(AllianceCue(L.EMPATHY_EXPLORATION, cue, f"exploration:asks_feeling{'' if question else ':unpunctuated'}"))
    if not any(c.label == L.EMPATHY_INTERPRETATION for c in found):
        if feeling_reflection is not None:
            found.append(AllianceCue(L.EMPATHY_INTERPRETATION, feeling_reflection, "interpretation:reflects_feeling"))
        elif meaning_reflection is not None and not any(c.label in _WORKING_TALK for c in found):
            found.append(AllianceCue(L.EMPATHY_INTERPRETATION, meaning_reflection, "interpretation:reflects_meaning"))
    if after_strain and not any(c.label == L.REPAIR for c in found):
        answer = next((c for c in found if c.label in (_ANSWERS_STRAIN if after_strain == "against" else _PROPOSALS)), None)
        if answer is not None:
            found.append(AllianceCue(L.REPAIR, answer.span, f"repair:answers_strain:{answer.label.lower()}"))
    return _one_per_label(found)


def client_alliance(doc: Doc, words: int, *, before: CodedUtterance | None) -> list[AllianceCue]:
    """The alliance markers of a client utterance, given the therapist's utterance just before (None if none)."""
    invited = before is not None and (before.question == "open" or _has(before, L.EMPATHY_EXPLORATION))
    proposed = before is not None and (any(_has(before, label) for label in (*_PROPOSALS, L.REPAIR)) or before.input in _PROPOSING_INPUT)
    found: list[AllianceCue] = []
    for cue in _cues(doc):
        if cue.label_ == L.CLIENT_AGREEMENT:
            if proposed:
                found.append(AllianceCue(cue.label_, cue, f"agreement:{cue.id_}:to_proposal"))
        elif cue.label_ in L.CLIENT_ALLIANCE_LABELS:
            found.append(AllianceCue(cue.label_, cue, f"{cue.label_.lower()}:{cue.id_}"))
        elif cue.label_ == L.AVOIDING and invited and words <= MINIMAL_ANSWER_WORDS:
            found.append(AllianceCue(L.RUPTURE_WITHDRAWAL, cue, "withdrawal:minimal_answer_to_invitation"))
    emotion = _own_feeling(doc)
    if emotion is not None:
        found.append(AllianceCue(L.CLIENT_EMOTION, emotion, f"emotion:{emotion.lemma_.lower()}"))
    # « Je ne sais pas si ça peut m'aider » is doubt, not avoidance.
    if any(c.label == L.CLIENT_DOUBT for c in found):
        found = [c for c in found if c.rule != "withdrawal:minimal_answer_to_invitation"]
    return _one_per_label(found)


def strain(coded: CodedUtterance | None) -> str | None:
    """What strain a client utterance shows, which a repair answers: "against" (confronts, doubts), "away" (withdraws)."""
    if coded is None:
        return None
    if _has(coded, L.RUPTURE_CONFRONTATION) or _has(coded, L.CLIENT_DOUBT):
        return "against"
    return "away" if _has(coded, L.RUPTURE_WITHDRAWAL) else None


def bare_agreement(doc: Doc, *, before: CodedUtterance | None) -> AllianceCue | None:
    """« D'accord. », « Oui, ça marche. » answering a proposal that asked for the client's view: agreement."""
    if before is None or before.question is None or not any(_has(before, label) for label in _PROPOSALS):
        return None
    span = doc[:]
    return AllianceCue(L.CLIENT_AGREEMENT, span, "agreement:agrees_to_proposal")


def _own_feeling(doc: Doc) -> Span | None:
    """A feeling word in an utterance where the client speaks of themself (je, me, moi): « j'ai peur », « ça m'angoisse »."""
    first_person = word_class("word_classes.tsv", "first_person")
    if not any(token.lower_ in first_person for token in doc):
        return None
    feelings = word_set("feeling_words.txt")
    token = next((t for t in doc if t.lemma_.lower() in feelings and t.pos_ in ("NOUN", "ADJ", "VERB")), None)
    return None if token is None else doc[token.i : token.i + 1]


def _cues(doc: Doc) -> list[Span]:
    return sorted(doc.spans.get(L.ALLIANCE_CUES_KEY, []), key=lambda span: (span.start, -span.end))


def _has(coded: CodedUtterance, label: str) -> bool:
    return any(marker.label == label for marker in coded.markers)


def _punctuated(doc: Doc) -> bool:
    return any(token.is_punct for token in doc)


def _one_per_label(found: Sequence[AllianceCue]) -> list[AllianceCue]:
    """The first cue of each label: one marker a label, with the span that shows it first."""
    seen: dict[str, AllianceCue] = {}
    for cue in found:
        seen.setdefault(cue.label, cue)
    return list(seen.values())
