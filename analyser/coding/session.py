"""Code a session's utterances: questions, reflections and the lexical markers of the alliance."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from analyser import labels as L
from analyser.coding.alliance import bare_agreement, client_alliance, strain, therapist_alliance
from analyser.coding.client_talk import (
    CHANGE,
    NEUTRAL,
    NEUTRAL_TALK,
    SUSTAIN,
    ClientTalk,
    answer_to_plan_question,
    answer_to_proposal,
    code_client_talk,
    proposes_change,
    ruler_asked,
    yes_takes_up,
)
from analyser.coding.questions import asks_by_form, code_questions, typed_segments
from analyser.coding.reflections import (
    COMPLEX,
    EMPTY_CONTEXT,
    ClientContext,
    ClientTurn,
    Reflection,
    find_reflection,
)
from analyser.coding.therapist_input import ADVICE, INFORMATION, INSTRUCTION, InputCoding, asks_permission, code_input, said_when
from analyser.domain import NO_TARGET, CodedUtterance, Marker, TargetBehaviour, Transcript, Utterance
from analyser.nlp.segments import CONTINUATION_MARKS
from analyser.resources import made_of, phrase_list, phrase_words, word_class

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# How many utterances back a reflection may reach for the client's words.
CONTEXT_UTTERANCES = 3
_THERAPIST_LEXICAL = (L.SHARED_GOAL, L.SEEKING_COLLABORATION, L.AFFIRMATION, L.EMPHASIZING_AUTONOMY)
# Input that puts a change on the table, so that the client's « je peux faire ça » answers it.
_PROPOSING = frozenset(L.INPUT_KINDS[1:])  # advice, negotiation, options
_PLANNING = frozenset(L.INPUT_KINDS[2:])  # negotiation, options: asked, they ask for the client's plan
# Information cues that name the client's own world (« votre poids », « vous avez fait des recherches »,
# « cette brochure »): inside a segment a reflective opener marks, they are said back, not given.
_CLIENT_WORLD = frozenset({"results", "studies", "announce"})


def code_session(
    transcript: Transcript, docs: Sequence[Doc], words: Sequence[int], *, target: TargetBehaviour = NO_TARGET
) -> tuple[CodedUtterance, ...]:
    """Code every utterance of a session whose roles are decided, given its parsed docs.

    `target` is the behaviour the client's change and sustain talk is about (see `client_talk`).
    """
    coded = []
    client_turns = [ClientTurn.of(doc) if u.role == "client" else None for u, doc in zip(transcript.utterances, docs, strict=True)]
    permission = False  # the therapist's last utterance asked permission or stated the client's choice
    ruler: str | None = None  # what the therapist's last utterance asked the client to rate on a scale
    proposed = False  # the therapist's last utterance put a change of the target on the table
    yes_to_change = False  # and a bare « oui » now takes that change up (see client_talk.yes_takes_up)
    plan_asked = False  # the therapist's last utterance asked openly for the client's plan (« qu'est-ce que vous pourriez essayer ? »)
    last_therapist: CodedUtterance | None = None  # what the client answers (alliance: agreement, withdrawal)
    last_client: CodedUtterance | None = None  # what the therapist answers (alliance: repair)
    for index, (utterance, doc, count) in enumerate(zip(transcript.utterances, docs, words, strict=True)):
        if utterance.role == "client":
            coded.append(code_client(utterance, doc, count, target, Answering(last_therapist, ruler, proposed, yes_to_change, plan_asked)))
            last_client = coded[-1]
        elif is_backchannel(utterance.analysis_text):
            coded.append(_backchannel(utterance, count))
            if utterance.role == "therapist":
                yes_to_change = False  # the client's « ouais » after the therapist's « mm-hmm » only follows
        elif utterance.role == "therapist":
            context = client_context(client_turns, index)
            coded.append(
                code_therapist(
                    utterance,
                    doc,
                    count,
                    context,
                    continued=_continued_reflection(coded, utterance),
                    permission_before=permission,
                    after_strain=strain(last_client),
                )
            )
            permission = asks_permission(doc)
            ruler = ruler_asked(doc)
            proposed = coded[-1].input in _PROPOSING or proposes_change(doc, target)
            yes_to_change = proposed and yes_takes_up(doc, target)
            plan_asked = coded[-1].question == "open" and coded[-1].input in _PLANNING
            last_therapist = coded[-1]
        else:
            coded.append(CodedUtterance(utterance, count))
    return tuple(coded)


@dataclass(frozen=True, slots=True)
class Answering:
    """What the client answers: the therapist's last utterance, what it asked to rate, and whether it proposed a change."""

    before: CodedUtterance | None = None  # see alliance.client_alliance
    ruler: str | None = None  # see client_talk.ruler_asked
    proposed: bool = False  # see client_talk.proposes_change
    yes_to_change: bool = False  # see client_talk.yes_takes_up
    plan_asked: bool = False  # the therapist asked for the client's plan (see client_talk.answer_to_plan_question)


