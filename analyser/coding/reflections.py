"""Reflections: therapist statements that mirror what the client just said (MITI 4 / MISC).

A segment of a therapist utterance is scored on its evidence: a reflective opener or an inference
("si je comprends bien", "on dirait que"), a second-person focus, the words and meaning it shares
with the client's preceding turns (lemmas, and the model's word vectors), and against it, the
signs of information or advice, an answer to a client's question, and an utterance that opens by
contradicting the client; finishing the client's cut-off sentence counts for it. Greetings, thanks and
farewells are left out before scoring: they are not reflections. A reflection is complex when
it adds meaning: an inference, a double-sided or metaphorical reflection, continuing the client's
sentence, an amplification, or a feeling the client did not name; otherwise it is simple.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy

from analyser import labels as L
from analyser.nlp.questions import is_intonation_rule
from analyser.nlp.segments import TokenTable, clauses, content_words, ends_with_punctuation, ends_with_question_mark, segments
from analyser.resources import leading_phrases, made_of, phrase_list, phrase_words, reflection_weights, word_class, word_set

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

SIMPLE = "simple"
COMPLEX = "complex"

# The evidence weights, threshold and limits are data: models/reflection_weights.toml says what each means.

# Greetings, thanks, farewells and wishes: never part of a reflection (see `without_pleasantries`).
SOCIAL_FORMULAS = "social_formulas.txt"
# The classes of words the rules look at (second person, what a pleasantry is for…) are in this data file.
_WORDS = "word_classes.tsv"
_SUBJECT_DEPS = ("nsubj", "expl:subj")
# What `_pleasantry` says of a clause.
_FORMULA = "formula"  # made of social formulas: "Au revoir, et bonne semaine !"
_FOR_SOMETHING = "for_something"  # a formula, then what it is for: "Merci pour votre confiance"

_DASHES = ("-", "—", "–")
_SENTENCE_ENDS = frozenset({".", "!", "?", "…"})
_CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV", "PROPN", "NUM"})
# Cues that make a reflection complex by their form, in the order `_depth` tries them; its rule names the cue's id.
DEPTH_CUE_LABELS = (L.DOUBLE_SIDED, L.METAPHOR, L.INFERENCE, L.AMPLIFICATION)


@dataclass(frozen=True, slots=True)
class Reflection:
    """The reflection of an utterance: its kind, the segment that carries it, and why."""

    kind: str  # simple | complex
    segment: Span
    rule: str
    score: float
    marked: bool = False  # a reflective opener or an inference says it mirrors the client
    segments: tuple[Span, ...] = ()  # the segments marked as reflective by such words
    overlap: float = 0.0  # share of its content lemmas the client said
    feeling: bool = False  # it gives the client a feeling the client did not name

    @property
    def repeats_client(self) -> bool:
        """Made mostly of the client's own words (`repeats_overlap` of them or more)."""
        return self.overlap >= reflection_weights()["repeats_overlap"]

    def covers(self, span: Span) -> bool:
        """Whether `span` is one of the segments marked as reflective."""
        return any(s.start == span.start and s.end == span.end for s in self.segments)


@dataclass(frozen=True, slots=True, eq=False)
class ClientContext:
    """What the client said just before: the words a reflection can mirror."""

    lemmas: frozenset[str]
    vector: numpy.ndarray | None
    asked_question: bool
    # The therapist's utterance also asks a question: a reflection leading into a question sums up
    # what was said, and is simple unless its words add meaning.
    followed_by_question: bool = False
    # The client's utterance just before broke off mid-sentence (« …qui parle de— »): a short statement
    # now may finish it for them (« La technologie. »), the complex reflection MISC calls continuing the paragraph.
    completes: bool = False

    @classmethod
    def from_turns(cls, turns: Sequence[ClientTurn]) -> ClientContext:
        """Context from the client's utterances since the therapist last spoke (nearest last)."""
        lemmas = frozenset().union(*(turn.lemmas for turn in turns))
        vectors = [vector for turn in turns for vector in turn.vectors]
        vector = numpy.mean(vectors, axis=0) if vectors else None
        return cls(lemmas, vector, bool(turns) and turns[-1].ends_asking)


