"""Therapist input (AnnoMI; MITI 4 Giving Information) and the MITI 4 codes Persuade and Confront.

Every therapist utterance gets one `input` code, or none: information (facts, explanations,
results), advice (what the client should do), negotiation (goals or a plan set with the client) or
options (a menu of choices). The cues are phrases of models/input_cues.tsv. Cues inside a question
that asks for a fact ("Vous fumez combien de cigarettes par jour ?") give no information: the
therapist asks, and does not inform. Negotiation and options are often asked, so their cues count
everywhere.

When an utterance holds cues of several kinds, the most specific wins: a menu of options before a
plan, a plan before advice, advice before information; a kind needs INPUT_MINIMUM cues of its
own to win over a more general kind that has more.

MITI 4's Persuade is advice or an argument for change without the client's permission; with a
permission asked or the client's choice stated, in the utterance or the therapist's previous one,
it is Persuade with permission. Confront is labelling, arguing back, warning, shaming or blaming.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import labels as L

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

INFORMATION, ADVICE, NEGOTIATION, OPTIONS = L.INPUT_KINDS
# Most specific first: who offers a menu also informs, who negotiates a plan also suggests.
_KIND_OF_CUE = {
    L.OFFERING_OPTIONS: OPTIONS,
    L.NEGOTIATING: NEGOTIATION,
    L.GIVING_ADVICE: ADVICE,
    L.GIVING_INFORMATION: INFORMATION,
}
# Cues that count inside a question: one asks for a plan or a choice; advice asked is ADVICE_AS_QUESTION.
_ASKED_KINDS = frozenset({NEGOTIATION, OPTIONS})
# An imperative stands at the head of its clause ("Essayez de …", "et prenez …"); after a subject
# or a clitic the same form is indicative: "vous buvez", "vous prenez".
_BEFORE_IMPERATIVE = frozenset({"et", "donc", "alors", "puis", "juste", "simplement", "bon", "ben", "mais", "surtout", "plutôt", "aussi", "ou"})


@dataclass(frozen=True, slots=True)
class Behaviour:
    """A MITI 4 code found on a span, with the rule that found it."""

    label: str
    span: Span
    rule: str


@dataclass(frozen=True, slots=True)
class InputCoding:
    """The input of one therapist utterance and its Persuade/Confront codes."""

    kind: str | None
    evidence: Span | None  # the cue that decided the kind
    rule: str
    behaviours: tuple[Behaviour, ...] = ()
    permission: bool = False

    @property
    def cue_spans(self) -> tuple[Span, ...]:
        return () if self.evidence is None else (self.evidence,)


NO_INPUT = InputCoding(None, None, "")


def input_cues(doc: Doc) -> list[Span]:
    """The input cues of a Doc, longest first where two overlap."""
    from spacy.util import filter_spans

    return filter_spans(doc.spans.get(L.INPUT_CUES_KEY, []))


def code_input(doc: Doc, asking: Sequence[Span], *, permission_before: bool = False) -> InputCoding:
    """Decide the input of a therapist utterance from its cues.

    Args:
        doc: the parsed utterance, with the spans of the input ruler.
        asking: the utterance's question segments (not those of rising intonation alone).
        permission_before: the therapist's previous utterance asked permission or stated the client's choice.
    """
    cues = input_cues(doc)
    # Facts asked for are not facts given, whatever the question's form ("Un paquet par jour, ou moins ?").
    questions = [s for s in doc.spans.get(L.QUESTIONS_KEY, []) if s.label_ in (L.QUESTION_OPEN, L.QUESTION_CLOSED)] or list(asking)
    by_kind: dict[str, list[Span]] = {}
    permission = permission_before
    confront: list[Span] = []
    persuade: list[Span] = []
    for cue in cues:
        if cue.label_ == L.ASKING_PERMISSION:
            permission = True
        elif cue.label_ == L.CONFRONTING:
            confront.append(cue)
        elif cue.label_ == L.PERSUADING:
            persuade.append(cue)
        elif cue.id_ == "imperative" and not _heads_clause(cue):
            continue
        else:
            kind = _KIND_OF_CUE[cue.label_]
            if kind not in _ASKED_KINDS and any(q.start <= cue.start and cue.end <= q.end for q in questions):
                continue
            by_kind.setdefault(kind, []).append(cue)
    for span in doc.spans.get(L.QUESTIONS_KEY, []):
        if span.label_ == L.ADVICE_AS_QUESTION:
            by_kind.setdefault(ADVICE, []).append(span)
    kind = _main_kind(by_kind)
    behaviours = [Behaviour(L.CONFRONT, cue, f"confront:{cue.id_}") for cue in confront]
    pushing = persuade + (by_kind.get(ADVICE, [])[:1] if kind == ADVICE else [])
    if pushing:
        cue = pushing[0]
        rule = f"persuade:{cue.id_ or cue.label_.lower()}"
        if permission:
            behaviours.append(Behaviour(L.PERSUADE_WITH_PERMISSION, cue, rule + ", permission"))
        else:
            behaviours.append(Behaviour(L.PERSUADE, cue, rule))
    if kind is None:
        return InputCoding(None, None, "", tuple(behaviours), permission)
    evidence = by_kind[kind][0]
    rule = f"{kind}:{evidence.id_ or evidence.label_.lower()}"
    return InputCoding(kind, evidence, rule, tuple(behaviours), permission)


def _heads_clause(cue: Span) -> bool:
    if cue.start == 0:
        return True
    before = cue.doc[cue.start - 1]
    return before.is_punct or before.lower_ in _BEFORE_IMPERATIVE


def asks_permission(doc: Doc) -> bool:
    """Whether the utterance asks permission or states the client's choice (for the next utterance's input)."""
    return any(cue.label_ == L.ASKING_PERMISSION for cue in doc.spans.get(L.INPUT_CUES_KEY, []))


# A more specific kind wins with this many cues, whatever the count of the more general ones.
INPUT_MINIMUM = 1


def _main_kind(by_kind: dict[str, list[Span]]) -> str | None:
    for kind in (OPTIONS, NEGOTIATION, ADVICE, INFORMATION):
        if len(by_kind.get(kind, ())) >= INPUT_MINIMUM:
            return kind
    return None