NOTHING_ASKED = Answering()


def code_client(utterance: Utterance, doc: Doc, words: int, target: TargetBehaviour, answering: Answering = NOTHING_ASKED) -> CodedUtterance:
    """A client utterance: change or sustain talk (with the cue family as evidence), alliance markers, shared goals, backchannel."""
    before, ruler, proposed = answering.before, answering.ruler, answering.proposed
    answer = answer_to_proposal(doc) if answering.yes_to_change else None
    if is_backchannel(utterance.analysis_text):
        talk = answer or NEUTRAL_TALK
        coded = _backchannel(utterance, words, client_talk=talk.kind)
        agreed = bare_agreement(doc, before=before)
        extra = _talk_markers(utterance, talk) + ([] if agreed is None else [_marker(utterance, agreed.span, agreed.label, agreed.rule)])
        return replace(coded, markers=_in_order([*coded.markers, *extra])) if extra else coded
    talk = answer or code_client_talk(doc, target, ruler=ruler, proposed=proposed)
    if talk.kind == NEUTRAL and answering.plan_asked:
        talk = answer_to_plan_question(doc) or talk
    markers = _lexical_markers(utterance, doc, client=True) + _talk_markers(utterance, talk)
    markers += [_marker(utterance, cue.span, cue.label, cue.rule) for cue in client_alliance(doc, words, before=before)]
    return CodedUtterance(utterance, words, markers=_in_order(markers), client_talk=talk.kind)


def _talk_markers(utterance: Utterance, talk: ClientTalk) -> list[Marker]:
    """CHANGE_TALK or SUSTAIN_TALK markers over the clauses that decided the client talk; none for neutral talk."""
    label = {CHANGE: L.CHANGE_TALK, SUSTAIN: L.SUSTAIN_TALK}.get(talk.kind)
    return [] if label is None else [_marker(utterance, cue.span, label, cue.rule) for cue in talk.cues]


def _backchannel(utterance: Utterance, words: int, **codes: Any) -> CodedUtterance:
    """An utterance made only of backchannel words: one BACKCHANNEL marker over it."""
    marker = Marker(L.BACKCHANNEL, utterance.text.strip(), *_stripped_bounds(utterance.text), rule="backchannel_only")
    return CodedUtterance(utterance, words, markers=(marker,), **codes)


def _in_order(markers: Sequence[Marker]) -> tuple[Marker, ...]:
    return tuple(sorted(markers, key=lambda m: (m.start_char, m.end_char, m.label)))


