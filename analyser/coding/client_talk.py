"""Client talk (MISC, AnnoMI): change talk, sustain talk, or neither, about the session's target behaviour.

A client utterance is read clause by clause (a sentence). A family cue of
models/client_talk_cues.tsv says the client's stance (desire, ability, reasons, need, commitment,
activation, taking steps); what the clause is about gives its direction:
- changing (« arrêter », « réduire », « moins ») makes it change talk;
- keeping on (« continuer ») or doing the target behaviour itself (« j'ai envie de fumer ») makes
  it sustain talk;
- reasons and steps carry their own direction (« ça me détend » is sustain, « j'ai réduit » change);
- a negation in the clause turns the direction round (« je vais pas arrêter » is sustain).
Talk about changing something other than the target (« je veux changer de travail ») is neutral:
a changing verb whose object is a noun that is not one of the target's words does not count. The
utterance takes the direction most of its clauses give; a tie is the last clause's, the one the
therapist answers.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analyser import labels as L
from analyser.domain import NO_TARGET, TargetBehaviour
from analyser.phrases import phrase_words
from analyser.resources import phrase_list, target_table, word_class, word_set

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

CHANGE, SUSTAIN, NEUTRAL = L.CLIENT_TALK_KINDS
# A target is inferred when its words come up at least this often in the session.
TARGET_MINIMUM = 3
# Negations and the particle "ne" are classes of this data file.
_WORDS = "word_classes.tsv"
_FOR_CHANGE = "for_change"
_FOR_STATUS_QUO = "for_status_quo"
# Stances that take up a change the therapist proposed when they name nothing else.
_TAKING_UP = frozenset({"DESIRE", "ABILITY", "COMMITMENT", "ACTIVATION"})
_HOLDS_NEGATION = frozenset({"minimise", "barrier", "self_doubt", "dependence"})
# A bare answer is a few answering words (« Oui, d'accord, très bien. »), hedges included (word_classes.tsv).
_BARE_ANSWER_WORDS = 6
# A question this short only checks the client agrees: « D'accord ? », « Vous pourrez faire ça ? ».
_TAG_QUESTION_WORDS = 5
_IMPORTANCE = "desire"  # what a ruler rates when it names no confidence or readiness: how much the client wants it


@dataclass(frozen=True, slots=True)
class TalkCue:
    """One clause's change or sustain talk: its direction, family and the span that shows it."""

    kind: str  # change | sustain
    family: str  # desire, ability… (labels.TALK_FAMILY_CUE_LABELS, in lower case)
    span: Span
    rule: str


@dataclass(frozen=True, slots=True)
class ClientTalk:
    """The client_talk code of an utterance, and the clauses that decided it."""

    kind: str
    cues: tuple[TalkCue, ...] = ()


NEUTRAL_TALK = ClientTalk(NEUTRAL)


def infer_target(docs: Iterable[Doc]) -> TargetBehaviour:
    """The target behaviour the session's words name most often, if any does TARGET_MINIMUM times."""
    counts: Counter[str] = Counter()
    table = target_table()
    any_target = _target_words()
    for doc in docs:
        for token in doc:
            lemma, lower = token.lemma_.lower(), token.lower_
            if lemma not in any_target and lower not in any_target:
                continue  # most words name no target: the table is read only for those that do
            for name, (_, words) in table.items():
                if lemma in words or lower in words:
                    counts[name] += 1
    if not counts:
        return NO_TARGET
    name, count = counts.most_common(1)[0]
    if count < TARGET_MINIMUM:
        return NO_TARGET
    direction, words = table[name]
    return TargetBehaviour(name, tuple(sorted(words)), "inferred", direction)


@functools.cache
def _target_words() -> frozenset[str]:
    """Every word of every target behaviour of target_behaviours.tsv."""
    return frozenset().union(*(words for _, words in target_table().values()))


def target_from_words(words: str) -> TargetBehaviour:
    """The target given by `--target WORDS`: a known name (« alcool ») brings its words; other words stand for themselves."""
    table = target_table()
    name = words.strip().lower()
    if name in table:
        direction, known = table[name]
        return TargetBehaviour(name, tuple(sorted(known)), "option", direction)
    given = tuple(word for word in name.replace(",", " ").split() if word)
    lemmas = set(given)
    direction = "reduce"
    for word in given:
        if word in table:
            direction, known = table[word]
            lemmas |= known
    return TargetBehaviour(" ".join(given) or None, tuple(sorted(lemmas)), "option" if given else "none", direction)