@dataclass(frozen=True, slots=True, eq=False)
class ClientTurn:
    """What one client utterance gives the reflections after it to mirror: read once, however many look back at it."""

    lemmas: frozenset[str]  # of its content words
    vectors: tuple[numpy.ndarray, ...]  # of its content words that have one, in order
    ends_asking: bool  # its last segment ends with "?"
    breaks_off: bool = False  # its last sentence, of a few words at least, is cut off by a dash

    @classmethod
    def of(cls, doc: Doc) -> ClientTurn:
        content = content_tokens(doc)
        return cls(
            content_lemmas(content),
            tuple(_word_vectors(content)),
            # Segments cover the utterance, so its last segment ends with "?" when the utterance does.
            ends_with_question_mark(doc[:]),
            _breaks_off(doc),
        )


EMPTY_CONTEXT = ClientContext(frozenset(), None, False)



def _mirrors(reflection: Reflection) -> bool:
    """A statement said as a question that gives back the client's feeling, or mostly the client's own words."""
    return reflection.feeling or reflection.overlap >= reflection_weights()["rising_repeats_overlap"]


def find_reflection(doc: Doc, context: ClientContext, question_spans: Sequence[Span]) -> Reflection | None:
    """The reflection of a therapist utterance, or None.

    Segments that are questions by their form (a wh-word, est-ce que, an inversion, an invitation)
    are not reflections; a statement said with rising intonation is scored like any statement (the
    MITI rule: "Vous vous sentez seule ?" mirroring the client is a reflection).
    """
    asking = [span for span in question_spans if not is_intonation_rule(span.id_)]
    rising = {(span.start, span.end) for span in question_spans if is_intonation_rule(span.id_)}
    best: Reflection | None = None
    found_complex = False
    reflective: list[Span] = []
    cues = list(doc.spans.get(L.REFLECTION_CUES_KEY, []))
    table = TokenTable.of(doc)  # read once for the segments and their clauses
    contradicting = _contradicts(table)
    for segment in segments(doc, table=table):
        if any(q.start < segment.end and segment.start < q.end for q in asking):
            continue  # a question by its form ("Vous avez mal où au ventre ?") is never a reflection
        part = without_pleasantries(segment, table=table)
        if part is None:
            continue
        inside = [cue for cue in cues if cue.start >= part.start and cue.end <= part.end]
        reflection = score_segment(part, inside, context, contradicting=contradicting)
        if reflection is None:
            continue
        # MITI: said with rising intonation, a reflection mirrors the client's own words or feelings; one
        # that brings its own ("Vous veniez de manger ?", "Vous avez de la fièvre ?") asks for a fact.
        # Unpunctuated speech hides the intonation: there a statement no reflective opener marks is held to
        # the same.
        may_rise = (segment.start, segment.end) in rising or not (reflection.marked or ends_with_punctuation(segment))
        if may_rise and not _mirrors(reflection):
            continue
        if reflection.marked:
            reflective.append(segment)
        found_complex = found_complex or reflection.kind == COMPLEX
        if best is None or reflection.score > best.score:
            best = reflection
    if best is None:
        return None
    return replace(best, kind=COMPLEX if found_complex else best.kind, segments=tuple(reflective))


def without_pleasantries(segment: Span, *, table: TokenTable | None = None) -> Span | None:
    """The part of a segment that can be a reflection: the segment less the social pleasantries at its ends.

    Greetings, thanks, farewells and wishes are not reflections (MITI 4): they do not restate the
    client's meaning, even when they echo the client's own ("Au revoir !" -> "Au revoir, et bonne
    semaine !"). A clause is a pleasantry when it is made of social formulas (with backchannels and
    fillers), or opens with them and goes on with what they are for, after de, d', du, des or pour
    ("Merci pour votre confiance aujourd'hui.", "Je vous remercie de votre franchise"); the clauses
    after that one belong to it until one has a subject of its own ("Merci pour tout, et pour votre
    confiance." is thanks; "Merci de me le dire, vous vous sentez trahie." ends with a statement).

    Args:
        segment: a segment of a therapist utterance (see `segments`).
        table: its doc's TokenTable, if read already.

    Returns:
        The segment itself when it holds no social formula; else the span from its first to its
        last clause that is neither a pleasantry nor a backchannel; None when no such clause is left.
    """
    parts = clauses(segment, table=table)
    social = [_pleasantry(part) for part in parts]
    if not any(social):
        return segment
    noise = phrase_list("backchannels.txt", "discourse_fillers.txt")
    carrying = False
    kept = []
    for part, kind in zip(parts, social, strict=True):
        if kind is None and carrying and not any(t.dep_.startswith(_SUBJECT_DEPS) for t in part):
            kind = _FOR_SOMETHING
        if kind is None and not made_of(part.text, noise):
            kept.append(part)
            carrying = False
        elif kind == _FOR_SOMETHING:
            carrying = True
    if not kept:
        return None
    end = kept[-1].end
    while end < segment.end and segment.doc[end - 1].is_punct:
        end -= 1  # the comma before a closing pleasantry is not part of the reflection
    return segment.doc[kept[0].start : end]


