"""rapport's spaCy components: the cue and marker rules from models/, matched in one pass, and the question coder.

Imported only when the pipeline is built, never on the `--help` path.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.attrs import LEMMA, LIKE_NUM, LOWER
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from analyser import labels as L
from analyser.errors import DataFileError
from analyser.nlp.questions import OPEN, find_questions
from analyser.nlp.rules import TokenPattern, compile_rules, find_phrases
from analyser.resources import ruler_patterns

# (doc.spans key, pattern file, allowed labels): spaCy's JSONL patterns, or phrase cues in TSV. One component,
# RULES, matches them all in one pass and fills one `doc.spans` key per family, as six span_rulers would.
RULE_FAMILIES = (
    (L.MARKERS_KEY, "markers.jsonl", L.LEXICAL_MARKER_LABELS),
    (L.QUESTION_CUES_KEY, "question_cues.jsonl", L.QUESTION_CUE_LABELS),
    (L.REFLECTION_CUES_KEY, "reflection_cues.jsonl", L.REFLECTION_CUE_LABELS),
    (L.INPUT_CUES_KEY, "input_cues.tsv", L.INPUT_CUE_LABELS),
    (L.CLIENT_TALK_CUES_KEY, "client_talk_cues.tsv", L.CLIENT_TALK_CUE_LABELS),
    (L.ALLIANCE_CUES_KEY, "alliance_cues.tsv", L.ALLIANCE_CUE_LABELS),
)
RULES = "rapport_rules"
QUESTION_CODER = "rapport_questions"
_REQUIRED = ("morphologizer", "parser", "lemmatizer")


def add_rapport_components(nlp: Language) -> Language:
    """Add the rules and the question coder to a French pipeline that parses and lemmatises."""
    missing = [name for name in _REQUIRED if name not in nlp.pipe_names]
    if missing:
        raise ValueError(f"rapport needs a pipeline with {', '.join(_REQUIRED)}; this one lacks {', '.join(missing)}")
    register_factories()
    nlp.add_pipe(RULES)
    nlp.add_pipe(QUESTION_CODER)
    return nlp


def rule_families() -> tuple[tuple[str, tuple[dict, ...]], ...]:
    """Each family's `doc.spans` key and its patterns, from the data files of RULE_FAMILIES."""
    return tuple((key, ruler_patterns(patterns_file, labels)) for key, patterns_file, labels in RULE_FAMILIES)


def register_factories() -> None:
    """Register the rules' and the question coder's spaCy factories, once per process."""
    if not Language.has_factory(RULES):

        @Language.factory(RULES, requires=["token.lemma", "token.pos", "token.morph"], assigns=["doc.spans"])
        def make_rules(nlp: Language, name: str) -> RuleMatcher:
            return RuleMatcher(nlp, rule_families())

    if not Language.has_factory(QUESTION_CODER):

        @Language.factory(QUESTION_CODER, requires=["token.lemma", "token.pos", "doc.spans"], assigns=["doc.spans"])
        def make_question_coder(nlp: Language, name: str) -> QuestionCoder:
            if RULES not in nlp.pipe_names:
                raise ValueError(f"{name} reads the question cues of {RULES}: add that component first")
            return QuestionCoder()


class RuleMatcher:
    """Matches every rule family in one pass and stores each family's spans in its own `doc.spans` key.

    Phrases go through one trie (`analyser.nlp.rules`); the few patterns that need the parse or an operator
    through spaCy's Matcher. The spans of a key are what spaCy's span_ruler gives for the same patterns
    (`overwrite`): every match once, label and rule id, in spaCy's span order.
    """

    def __init__(self, nlp: Language, families: Iterable[tuple[str, Sequence[dict]]]) -> None:
        families = tuple(families)
        self.keys = tuple(key for key, _ in families)
        self.compiled = compile_rules(families, encode=nlp.vocab.strings.add)
        # One Matcher per token pattern, run only on the Docs that hold its anchors: most hold none.
        self.matchers: list[tuple[TokenPattern, Matcher | PhraseMatcher]] = []
        for token_pattern in self.compiled.token_patterns:
            rule, pattern = token_pattern.rule, token_pattern.pattern
            try:
                if isinstance(pattern, str):
                    matcher: Matcher | PhraseMatcher = PhraseMatcher(nlp.vocab, validate=True)
                    matcher.add(rule.id or rule.label, [nlp.make_doc(pattern)])
                else:
                    matcher = Matcher(nlp.vocab, validate=True)
                    matcher.add(rule.id or rule.label, [pattern])
            except ValueError as exc:
                raise DataFileError(f"{rule.family}: rule {rule.id!r} ({rule.label}) is not a spaCy pattern: {exc}") from None
            self.matchers.append((token_pattern, matcher))

    def __call__(self, doc: Doc) -> Doc:
        lowers, lemmas, numbers = doc.to_array([LOWER, LEMMA, LIKE_NUM]).T.tolist() if len(doc) else ([], [], [])
        found = find_phrases(self.compiled.trie, lowers, lemmas, numbers)
        present = {"lower": set(lowers), "lemma": set(lemmas)}
        for token_pattern, matcher in self.matchers:
            if token_pattern.may_match(present):
                found.update((token_pattern.rule, start, end) for _, start, end in matcher(doc) if start != end)
        spans: dict[str, list[Span]] = {key: [] for key in self.keys}
        for rule, start, end in found:
            spans[rule.family].append(Span(doc, start, end, label=rule.label, span_id=rule.id))
        for key, family_spans in spans.items():
            doc.spans[key] = sorted(family_spans)
        return doc


class QuestionCoder:
    """Types each question of a Doc and stores it in `doc.spans["rapport_questions"]`.

    Each span's label is QUESTION_OPEN or QUESTION_CLOSED (ADVICE_AS_QUESTION for advice phrased as
    a question) and its `id_` the rule that decided it.
    """

    def __call__(self, doc: Doc) -> Doc:
        cues = filter_spans(doc.spans.get(L.QUESTION_CUES_KEY, []))
        questions, advice = find_questions(doc, cues)
        spans = [
            Span(doc, q.segment.start, q.segment.end, label=L.QUESTION_OPEN if q.kind == OPEN else L.QUESTION_CLOSED, span_id=q.rule)
            for q in questions
        ]
        spans += [Span(doc, a.segment.start, a.segment.end, label=L.ADVICE_AS_QUESTION, span_id=a.cue.id_) for a in advice]
        doc.spans[L.QUESTIONS_KEY] = sorted(spans, key=lambda s: s.start)
        return doc