def ruler_asked(doc: Doc) -> str | None:
    """The family a therapist's scaling ruler rates (« de 0 à 10, à quel point vous êtes confiant ? »), if it asks one."""
    cues = doc.spans.get(L.CLIENT_TALK_CUES_KEY, [])
    if not any(cue.label_ == L.RULER for cue in cues):
        return None
    return next((cue.id_ for cue in cues if cue.label_ == L.RULER_TOPIC), _IMPORTANCE)


def code_client_talk(doc: Doc, target: TargetBehaviour, *, ruler: str | None = None, proposed: bool = False) -> ClientTalk:
    """Change, sustain or neutral talk of one client utterance about `target`.

    `ruler` is the family the therapist's scaling ruler just before rates (see `ruler_asked`): the
    client's first rating then decides, above the middle change talk, below it sustain talk.
    `proposed` says the therapist just put a change on the table (see `proposes_change`): then a stance
    about nothing else (« je peux faire ça », « je vais essayer ») is about that change.
    """
    cues = doc.spans.get(L.CLIENT_TALK_CUES_KEY, [])
    if not cues:
        return NEUTRAL_TALK
    rating = next((cue for cue in cues if cue.label_ == L.RATING), None) if ruler else None
    if rating is not None:
        kind = CHANGE if rating.id_.startswith(_FOR_CHANGE) else SUSTAIN
        return ClientTalk(kind, (TalkCue(kind, ruler, rating, f"{ruler}:ruler:{rating.text.lower()}"),))
    words = frozenset(target.words)
    found: list[TalkCue] = []
    for sentence in doc.sents:
        inside = [cue for cue in cues if cue.start >= sentence.start and cue.end <= sentence.end]
        cue = _clause_talk(sentence, inside, words, adopt=target.direction == "adopt", proposed=proposed)
        if cue is not None:
            found.append(cue)
    if not found:
        return NEUTRAL_TALK
    votes = Counter(cue.kind for cue in found)
    kind = found[-1].kind if votes[CHANGE] == votes[SUSTAIN] else votes.most_common(1)[0][0]
    return ClientTalk(kind, tuple(cue for cue in found if cue.kind == kind))


def answer_to_proposal(doc: Doc) -> ClientTalk | None:
    """A bare yes to the change the therapist just proposed: « Oui. », « D'accord, ouais. », « Bien sûr. ».

    Agreeing takes the change up: change talk. A bare no is left neutral, since what it turns down is
    too often a question about something else (« Vous savez comment le prendre ? — Non. »), and an
    answer made only of listening sounds (« Mm-hmm », « je vois ») says neither. The caller knows a
    change was proposed.
    """
    words = phrase_words(doc.text)
    if not words or len(words) > _BARE_ANSWER_WORDS or not all(word in _answer_words() for word in words):
        return None
    if any(word in word_class(_WORDS, "refusing") for word in words) or not any(word in word_class(_WORDS, "agreeing") for word in words):
        return None
    return ClientTalk(CHANGE, (TalkCue(CHANGE, "commitment", doc[:], "commitment:answer:proposed_change"),))


def answer_to_plan_question(doc: Doc) -> ClientTalk | None:
    """An answer that names a step to the therapist's question about the client's plan: change talk (taking steps).

    « Qu'est-ce que vous pourriez essayer d'ici la prochaine fois ? — Le paquet dans la voiture, peut-être. »
    Clients often state a step with no stance word; asked for a plan, what they name is the plan. Not when the
    answer says it does not know, negates (so « Pas de coca à la maison. » is left to the stance rules), asks
    back, only goes ahead or agrees (« Oui, allez-y. », « Ça me va. »), or names a day or a pleasantry. The
    caller knows the question asked for a plan.
    """
    words = phrase_words(doc.text)
    if not words or doc.text.rstrip().endswith("?"):
        return None
    if all(word in _answer_words() or word in word_class(_WORDS, "go_ahead") for word in words):
        return None  # « Oui, allez-y. » lets the therapist go on: it names no step
    refusing = word_class(_WORDS, "negation") | word_class(_WORDS, "refusing")
    if any(word in refusing for word in words) or any(cue.label_ == L.AVOIDING for cue in doc.spans.get(L.ALLIANCE_CUES_KEY, [])):
        return None
    # What names a step: not a day or a time (« Oui, mardi. » answers the next appointment), nor a pleasantry.
    formulas = {word for phrase in phrase_list("social_formulas.txt") for word in phrase}
    passing = word_set("time_nouns.txt") | word_class(_WORDS, "agreeing_verb")  # « ça me va », « mardi »
    content = [
        t
        for t in doc
        if t.pos_ in ("NOUN", "VERB", "PROPN")  # the model tags « Ouais » a noun: answering words are left out too
        and not t.is_stop
        and t.lemma_.lower() not in passing
        and t.lower_ not in formulas
        and t.lower_ not in _answer_words()
    ]
    if not content:
        return None
    return ClientTalk(CHANGE, (TalkCue(CHANGE, "taking_steps", doc[:], "taking_steps:answer:plan_asked"),))