def _pleasantry(clause: Span) -> str | None:
    """_FORMULA for a clause made of social formulas, _FOR_SOMETHING for one that goes on with what they are for; else None."""
    words = phrase_words(clause.text)
    formulas = phrase_list(SOCIAL_FORMULAS)
    run = leading_phrases(words, phrase_list(SOCIAL_FORMULAS, "backchannels.txt", "discourse_fillers.txt"))
    if not any(phrase in formulas for phrase in run):
        return None
    covered = sum(map(len, run))
    if covered == len(words):
        return _FORMULA
    return _FOR_SOMETHING if words[covered] in word_class(_WORDS, "pleasantry_object") else None


def score_segment(segment: Span, cues: Sequence[Span], context: ClientContext, *, contradicting: bool = False) -> Reflection | None:
    """Score one segment as a reflection of `context`; None below the threshold.

    `contradicting`: the utterance opens by contradicting the client (see `_contradicts`).
    """
    w = reflection_weights()
    labels = {cue.label_: cue for cue in cues if not _has_subject(cue) and not _leads_elsewhere(cue)}
    evidence: list[str] = []
    score = 0.0

    def add(weight: float, reason: str) -> None:
        nonlocal score
        score += weight
        evidence.append(reason)

    tokens = list(segment)  # read once: iterating a Span builds its tokens anew each time
    content = content_tokens(tokens)
    words = content_lemmas(content)
    overlap = len(words & context.lemmas) / len(words) if words else 0.0
    similarity = _cosine(_mean_vector(content), context.vector) or 0.0
    if similarity > 0:
        add(w["similarity"] * similarity, f"similarity:{similarity:.2f}")
    if overlap > 0:
        add(w["overlap"] * overlap, f"overlap:{overlap:.2f}")
    you = word_class(_WORDS, "second_person")
    second_person = min(int(w["second_person_cap"]), sum(t.lower_ in you for t in tokens))
    if second_person:
        add(w["second_person"] * second_person, "second_person")
    opener = labels.get(L.REFLECTION_OPENER)
    inference = labels.get(L.INFERENCE)
    if opener is not None:
        add(w["opener"], f"opener:{opener.id_}")
    if inference is not None:
        add(w["inference"], f"inference:{inference.id_}")
    new_feelings = _client_feelings(content, context)
    if second_person and new_feelings:
        add(w["names_feeling"], f"names_feeling:{new_feelings[0]}")
    if L.DOUBLE_SIDED in labels:
        add(w["double_sided"], f"double_sided:{labels[L.DOUBLE_SIDED].id_}")
    if L.INFORMATION in labels:
        add(w["information"], f"information:{labels[L.INFORMATION].id_}")
    if L.ADVICE in labels:
        add(w["advice"], f"advice:{labels[L.ADVICE].id_}")
    if opener is None and inference is None and _opens_with_first_person(tokens):
        add(w["first_person"], "first_person")
    if context.asked_question:
        add(w["answer"], "answers_client_question")
    if contradicting:
        add(w["contradicts"], "contradicts_client")
    completes = context.completes and _finishes_sentence(segment, tokens)
    if completes:
        add(w["completes_client"], "completes_client")
    if len(content_words(segment)) < w["min_content_words"]:
        add(w["too_short"], "too_short")
    if score < w["threshold"] or not context.lemmas:
        return None
    kind, why = (COMPLEX, "complex:completes_client") if completes else _depth(segment, labels, words, overlap, context, new_feelings)
    rule = f"score {score:.2f} ≥ {w['threshold']}: " + ", ".join(evidence + [why])
    marked = opener is not None or inference is not None
    return Reflection(kind, segment, rule, score, marked=marked, overlap=overlap, feeling=bool(second_person and new_feelings))


