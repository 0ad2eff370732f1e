"""Reflections: therapist statements that mirror what the client just said (MITI 4 / MISC).

A segment of a therapist utterance is scored on its evidence: a reflective opener or an inference
("si je comprends bien", "on dirait que"), a second-person focus, the words and meaning it shares
with the client's preceding turns (lemmas, and the model's word vectors), and against it, the
signs of information or advice and an answer to a client's question. A reflection is complex when
it adds meaning: an inference, a double-sided or metaphorical reflection, continuing the client's
sentence, an amplification, or a feeling the client did not name; otherwise it is simple.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy

from . import labels as L
from .resources import word_list
from .segments import content_words, ends_with_question_mark, segments

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

SIMPLE = "simple"
COMPLEX = "complex"

# Evidence weights. A segment with a score of at least REFLECTION_THRESHOLD is a reflection.
REFLECTION_THRESHOLD = 2.0
W_OPENER = 2.0  # "si je comprends bien", "donc vous", "vous avez l'impression que"
W_INFERENCE = 2.0  # "on dirait que", "j'ai l'impression que", "vous semblez"
W_SECOND_PERSON = 1.0  # the client is the subject or the topic: vous, votre
W_HIGH_OVERLAP = 1.5  # at least half its content words come from the client's turn
W_SOME_OVERLAP = 0.75
W_SIMILAR = 0.5  # close in meaning to the client's turn by the model's vectors
W_CONTINUATION = 1.5  # "parce que …" continuing the client's sentence
W_DOUBLE_SIDED = 1.0
W_INFORMATION = -2.0  # studies, recommendations, "je vais vous donner …"
W_ADVICE = -2.0
W_FIRST_PERSON = -1.5  # the therapist talks about themself
W_ANSWER = -2.0  # the client just asked a question: this is an answer
W_TOO_SHORT = -2.0  # fewer than two content words that are not an echo

HIGH_OVERLAP = 0.5
SOME_OVERLAP = 0.25
SIMILAR = 0.7
# A reflection with this many content words, most of them new, goes beyond what the client said.
NEW_MEANING_WORDS = 6
NEW_MEANING_OVERLAP = 0.3

_CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV", "PROPN", "NUM"})
_SECOND_PERSON = frozenset({"vous", "tu", "votre", "vos", "ton", "ta", "tes", "te", "t'"})
_FIRST_PERSON_SUBJECT = frozenset({"je", "j'"})


@dataclass(frozen=True, slots=True)
class Reflection:
    """The reflection of an utterance: its kind, the segment that carries it, and why."""

    kind: str  # simple | complex
    segment: Span
    rule: str
    score: float


@dataclass(frozen=True, slots=True, eq=False)
class ClientContext:
    """What the client said just before: the words a reflection can mirror."""

    lemmas: frozenset[str]
    vector: numpy.ndarray | None
    asked_question: bool

    @classmethod
    def from_docs(cls, docs: Sequence[Doc]) -> ClientContext:
        """Context from the client's utterances since the therapist last spoke (nearest last)."""
        lemmas = frozenset(lemma for doc in docs for lemma in content_lemmas(doc))
        vector = _mean_vector([token for doc in docs for token in doc if _is_content(token)])
        asked = bool(docs) and any(ends_with_question_mark(segment) for segment in segments(docs[-1])[-1:])
        return cls(lemmas, vector, asked)


EMPTY_CONTEXT = ClientContext(frozenset(), None, False)


def find_reflection(doc: Doc, context: ClientContext, question_spans: Sequence[Span]) -> Reflection | None:
    """The reflection of a therapist utterance, or None.

    Segments that are questions by their form (a wh-word, est-ce que, an inversion, an invitation)
    are not reflections; a statement said with rising intonation is scored like any statement (the
    MITI rule: "Vous vous sentez seule ?" mirroring the client is a reflection).
    """
    asking = {(span.start, span.end) for span in question_spans if not _intonation_rule(span.id_)}
    best: Reflection | None = None
    found_complex = False
    cues = list(doc.spans.get(L.REFLECTION_CUES_KEY, []))
    for segment in segments(doc):
        if (segment.start, segment.end) in asking:
            continue
        inside = [cue for cue in cues if cue.start >= segment.start and cue.end <= segment.end]
        reflection = score_segment(segment, inside, context)
        if reflection is None:
            continue
        found_complex = found_complex or reflection.kind == COMPLEX
        if best is None or reflection.score > best.score:
            best = reflection
    if best is not None and found_complex and best.kind != COMPLEX:
        best = Reflection(COMPLEX, best.segment, best.rule, best.score)
    return best