def code_therapist(
    utterance: Utterance,
    doc: Doc,
    words: int,
    context: ClientContext,
    *,
    continued: CodedUtterance | None = None,
    permission_before: bool = False,
    after_strain: str | None = None,
) -> CodedUtterance:
    """Questions, reflection, input, Persuade/Confront and lexical markers of one therapist utterance.

    `continued` is the therapist's previous utterance when this one finishes it ("-et vous
    prenez …" after the client's "Mm-hmm"): a continued reflection is still a reflection.
    `permission_before`: that previous utterance asked permission, so advice now is Persuade with permission.
    `after_strain`: the client's utterance before withdrew, confronted or doubted (see alliance.therapist_alliance).

    The main behaviour decides the code: an utterance that informs or advises is not also a
    reflection unless a reflective opener marks the segment that restates the client and that
    segment holds no input cue; advice outweighs even that (see `_input_outweighs`).
    """
    question_spans = typed_segments(doc)
    given = code_input(doc, permission_before=permission_before, client_lemmas=context.lemmas)
    reflection = find_reflection(doc, replace(context, followed_by_question=asks_by_form(question_spans)), question_spans)
    if reflection is not None and _restates_input(given, reflection, context.lemmas):
        # The client's own facts or plans, said back: a reflection, and no input nor Persuade drawn from that cue.
        given = replace(given, kind=None, evidence=None, rule="", behaviours=given.untied_behaviours)
    if reflection is not None and _input_outweighs(given, reflection):
        reflection = None
    questions = code_questions(question_spans, reflection)
    markers = [_marker(utterance, span, span.label_, span.id_) for span in questions.spans]
    if reflection is not None:
        label = L.REFLECTION_COMPLEX if reflection.kind == COMPLEX else L.REFLECTION_SIMPLE
        markers.append(_marker(utterance, reflection.segment, label, reflection.rule))
    markers.extend(_lexical_markers(utterance, doc, client=False))
    if given.kind is not None and given.evidence is not None:
        markers.append(_marker(utterance, given.evidence, L.INPUT_MARKERS[given.kind], given.rule))
    markers.extend(_marker(utterance, b.span, b.label, b.rule) for b in given.behaviours)
    feeling = reflection.segment if reflection is not None and reflection.feeling else None
    # A complex reflection conveys understanding when it is the utterance's main behaviour: no input given with it.
    meaning = reflection.segment if reflection is not None and reflection.kind == COMPLEX and given.kind is None and not given.behaviours else None
    found = therapist_alliance(doc, question=questions.kind, feeling_reflection=feeling, meaning_reflection=meaning, after_strain=after_strain)
    markers.extend(_marker(utterance, c.span, c.label, c.rule) for c in found)
    kind = None if reflection is None else reflection.kind
    if kind is None and continued is not None and continued.reflection is not None and not _informs(given):
        kind = continued.reflection
        start, end = _stripped_bounds(utterance.text)
        label = L.REFLECTION_COMPLEX if kind == COMPLEX else L.REFLECTION_SIMPLE
        markers.append(Marker(label, utterance.text[start:end], start, end, f"continues the reflection of {continued.utterance.location or f'utterance {continued.utterance.index + 1}'}"))
    return CodedUtterance(
        utterance,
        words,
        question=questions.kind,
        reflection=kind,
        markers=_in_order(markers),
        input=given.kind,
    )


def _informs(given: InputCoding) -> bool:
    """Information, advice, Persuade or Confront: what outweighs a reflection in the same utterance."""
    return given.kind in (INFORMATION, ADVICE) or bool(given.behaviours)


def _restates_input(given: InputCoding, reflection: Reflection, client_lemmas: frozenset[str]) -> bool:
    """The input cue lies in a segment made mostly of the client's own words: "Donc vous buvez trois verres le soir"."""
    if given.kind not in (INFORMATION, ADVICE) or given.evidence is None or given.untied_behaviours:
        return False  # no input, or a Persuade or Confront of its own: not only said back
    if given.evidence.id_ == INSTRUCTION and not said_when(given.evidence, client_lemmas):
        return False  # its verb is new (`instruction` checked it); only the client's own « when » makes it said back
    segment, cue = reflection.segment, given.evidence
    inside = segment.start <= cue.start and cue.end <= segment.end
    return inside and (reflection.repeats_client or (reflection.marked and given.kind == INFORMATION and cue.id_ in _CLIENT_WORLD))