@functools.cache
def _answer_words() -> frozenset[str]:
    """The words of backchannels, and the hedges a bare answer may hold."""
    return frozenset(word for phrase in phrase_list("backchannels.txt") for word in phrase) | word_class(_WORDS, "answer_hedge")


def _clause_talk(
    sentence: Span, cues: Sequence[Span], target: frozenset[str], *, adopt: bool = False, proposed: bool = False
) -> TalkCue | None:
    families = [cue for cue in cues if cue.label_ in L.TALK_FAMILY_CUE_LABELS and not _knowing(cue)]
    if not families:
        return None
    actions = [cue for cue in cues if cue.label_ == L.CHANGE_ACTION]
    keeping = [cue for cue in cues if cue.label_ == L.STATUS_QUO]
    family = families[0]
    # A cue that minimises or names a barrier holds its own negation: « c'est pas un problème », « pas le temps ».
    negated = family.id_.split(":")[-1] not in _HOLDS_NEGATION and _negated(sentence, family, actions)
    direction: str | None = None
    why = ""
    if family.id_.startswith(_FOR_CHANGE) or family.id_.startswith(_FOR_STATUS_QUO):
        direction = CHANGE if family.id_.startswith(_FOR_CHANGE) else SUSTAIN
        why = family.id_.split(":", 1)[-1]
        if adopt and ((why == "steps" and _stops(family, target)) or why == "relapse"):
            # Taking the treatment is the change: « j'ai arrêté le traitement » is sustain talk, « j'ai repris » change.
            direction = SUSTAIN if direction == CHANGE else CHANGE
        if why == "benefit":
            # Liking something is a reason only about the target, named somewhere in the utterance:
            # « j'aime bien le côté collectif » alone is neither.
            if target and not _says_target(sentence.doc, target):
                return None
            if adopt:
                direction = CHANGE  # liking the exercise or the treatment is a reason to change
    else:
        action = next((a for a in actions if a.start >= family.start), None)
        keep = next((k for k in keeping if k.start >= family.start), None)
        if action is not None and (keep is None or action.start < keep.start):
            if not _action_on_target(action, target):
                return None
            # Stopping a treatment or an exercise is keeping to the status quo: « je veux arrêter ces comprimés ».
            direction, why = (SUSTAIN if adopt and _stops(action, target) else CHANGE), action.text.lower()
        elif keep is not None:
            # Keeping on with what is adopted is the change: « il faut que je le reprenne », said of the treatment.
            direction, why = (CHANGE if adopt else SUSTAIN), keep.text.lower()
        elif _target_after(sentence, family, target):
            # Doing the target is keeping on with it (alcohol), or the change itself (taking the medication).
            direction, why = (CHANGE, "does_target") if adopt else (SUSTAIN, "does_target")
        elif proposed and family.label_ in _TAKING_UP and not _names_something_else(sentence, family, target):
            # « Je pense que je peux faire ça. » after the therapist put a change on the table: it is that change.
            direction, why = CHANGE, "proposed_change"
        else:
            return None
    if negated:
        direction = SUSTAIN if direction == CHANGE else CHANGE
        why += ", negated"
    label = family.label_.lower()
    return TalkCue(direction, label, sentence.doc[family.start : sentence.end], f"{label}:{family.id_.split(':')[0]}:{why}")


