"""rapport's spaCy components: the cue and marker rulers from models/, and the question coder.

Imported only when the pipeline is built, never on the `--help` path.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from analyser import labels as L
from analyser.nlp.questions import OPEN, find_questions
from analyser.resources import ruler_patterns

# (component name, doc.spans key, pattern file, allowed labels): spaCy's JSONL patterns, or phrase cues in TSV.
RULERS = (
    ("rapport_markers", L.MARKERS_KEY, "markers.jsonl", L.LEXICAL_MARKER_LABELS),
    ("rapport_question_cues", L.QUESTION_CUES_KEY, "question_cues.jsonl", L.QUESTION_CUE_LABELS),
    ("rapport_reflection_cues", L.REFLECTION_CUES_KEY, "reflection_cues.jsonl", L.REFLECTION_CUE_LABELS),
    ("rapport_input_cues", L.INPUT_CUES_KEY, "input_cues.tsv", L.INPUT_CUE_LABELS),
    ("rapport_client_talk_cues", L.CLIENT_TALK_CUES_KEY, "client_talk_cues.tsv", L.CLIENT_TALK_CUE_LABELS),
    ("rapport_alliance_cues", L.ALLIANCE_CUES_KEY, "alliance_cues.tsv", L.ALLIANCE_CUE_LABELS),
)
QUESTION_CODER = "rapport_questions"
_REQUIRED = ("morphologizer", "parser", "lemmatizer")


def add_rapport_components(nlp: Language) -> Language:
    """Add the rulers and the question coder to a French pipeline that parses and lemmatises."""
    missing = [name for name in _REQUIRED if name not in nlp.pipe_names]
    if missing:
        raise ValueError(f"rapport needs a pipeline with {', '.join(_REQUIRED)}; this one lacks {', '.join(missing)}")
    for name, key, patterns_file, labels in RULERS:
        ruler = nlp.add_pipe("span_ruler", name=name, config={"spans_key": key, "overwrite": True, "validate": True})
        ruler.add_patterns(list(ruler_patterns(patterns_file, labels)))
    _register_question_coder()
    nlp.add_pipe(QUESTION_CODER)
    return nlp


def _register_question_coder() -> None:
    if Language.has_factory(QUESTION_CODER):
        return

    @Language.factory(
        QUESTION_CODER,
        requires=["token.lemma", "token.pos", "doc.spans"],
        assigns=["doc.spans"],
    )
    def make_question_coder(nlp: Language, name: str) -> QuestionCoder:
        if "rapport_question_cues" not in nlp.pipe_names:
            raise ValueError(f"{name} reads the cues of rapport_question_cues: add that ruler first")
        return QuestionCoder()


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