def _depth(
    segment: Span, labels: dict[str, Span], words: frozenset[str], overlap: float, context: ClientContext, new_feelings: list[str]
) -> tuple[str, str]:
    """Complex when the reflection adds meaning to what the client said; simple when it repeats or rephrases.

    In order: words that add meaning by their form (an inference, a double-sided reflection, a
    metaphor, an amplification, continuing the client's sentence) make it complex, but an inference
    stem followed mostly by the client's own words only restates them; a reflection
    leading into a question sums up and is simple; a short reflection, or one made mostly of the
    client's own words, is simple; a longer one in the therapist's own words, or one that names a
    feeling the client did not, is complex.
    """
    limits = reflection_weights()
    for label in DEPTH_CUE_LABELS:
        if label == L.INFERENCE and overlap >= limits["repeats_overlap"]:
            continue  # "on dirait que" + the client's own words: the stem frames a restatement
        if label in labels:
            return COMPLEX, f"complex:{labels[label].id_}"
    continuation = labels.get(L.CONTINUATION)
    if continuation is not None and continuation.start <= segment.start + 1:
        return COMPLEX, f"complex:continues_client:{continuation.id_}"
    if context.followed_by_question:
        return SIMPLE, "simple:leads_into_question"
    if new_feelings:
        return COMPLEX, f"complex:new_feeling:{new_feelings[0]}"
    if overlap >= limits["repeats_overlap"] or len(words) < limits["new_meaning_words"]:
        return SIMPLE, "simple:repeats"
    return COMPLEX, "complex:own_words"


def _client_feelings(content: Sequence[Token], context: ClientContext) -> list[str]:
    """Feeling words of the segment that the client did not say, and that it gives the client.

    A feeling counts only when it is the client's: the clause's subject or object is "vous"/"tu",
    or the word is "votre peur". The therapist's own feelings ("Je suis contente que …"), a task
    that is hard ("c'est difficile de …"), "sans doute", "mal" as a symptom ("mal à la tête",
    "mal où ?", "vous avez mal") and "envie de vomir" are not.
    """
    feelings = word_set("feeling_words.txt")
    found = {
        token.lemma_.lower()
        for token in content
        if token.lemma_.lower() in feelings and token.lemma_.lower() not in context.lemmas and not _idiom(token) and _attributed_to_client(token)
    }
    return sorted(found)


def _idiom(token: Token) -> bool:
    """A feeling word in an idiom that names no feeling: "sans doute", "pas mal", "mal au dos"."""
    doc = token.doc
    before = doc[token.i - 1].lower_ if token.i > 0 else ""
    after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
    if token.lower_ in word_class(_WORDS, "sans_idiom") and before == "sans":
        return True
    if token.lower_ == "envie" and token.i + 2 < len(doc) and doc[token.i + 2].lemma_.lower() in word_class(_WORDS, "bodily_urge"):
        return True  # « envie de vomir »
    # « vous avez mal (au ventre) » is pain; « vous êtes mal (dans votre peau) » is a feeling.
    return token.lower_ == "mal" and (before == "pas" or after in word_class(_WORDS, "symptom_after") or token.head.lemma_ == "avoir")


def _attributed_to_client(token: Token) -> bool:
    """Whether the clause gives the feeling to the client: a second-person word on it or its head, no first-person subject."""
    me, you = word_class(_WORDS, "first_person"), word_class(_WORDS, "second_person")
    for word in (token, token.head):
        children = list(word.children)
        if any(child.dep_.startswith("nsubj") and child.lower_ in me for child in children):
            return False
        if any(child.lower_ in you for child in children):
            return True
    return False


def content_tokens(tokens: Iterable[Token]) -> list[Token]:
    """The content words: nouns, verbs, adjectives, adverbs, numbers, stop words aside."""
    return [token for token in tokens if _is_content(token)]


def content_lemmas(content: Iterable[Token]) -> frozenset[str]:
    """Lower-case lemmas of content words (see `content_tokens`)."""
    return frozenset(token.lemma_.lower() for token in content)


def _is_content(token: Token) -> bool:
    return token.pos_ in _CONTENT_POS and not token.is_stop and token.is_alpha


def _has_subject(cue: Span) -> bool:
    """An imperative cue ("essayez") preceded by its subject ("vous essayez") is a statement."""
    return cue.id_ == "imperative" and cue.start > 0 and cue.doc[cue.start - 1].lower_ in word_class(_WORDS, "second_person")


