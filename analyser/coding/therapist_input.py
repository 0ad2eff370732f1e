"""Therapist input (AnnoMI; MITI 4 Giving Information) and the MITI 4 codes Persuade and Confront.

Every therapist utterance gets one `input` code, or none: information (facts, explanations,
results), advice (what the client should do), negotiation (goals or a plan set with the client) or
options (a menu of choices). The cues are phrases of models/input_cues.tsv. Cues inside a question
that asks for a fact ("Vous fumez combien de cigarettes par jour ?") give no information: the
therapist asks, and does not inform. Negotiation and options are often asked, so their cues count
everywhere.

When an utterance holds cues of several kinds, the most specific wins, however many cues the more
general kinds have: a menu of options before a plan, a plan before advice, advice before information.

MITI 4's Persuade is advice or an argument for change without the client's permission; with a
permission asked or the client's choice stated, in the utterance or the therapist's previous one,
it is Persuade with permission. Confront is labelling, arguing back, warning, shaming or blaming.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from analyser import labels as L
from analyser.resources import word_class

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

INFORMATION, ADVICE, NEGOTIATION, OPTIONS = L.INPUT_KINDS
_KIND_OF_CUE = {
    L.OFFERING_OPTIONS: OPTIONS,
    L.NEGOTIATING: NEGOTIATION,
    L.GIVING_ADVICE: ADVICE,
    L.GIVING_INFORMATION: INFORMATION,
}
# Cues that count inside a question: one asks for a plan or a choice; advice asked is ADVICE_AS_QUESTION.
_ASKED_KINDS = frozenset({NEGOTIATION, OPTIONS})
_WORDS = "word_classes.tsv"
_SUBJECTS = frozenset({"nsubj", "nsubj:pass"})
# An instruction is a main clause, or one joined to it: « …, et vous revenez me voir ».
_MAIN_CLAUSE = frozenset({"ROOT", "conj"})
INSTRUCTION = "instruction"  # the id of an advice found by `instruction`
_STEPS = 2  # actions prescribed in one sentence that make an instruction without a word of when


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

    @property
    def untied_behaviours(self) -> tuple[Behaviour, ...]:
        """The Persuade and Confront codes not drawn from the evidence cue (advice is Persuade on the same span)."""
        cue = self.evidence
        if cue is None:
            return self.behaviours
        return tuple(b for b in self.behaviours if (b.span.start, b.span.end) != (cue.start, cue.end))


def input_cues(doc: Doc) -> list[Span]:
    """The input cues of a Doc, longest first where two overlap."""
    from spacy.util import filter_spans

    return filter_spans(doc.spans.get(L.INPUT_CUES_KEY, []))


def code_input(doc: Doc, *, permission_before: bool = False, client_lemmas: frozenset[str] = frozenset()) -> InputCoding:
    """Decide the input of a therapist utterance from its cues.

    Args:
        doc: the parsed utterance, with the spans of the input ruler and of the question coder.
        permission_before: the therapist's previous utterance asked permission or stated the client's choice.
        client_lemmas: the lemmas of what the client just said: an action they named is said back, not prescribed.
    """
    cues = input_cues(doc)
    # Facts asked for are not facts given, whatever the question's form ("Un paquet par jour, ou moins ?").
    questions = [s for s in doc.spans.get(L.QUESTIONS_KEY, []) if s.label_ in (L.QUESTION_OPEN, L.QUESTION_CLOSED)]
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
    if ADVICE not in by_kind:
        told = instruction(doc, client_lemmas)
        if told is not None:
            by_kind[ADVICE] = [told]
    if not by_kind:
        fact = generic_fact(doc)
        if fact is not None:
            by_kind[INFORMATION] = [fact]
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
        return InputCoding(None, None, "", tuple(behaviours))
    evidence = by_kind[kind][0]
    return InputCoding(kind, evidence, f"{kind}:{evidence.id_ or evidence.label_.lower()}", tuple(behaviours))


def generic_fact(doc: Doc) -> Span | None:
    """A statement about things in general: « Les médicaments se conservent mieux à l'abri de la lumière. »

    Its subject is a noun with a generic determiner (les, certains…), not in a clause of time or
    condition, and neither the client nor the speaker is in the sentence: no vous, tu, je, nous or on.
    That is a fact given, not a reflection of what the client said about themself. Questions ask; they
    give nothing.
    """
    from spacy.tokens import Span

    generic, persons = word_class(_WORDS, "generic_determiner"), word_class(_WORDS, "speaker_or_client")
    # The subjects first: few utterances have one with a generic determiner, and only their sentence is read.
    subjects = [t for t in doc if t.dep_ in _SUBJECTS and t.pos_ == "NOUN" and _determiner(t) in generic and not _says_when(t.head)]
    for token in subjects:
        sentence = token.sent
        if not sentence.text.rstrip().endswith("?") and not any(t.lower_ in persons for t in sentence):
            return Span(doc, sentence.start, sentence.end, label=L.GIVING_INFORMATION, span_id="generic_fact")
    return None


def instruction(doc: Doc, client_lemmas: frozenset[str]) -> Span | None:
    """An instruction in the present: « Vous arrêtez l'ibuprofène tout de suite. », « Et le soir, tu la gardes. »

    French prescribes with the present as often as with the imperative. A main clause whose subject is the
    client (vous, tu) and whose verb, in the present, is an action the client did not just name, in a
    sentence that says when (le soir, tous les jours, tout de suite, avant, si…) or that gives two such
    actions in a row (« Vous prenez un miroir, vous le posez par terre. »): what the client said is
    said back (« Vous buvez surtout le soir. » after « je bois le soir »), and verbs of being, having,
    knowing or feeling describe rather than prescribe.
    """
    from spacy.tokens import Span

    client, describing = word_class(_WORDS, "client_subject"), word_class(_WORDS, "not_prescribing_verb")
    when = word_class(_WORDS, "instruction_time")
    # The client as the subject of a main verb in the present first: only their sentences are read.
    verbs = [
        token.head
        for token in doc
        if token.dep_ == "nsubj"
        and token.lower_ in client
        and (token.head.dep_ in _MAIN_CLAUSE or _juxtaposed(token.head))
        and token.head.pos_ == "VERB"
        and _present_indicative(token.head, token)
    ]
    if not verbs:
        return None
    reflective = [cue for cue in doc.spans.get(L.REFLECTION_CUES_KEY, []) if cue.label_ in (L.REFLECTION_OPENER, L.INFERENCE)]
    actions = [
        verb
        for verb in verbs
        if verb.lemma_.lower() not in describing
        and verb.lemma_.lower() not in client_lemmas
        and not _says_when(verb)
        and not any(child.dep_ == "aux" for child in verb.children)
    ]
    for verb in actions:
        sentence = verb.sent
        # Steps in a row need no word of when: « Vous secouez, vous soufflez, vous appuyez en inspirant. »
        steps = sum(1 for other in actions if other.sent.start == sentence.start)
        if sentence.text.rstrip().endswith("?") or not (steps >= _STEPS or any(_says_time(t, when) for t in sentence)):
            continue
        if any(sentence.start <= cue.start < sentence.end for cue in reflective):
            continue  # « Donc vous… », « on dirait que vous… »: said back, not prescribed
        return Span(doc, sentence.start, sentence.end, label=L.GIVING_ADVICE, span_id=INSTRUCTION)
    return None


def _juxtaposed(verb: Token) -> bool:
    """A clause the parser hangs on the next one with nothing to join them: « Vous secouez, vous soufflez… »."""
    return verb.dep_ == "advcl" and not any(child.dep_ == "mark" for child in verb.children)


def said_when(sentence: Span, client_lemmas: frozenset[str]) -> bool:
    """Whether the sentence's word of when is one the client just said: « Vous bougez chaque jour. » after « tous les jours »."""
    when = word_class(_WORDS, "instruction_time")
    return any(_says_time(t, when) and t.lemma_.lower() in client_lemmas for t in sentence)


