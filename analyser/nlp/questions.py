"""French question typing: find the questions of a parsed utterance and type them open or closed.

Definitions from MITI 3.1 / MISC. Closed: answerable by yes/no or one specific fact (est-ce que
without a wh-word, inversion, intonation, alternatives, tags, factual wh). Open: invites
elaboration (comment, pourquoi, qu'est-ce que, broad quel, imperative invitations). The parse and
the cue patterns find questions without a question mark; the question mark alone gives an
intonation question.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analyser import labels as L
from analyser.nlp.segments import TokenTable, clause_starts, ends_with_punctuation, ends_with_question_mark, segments
from analyser.resources import made_of, phrase_list, word_class, word_set

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

OPEN = "open"
CLOSED = "closed"

# Rules, as written in each question's evidence.
INTONATION = "intonation"
INVERSION = "inversion"
ALTERNATIVE_RULE = "alternative"

_WH_KIND = {L.WH_OPEN: OPEN, L.WH_CLOSED: CLOSED, L.WH_WEAK: CLOSED}
# Wh-forms that only ever ask: "qu'est-ce que" is never a relative, so it asks wherever it stands.
_ALWAYS_INTERROGATIVE = frozenset({"qu_est_ce_que", "que_inversion"})
# The classes of words the rules look at (relative antecedents, speaker datives…) are in this data file.
_WORDS = "word_classes.tsv"


@dataclass(frozen=True, slots=True)
class Question:
    """One question of an utterance: its segment, its kind and the rule that decided it."""

    segment: Span
    kind: str  # open | closed
    rule: str
    cue: Span | None  # the words that show it, None for intonation alone



@dataclass(frozen=True, slots=True)
class DisguisedAdvice:
    """"Pourquoi ne pas essayer ?": advice in the form of a question, not coded as a question."""

    segment: Span
    cue: Span


def is_intonation_rule(rule: str) -> bool:
    """A statement said as a question: no interrogative form, only "?" (with a tag or an alternative)."""
    return rule in (INTONATION, ALTERNATIVE_RULE) or rule.startswith("tag:")


def find_questions(doc: Doc, cues: list[Span]) -> tuple[list[Question], list[DisguisedAdvice]]:
    """Questions and disguised advice in a parsed utterance, given its question cues."""
    questions: list[Question] = []
    advice: list[DisguisedAdvice] = []
    table = TokenTable.of(doc)  # read once: the rules below read the same tokens many times
    for segment in segments(doc, table=table):
        inside = [cue for cue in cues if cue.start >= segment.start and cue.end <= segment.end]
        found = type_segment(segment, inside, table=table)
        if isinstance(found, Question):
            questions.append(found)
        elif isinstance(found, DisguisedAdvice):
            advice.append(found)
    return questions, advice


def type_segment(segment: Span, cues: list[Span], *, table: TokenTable | None = None) -> Question | DisguisedAdvice | None:
    """Decide whether one segment is a question, and of which kind (`table`: its doc's TokenTable, if read already)."""
    by_label: dict[str, list[Span]] = {}
    for cue in cues:
        by_label.setdefault(cue.label_, []).append(cue)
    question_mark = ends_with_question_mark(segment)

    if L.ADVICE_AS_QUESTION in by_label:
        # "Pourquoi ne pas me parler de … ?" invites the client to talk: an open question, not advice.
        invitation = by_label.get(L.OPEN_INVITATION, []) + by_label.get(L.ELABORATION, [])
        if invitation:
            return Question(segment, OPEN, f"invitation:{invitation[0].id_}", invitation[0])
        return DisguisedAdvice(segment, by_label[L.ADVICE_AS_QUESTION][0])
    table = table if table is not None else TokenTable.of(segment.doc)
    starts = clause_starts(segment, table=table)
    inversion = find_inversion(segment, table=table)
    yes_no = [cue for cue in by_label.get(L.YES_NO, []) if not _after_c_est(cue)]
    for cue in sorted((c for label in _WH_KIND for c in by_label.get(label, [])), key=lambda c: c.start):
        if _wh_is_interrogative(cue, segment, starts, question_mark, inversion, yes_no, table):
            return Question(segment, _WH_KIND[cue.label_], f"wh:{cue.id_}", cue)
    if L.OPEN_INVITATION in by_label:
        cue = by_label[L.OPEN_INVITATION][0]
        return Question(segment, OPEN, f"invitation:{cue.id_}", cue)
    found = _yes_no_question(segment, by_label, yes_no, inversion, question_mark)
    if found is not None and L.ELABORATION in by_label:
        cue = by_label[L.ELABORATION][0]
        return Question(segment, OPEN, f"elaboration:{cue.id_}", cue)
    return found


def _yes_no_question(
    segment: Span, by_label: dict[str, list[Span]], yes_no: list[Span], inversion: Token | None, question_mark: bool
) -> Question | None:
    """A closed question by its form: est-ce que, inversion, a final tag, an alternative, or intonation."""
    if yes_no:
        return Question(segment, CLOSED, f"yes_no:{yes_no[0].id_}", yes_no[0])
    if inversion is not None:
        cue = segment.doc[inversion.i - 1 : inversion.i + 1]
        return Question(segment, CLOSED, INVERSION, cue)
    tag = _final_tag(segment, by_label.get(L.TAG, []), question_mark)
    if tag is not None:
        return Question(segment, CLOSED, f"tag:{tag.id_}", tag)
    if not question_mark or _only_backchannel(segment):
        return None
    if L.ALTERNATIVE in by_label:
        return Question(segment, CLOSED, ALTERNATIVE_RULE, by_label[L.ALTERNATIVE][0])
    return Question(segment, CLOSED, INTONATION, None)


def find_inversion(segment: Span, *, table: TokenTable | None = None) -> Token | None:
    """The subject clitic of a verb–subject inversion ("avez-vous", "a-t-il"), if any.

    `table` is the doc's TokenTable, if read already.
    """
    reflexive_imperatives = word_set("imperative_reflexives.txt")
    subject_clitics = word_set("subject_clitics.txt")
    pronouns = _pronouns()
    object_clitics = word_class(_WORDS, "object_clitic")
    reflexive_clitics = word_class(_WORDS, "reflexive_clitic")
    doc = segment.doc
    table = table if table is not None else TokenTable.of(doc)
    text, alpha = table.text, table.alpha
    for i in range(segment.start + 1, segment.end):
        clitic = text[i].lower()  # a token's lower_ (see TokenTable)
        if clitic == "-t" and i + 1 < segment.end:
            continue
        if clitic not in subject_clitics:
            continue
        verb = i - 1
        if text[verb].lower() == "-t" and verb > segment.start:
            verb -= 1
        verb_lower = text[verb].lower()
        if not alpha[verb] or verb_lower in pronouns:
            continue  # "je-je vois": a stutter, not an inversion
        if i + 1 < len(text) and text[i + 1].lower() == verb_lower:
            continue  # "vous êtes-vous êtes": a repetition
        preceded_by_clitic = verb > segment.start and text[verb - 1].lower() in object_clitics
        if clitic in reflexive_clitics and verb_lower in reflexive_imperatives and not preceded_by_clitic:
            continue
        return doc[i]
    return None


@functools.cache
def _pronouns() -> frozenset[str]:
    """Subject pronouns, without their inversion hyphen, and stressed pronouns: a stutter, not a verb, before a clitic."""
    return frozenset({clitic.lstrip("-t").lstrip("-") for clitic in word_set("subject_clitics.txt")} | word_class(_WORDS, "stressed_pronoun"))


def _wh_is_interrogative(
    cue: Span,
    segment: Span,
    starts: list[int],
    question_mark: bool,
    inversion: Token | None,
    yes_no: list[Span],
    table: TokenTable,
) -> bool:
    """Whether a wh-word asks the segment's question.

    It asks when it opens the segment (no "?" needed: speech recognition drops it), when it opens
    a later clause of a segment marked as a question ("?", est-ce que, inversion), or when it stays
    in place in a segment ending in "?" ("Vous fumez combien ?"). It does not ask after "ce" or "là"
    (a relative) or after a verb like savoir or dire (an indirect question: "Vous savez comment … ?").
    """
    doc = cue.doc
    marked = question_mark or inversion is not None or bool(yes_no)
    previous = doc[cue.start - 1] if cue.start > segment.start else None
    if previous is not None and previous.lower_ in word_class(_WORDS, "relative_antecedent"):
        return False
    if cue.label_ == L.WH_WEAK and cue.start in starts and _opens_subordinate(cue, segment, starts, table):
        return False
    if starts and cue.start == starts[0]:
        alone = cue.id_ == "quoi" and not any(t.is_alpha for t in doc[cue.end : segment.end])
        return (cue.label_ != L.WH_WEAK and not alone) or marked
    if cue.id_ in _ALWAYS_INTERROGATIVE:
        repeated = previous is not None and previous.lower_ == "-ce"  # "est-ce que est-ce que": a restart
        return not repeated and not _after_indirect_verb(cue, segment)
    if cue.start in starts[1:]:
        return marked
    if _after_indirect_verb(cue, segment) or previous is not None and previous.lower_ in word_class(_WORDS, "not_asking_before"):
        return False
    if _restarted(cue):
        return False  # « quel-quelque chose »: a false start, not a question
    if cue.label_ == L.WH_WEAK:
        # « Vous avez mal où au ventre ? »: où, quand, qui left in place ask when neither a verb nor
        # a pronoun follows them; « le jour où vous avez bu ? » is a relative clause.
        following = doc[cue.end : segment.end]
        relative = bool(following) and following[0].pos_ == "PRON" or any(t.pos_ in ("VERB", "AUX") for t in following)
        return (question_mark or not ends_with_punctuation(segment)) and not relative
    if question_mark:
        return True
    # Unpunctuated speech (« de quelle couleur sont vos urines »): a wh-word in place still asks,
    # but not a closing « quoi » (« c'était dur quoi ») nor « comment dire ».
    following = doc[cue.end] if cue.end < segment.end else None
    filler = cue.id_ == "quoi" or (following is not None and "Inf" in following.morph.get("VerbForm"))
    return not filler and not ends_with_punctuation(segment)


def _restarted(cue: Span) -> bool:
    """The speaker breaks off the wh-word and starts a word with the same letters: « quel-quelque »."""
    doc = cue.doc
    after = [t for t in doc[cue.end : cue.end + 2] if t.text != "-"]
    return bool(after) and doc[cue.end].text == "-" and after[0].lower_.startswith(cue.text.lower())


def _opens_subordinate(cue: Span, segment: Span, starts: list[int], table: TokenTable) -> bool:
    """"Quand vous buvez, vous dormez bien ?": quand, où, qui opening a clause that a main clause follows.

    Not when its own clause asks ("Quand est-ce que…", "Où allez-vous, …") or the next clause has
    no verb ("Qui vous a aidé, votre mère ?").
    """
    later = [start for start in starts if start > cue.start]
    if not later:
        return False
    doc = cue.doc
    own = doc[cue.end : later[0]]
    if any(t.lower_ in word_class(_WORDS, "est_ce") for t in own[:2]) or find_inversion(doc[cue.start : later[0]], table=table) is not None:
        return False
    following = doc[later[0] : later[1] if len(later) > 1 else segment.end]
    return any(t.pos_ in ("VERB", "AUX") for t in following)


def _after_indirect_verb(cue: Span, segment: Span) -> bool:
    """Whether the wh-word depends on a verb like savoir ("Vous savez comment … ?"), so it does not ask.

    A request to tell the speaker ("Vous pouvez me répéter comment … ?": infinitive after me, m',
    nous) is the exception: there the wh-word is the question.
    """
    verbs = word_set("indirect_question_verbs.txt")
    for token in reversed(segment.doc[segment.start : cue.start]):
        if token.pos_ in ("ADP", "PRON", "ADV", "AUX") or token.is_punct:
            continue
        if token.lemma_.lower() not in verbs:
            return False
        before = segment.doc[token.i - 1] if token.i > segment.start else None
        request = "Inf" in token.morph.get("VerbForm") and before is not None and before.lower_ in word_class(_WORDS, "speaker_dative")
        return not request
    return False


def _after_c_est(cue: Span) -> bool:
    """"c'est ce que" holds "est ce que" but asks nothing."""
    return cue.start > 0 and cue.doc[cue.start - 1].lower_ in word_class(_WORDS, "demonstrative_c")


def _final_tag(segment: Span, tags: list[Span], question_mark: bool) -> Span | None:
    """A tag question closes the segment: "…, c'est ça ?", "…, non ?", "n'est-ce pas"."""
    if not tags:
        return None
    last_word = max((t.i for t in segment if not (t.is_punct or t.is_space)), default=None)
    for tag in tags:
        at_end = last_word is not None and tag.end - 1 == last_word and (question_mark or tag.id_ == "tag_n_est_ce_pas")
        if at_end and tag.start > segment.start:  # a tag alone ("Non ?") is a backchannel, not a tag
            return tag
    return None


def _only_backchannel(segment: Span) -> bool:
    """"Pardon ?", "Ouais ?", "Ah bon ?": no content besides backchannel words."""
    return made_of(segment.text, phrase_list("backchannels.txt", "discourse_fillers.txt", "clarification_requests.txt"))