def _contradicts(table: TokenTable) -> bool:
    """The utterance opens by contradicting what the client said: « Non, pas comme à tout le monde. », « Non, non,
    non. », « Justement, … ». A bare « Non. » that ends its sentence agrees with a client's no, and is not counted."""
    words = [(text.lower(), i) for i, (text, punct) in enumerate(zip(table.text, table.punct, strict=True)) if not punct and not text.isspace()]
    fillers, contradicting = phrase_list("discourse_fillers.txt"), word_class(_WORDS, "contradicting")
    position = next((n for n, (word, _) in enumerate(words) if (word,) not in fillers or word in contradicting), None)
    if position is None:
        return False
    word, index = words[position]
    if word not in contradicting:
        return False
    after = table.text[index + 1] if index + 1 < len(table.text) else ""
    return word != "non" or after not in _SENTENCE_ENDS


def _breaks_off(doc: Doc) -> bool:
    """The utterance's last sentence is cut off by a dash after `cut_off_words` words or more: « …qui parle de— »."""
    last = len(doc) - 1
    while last >= 0 and doc[last].is_space:
        last -= 1
    if last < 0 or not doc[last].text.endswith(_DASHES):
        return False  # most utterances end otherwise: only these are read back to their sentence's start
    count = 0
    for token in reversed(doc[: last + 1]):
        if token.text in _SENTENCE_ENDS:
            break
        count += not (token.is_punct or token.is_space)
    return count >= reflection_weights()["cut_off_words"]


def _finishes_sentence(segment: Span, tokens: Sequence[Token]) -> bool:
    """A short statement that opens the utterance, is all of it, and is not the therapist's own."""
    doc = segment.doc
    words = [t for t in tokens if not t.is_punct and not t.is_space]
    rest = [t for t in doc[segment.end :] if not t.is_punct and not t.is_space]
    before = [t for t in doc[: segment.start] if not t.is_punct and not t.is_space]
    if not 0 < len(words) <= reflection_weights()["completion_words"] or rest or before:
        return False
    noise = phrase_list("backchannels.txt", "discourse_fillers.txt")  # « Hm-hm. » lets the client go on
    return not made_of(segment.text, noise) and not _opens_with_first_person(tokens) and bool(content_words(segment))


def _leads_elsewhere(cue: Span) -> bool:
    """An opener that runs into an infinitive or a cleft's « que » does not frame the client's view.

    « Pour vous, c'est important » mirrors; « je suis là pour vous parler de… » and « c'est pour
    vous que je m'inquiète » speak of the therapist's purpose and worry.
    """
    if cue.label_ != L.REFLECTION_OPENER or cue.end >= len(cue.doc):
        return False
    after = cue.doc[cue.end]
    return after.lower_ in word_class(_WORDS, "cleft_que") or "Inf" in after.morph.get("VerbForm")


def _opens_with_first_person(tokens: Sequence[Token]) -> bool:
    words = [t for t in tokens if not (t.is_punct or t.is_space)]
    subjects = word_class(_WORDS, "first_person_subject")
    return any(t.lower_ in subjects and t.dep_.startswith("nsubj") for t in words[:4])


def _mean_vector(tokens: Sequence[Token]) -> numpy.ndarray | None:
    vectors = _word_vectors(tokens)
    return numpy.mean(vectors, axis=0) if vectors else None


def _word_vectors(tokens: Sequence[Token]) -> list[numpy.ndarray]:
    """`token.vector` of each token that `has_vector`, in order: the same arrays, found faster.

    Each of spaCy's two properties looks the word up in the vocabulary again (most of the time of
    similarity scoring). With a plain table of static vectors keyed by the word's form, as in the
    French models, one dictionary lookup a token finds the same row; anything else (vector hooks,
    floret, a tensor in place of vectors) goes spaCy's way.
    """
    from spacy.attrs import ORTH  # spaCy is imported where a Doc is at hand, not with the module
    from spacy.vectors import Vectors

    if not tokens:
        return []
    doc = tokens[0].doc
    table = doc.vocab.vectors
    if not isinstance(table, Vectors) or table.mode != "default" or table.attr != ORTH or table.size == 0 or doc.user_token_hooks:
        return [token.vector for token in tokens if token.has_vector]
    rows, data = table.key2row, table.data
    return [data[rows[token.orth]] for token in tokens if token.orth in rows]


def _cosine(a: numpy.ndarray | None, b: numpy.ndarray | None) -> float | None:
    if a is None or b is None:
        return None
    norm = float(numpy.linalg.norm(a) * numpy.linalg.norm(b))
    return float(numpy.dot(a, b)) / norm if norm else None