def score_segment(segment: Span, cues: Sequence[Span], context: ClientContext) -> Reflection | None:
    """Score one segment as a reflection of `context`; None below the threshold."""
    labels = {cue.label_: cue for cue in cues}
    evidence: list[str] = []
    score = 0.0

    def add(weight: float, reason: str) -> None:
        nonlocal score
        score += weight
        evidence.append(reason)

    words = content_lemmas(segment)
    overlap = len(words & context.lemmas) / len(words) if words else 0.0
    similarity = _cosine(_mean_vector([t for t in segment if _is_content(t)]), context.vector)
    opener = labels.get(L.REFLECTION_OPENER)
    inference = labels.get(L.INFERENCE)
    if opener is not None:
        add(W_OPENER, f"opener:{opener.id_}")
    if inference is not None:
        add(W_INFERENCE, f"inference:{inference.id_}")
    if any(t.lower_ in _SECOND_PERSON for t in segment):
        add(W_SECOND_PERSON, "second_person")
    if overlap >= HIGH_OVERLAP:
        add(W_HIGH_OVERLAP, f"overlap:{overlap:.2f}")
    elif overlap >= SOME_OVERLAP:
        add(W_SOME_OVERLAP, f"overlap:{overlap:.2f}")
    if similarity is not None and similarity >= SIMILAR:
        add(W_SIMILAR, f"similar:{similarity:.2f}")
    continuation = labels.get(L.CONTINUATION)
    if continuation is not None and continuation.start <= segment.start + 1:
        add(W_CONTINUATION, f"continues:{continuation.id_}")
    if L.DOUBLE_SIDED in labels:
        add(W_DOUBLE_SIDED, f"double_sided:{labels[L.DOUBLE_SIDED].id_}")
    if L.INFORMATION in labels:
        add(W_INFORMATION, f"information:{labels[L.INFORMATION].id_}")
    if L.ADVICE in labels:
        add(W_ADVICE, f"advice:{labels[L.ADVICE].id_}")
    if opener is None and inference is None and _opens_with_first_person(segment):
        add(W_FIRST_PERSON, "first_person")
    if context.asked_question and opener is None:
        add(W_ANSWER, "answers_client_question")
    if len(content_words(segment)) < 2 and overlap < 1.0:
        add(W_TOO_SHORT, "too_short")
    if score < REFLECTION_THRESHOLD or not context.lemmas:
        return None
    kind, why = _depth(segment, labels, words, overlap, context)
    return Reflection(kind, segment, ", ".join(evidence + [why]), score)


def _depth(segment: Span, labels: dict[str, Span], words: frozenset[str], overlap: float, context: ClientContext) -> tuple[str, str]:
    """Complex when the reflection adds meaning to what the client said; simple otherwise."""
    for label in (L.INFERENCE, L.DOUBLE_SIDED, L.METAPHOR, L.CONTINUATION, L.AMPLIFICATION):
        if label in labels:
            return COMPLEX, f"complex:{labels[label].id_}"
    feelings = frozenset(word_list("feeling_words.txt"))
    new_feelings = sorted((words & feelings) - context.lemmas)
    if new_feelings:
        return COMPLEX, f"complex:new_feeling:{new_feelings[0]}"
    if len(words) >= NEW_MEANING_WORDS and overlap < NEW_MEANING_OVERLAP:
        return COMPLEX, "complex:new_meaning"
    return SIMPLE, "simple:rephrase"


def content_lemmas(doc_or_span: Doc | Span) -> frozenset[str]:
    """Lower-case lemmas of the content words: nouns, verbs, adjectives, adverbs, numbers."""
    return frozenset(token.lemma_.lower() for token in doc_or_span if _is_content(token))


def _is_content(token: Token) -> bool:
    return token.pos_ in _CONTENT_POS and not token.is_stop and token.is_alpha


def _opens_with_first_person(segment: Span) -> bool:
    words = [t for t in segment if not (t.is_punct or t.is_space)]
    return any(t.lower_ in _FIRST_PERSON_SUBJECT and t.dep_.startswith("nsubj") for t in words[:4])


def _intonation_rule(rule: str) -> bool:
    from .questions import ALTERNATIVE_RULE, INTONATION

    return rule in (INTONATION, ALTERNATIVE_RULE) or rule.startswith("tag:")


def _mean_vector(tokens: Sequence[Token]) -> numpy.ndarray | None:
    vectors = [token.vector for token in tokens if token.has_vector]
    return numpy.mean(vectors, axis=0) if vectors else None


def _cosine(a: numpy.ndarray | None, b: numpy.ndarray | None) -> float | None:
    if a is None or b is None:
        return None
    norm = float(numpy.linalg.norm(a) * numpy.linalg.norm(b))
    return float(numpy.dot(a, b)) / norm if norm else None