def _present_indicative(verb: Token, subject: Token) -> bool:
    """The present indicative, or a « vous …ez » form the model tags infinitive after a clause of condition or
    time: « Si vous ressentez une faiblesse, vous le signalez à votre médecin. »."""
    if verb.morph.get("Tense") == ["Pres"] and verb.morph.get("Mood") == ["Ind"]:
        return True
    mistagged = subject.lower_ == "vous" and verb.lower_.endswith("ez") and verb.morph.get("VerbForm") == ["Inf"]
    return mistagged and any(child.dep_ == "advcl" and _says_when(child) for child in verb.children)


def _says_time(token: Token, when: frozenset[str]) -> bool:
    """A word of when or how often; « suite » only in « (tout) de suite », not « donner suite »."""
    lemma = token.lemma_.lower()
    if lemma not in when:
        return False
    return lemma != "suite" or (token.i > 0 and token.doc[token.i - 1].lower_ == "de")


def _says_when(verb: Token) -> bool:
    """« quand les enfants dorment », « si les symptômes reviennent »: a clause of time or condition, no fact."""
    marks = word_class(_WORDS, "time_or_condition")
    return any(child.dep_ == "mark" and child.lower_ in marks for child in verb.children)


def _determiner(noun: Token) -> str | None:
    return next((child.lower_ for child in noun.children if child.dep_ == "det"), None)


def _heads_clause(cue: Span) -> bool:
    """An imperative stands at the head of its clause ("Essayez de …", "et prenez …"); after a subject
    or a clitic the same form is indicative: "vous buvez", "vous prenez"."""
    if cue.start == 0:
        return True
    before = cue.doc[cue.start - 1]
    return before.is_punct or before.lower_ in word_class(_WORDS, "before_imperative")


def asks_permission(doc: Doc) -> bool:
    """Whether the utterance asks permission or states the client's choice (for the next utterance's input)."""
    return any(cue.label_ == L.ASKING_PERMISSION for cue in doc.spans.get(L.INPUT_CUES_KEY, []))


def _main_kind(by_kind: dict[str, list[Span]]) -> str | None:
    """The most specific kind with a cue: who offers a menu also informs, who negotiates a plan also suggests."""
    return next((kind for kind in (OPTIONS, NEGOTIATION, ADVICE, INFORMATION) if by_kind.get(kind)), None)