def _stops(span: Span, target: frozenset[str]) -> bool:
    """A verb of stopping or cutting down in the span whose object is the target or a pronoun for it.

    « J'ai arrêté le traitement », « je veux l'arrêter »; not « j'ai arrêté le café », nor « décrocher » alone.
    """
    stopping, pronouns = word_class(_WORDS, "stopping"), word_class(_WORDS, "object_pronoun")
    for token in span:
        if token.lemma_.lower() not in stopping and token.lower_ not in stopping:
            continue
        objects = [child for child in token.children if child.dep_ in ("obj", "obl:arg")]
        if any(child.lower_ in pronouns or _says_target(child.subtree, target) for child in objects):
            return True
    return False


def _knowing(cue: Span) -> bool:
    """« Je sais pas », « je savais que »: savoir is an ability only before an infinitive (« je sais dire non »)."""
    if cue[-1].lemma_ != "savoir":
        return False
    doc = cue.doc
    negations = word_class(_WORDS, "negation")
    following = next((t for t in doc[cue.end : cue.end + 3] if t.lower_ not in negations), None)
    return following is None or "Inf" not in following.morph.get("VerbForm")


def proposes_change(doc: Doc, target: TargetBehaviour) -> bool:
    """A therapist utterance with a changing verb about the target: « Et si vous réduisiez le soir ? »."""
    words = frozenset(target.words)
    return any(cue.label_ == L.CHANGE_ACTION and _action_on_target(cue, words) for cue in doc.spans.get(L.CLIENT_TALK_CUES_KEY, []))


def yes_takes_up(doc: Doc, target: TargetBehaviour) -> bool:
    """Whether a bare « oui » to this proposal takes it up: unless it ends on a question about something else.

    « …vous devriez arrêter. Vous voyez ce que je veux dire ? — Oui. » answers the last question. A
    question that names the change (« Vous pourriez réduire le soir ? ») or only checks the client
    agrees (« D'accord ? », « Vous pourrez faire ça ? ») leaves the answer about the change.
    """
    last = list(doc.sents)[-1]
    if not last.text.rstrip().endswith("?") or len(phrase_words(last.text)) <= _TAG_QUESTION_WORDS:
        return True
    words = frozenset(target.words)
    return any(
        cue.label_ == L.CHANGE_ACTION and cue.start >= last.start and _action_on_target(cue, words)
        for cue in doc.spans.get(L.CLIENT_TALK_CUES_KEY, [])
    )


def _names_something_else(sentence: Span, family: Span, target: frozenset[str]) -> bool:
    """A noun after the stance that is neither the target nor a time: « je veux aller au cinéma »."""
    time_nouns = word_set("time_nouns.txt")
    return any(
        token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() not in time_nouns and not _says_target((token,), target)
        for token in sentence.doc[family.end : sentence.end]
    )


def _negated(sentence: Span, family: Span, actions: Sequence[Span]) -> bool:
    """A negation in the family cue or in the few words after it: « je vais pas arrêter », « j'ai pas envie ».

    Words of a changing phrase are not negations of it: « je veux plus jamais trop boire » is change talk.
    """
    inside_action = {i for action in actions for i in range(action.start, action.end)}
    end = min(sentence.end, family.end + 3)
    negations, particles = word_class(_WORDS, "negation"), word_class(_WORDS, "negation_particle")
    return any(
        token.lower_ in negations or (token.lower_ in particles and token.i <= family.end)
        for token in sentence.doc[family.start : end]
        if token.i not in inside_action
    )


def _says_target(tokens: Iterable[Token], target: frozenset[str]) -> bool:
    """Some word names the target, by its lemma or its form."""
    return any(t.lemma_.lower() in target or t.lower_ in target for t in tokens)


def _target_after(sentence: Span, family: Span, target: frozenset[str]) -> bool:
    """The target is what the stance bears on: « j'ai envie d'une cigarette »."""
    return bool(target) and _says_target(sentence.doc[family.end : sentence.end], target)


def _action_on_target(action: Span, target: frozenset[str]) -> bool:
    """A changing verb about the target: its object is the target, a pronoun, a time or nothing; not « changer de travail »."""
    if not target:
        return True
    head = action[0]
    time_nouns, change_nouns = word_set("time_nouns.txt"), word_class(_WORDS, "change_noun")
    objects = [
        child
        for child in head.children
        if child.dep_ in ("obj", "obl:arg")
        and child.pos_ in ("NOUN", "PROPN")
        and child.lemma_.lower() not in time_nouns
        and child.lemma_.lower() not in change_nouns  # « faire un régime »: the object names the change itself
    ]
    if not objects:
        return True
    return any(_says_target(child.subtree, target) for child in objects)