def _input_outweighs(given: InputCoding, reflection: Reflection) -> bool:
    """Input is the main behaviour, unless a reflective opener marks a restatement free of input cues.

    Advice is the main behaviour even then: « On dirait que le temps vous manque. Vous devez juste caser la
    salle dans votre semaine. » is coded advice, as the AnnoMI coders code it.
    """
    if not _informs(given):
        return False
    if not reflection.marked or given.kind == ADVICE:
        return True
    segment, cue = reflection.segment, given.evidence
    return cue is not None and cue.start < segment.end and segment.start < cue.end


def _continued_reflection(coded: Sequence[CodedUtterance], utterance: Utterance) -> CodedUtterance | None:
    """The therapist's previous utterance, when this one starts by continuing it and only the client spoke between."""
    if not utterance.text.lstrip().startswith(CONTINUATION_MARKS):
        return None
    for previous in reversed(coded[-2:]):
        if previous.utterance.speaker == utterance.speaker:
            return previous
    return None


def client_context(client_turns: Sequence[ClientTurn | None], index: int) -> ClientContext:
    """What the client said in the CONTEXT_UTTERANCES utterances before `index`: the words a reflection can mirror.

    `client_turns` holds each client utterance's ClientTurn, None for the others' utterances.
    """
    picked = [turn for turn in client_turns[max(0, index - CONTEXT_UTTERANCES) : index] if turn is not None]
    if not picked:
        return EMPTY_CONTEXT
    context = ClientContext.from_turns(picked)
    just_before = client_turns[index - 1] if index > 0 else None
    return replace(context, completes=True) if just_before is not None and just_before.breaks_off else context


def is_backchannel(text: str) -> bool:
    """An utterance made only of backchannel words: "Mm-hmm.", "D'accord, oui."."""
    # made_of first: it turns most utterances down at their first word.
    return made_of(text, phrase_list("backchannels.txt")) and bool(phrase_words(text))


def _lexical_markers(utterance: Utterance, doc: Doc, *, client: bool) -> list[Marker]:
    """Shared-goal, collaboration, affirmation and autonomy language; on the client's side, shared goals only.

    Generic "on" (people in general) is not shared-goal language: an "on" match is dropped when
    the same sentence marks "on" as generic ("quand on …", "on sait que …", "tout le monde").
    """
    from spacy.util import filter_spans

    by_label: dict[str, list[Span]] = {}
    for span in doc.spans.get(L.MARKERS_KEY, []):
        by_label.setdefault(span.label_, []).append(span)
    generic = by_label.get(L.GENERIC_ON, [])
    markers = []
    for label in _THERAPIST_LEXICAL:
        if client and label != L.SHARED_GOAL:
            continue
        for span in filter_spans(by_label.get(label, [])):
            if label == L.SHARED_GOAL and _generic_on(span, generic):
                continue
            markers.append(_marker(utterance, span, L.CLIENT_SHARED_GOAL if client else label, span.id_))
    return markers


def _generic_on(span: Span, generic: Sequence[Span]) -> bool:
    pronouns = word_class("word_classes.tsv", "inclusive_pronoun")
    if not any(token.lower_ in pronouns for token in span):
        return False
    sentence = span.sent
    return any(g.sent == sentence for g in generic)


def _marker(utterance: Utterance, span: Span, label: str, rule: str) -> Marker:
    start, end = span.start_char, span.end_char
    return Marker(label, utterance.text[start:end], start, end, rule)


def _stripped_bounds(text: str) -> tuple[int, int]:
    start = len(text) - len(text.lstrip())
    return start, len(text.rstrip())
