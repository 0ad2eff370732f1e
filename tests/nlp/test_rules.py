"""The rule patterns compiled for one pass: which become phrases, how the trie matches, and the same spans as spaCy's span_ruler."""

from __future__ import annotations

import ast
import random

import pytest
import spacy
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc

from analyser.errors import DataFileError, InputError
from analyser.nlp.components import RULE_FAMILIES, RuleMatcher, rule_families
from analyser.nlp.rules import Rule, compile_rules, find_phrases, pattern_anchors, phrase_count, phrase_steps
from analyser.pipeline import load_session

from ..conftest import REPO, SAMPLES, TEST_DATA

IN = "IN"

# (pattern, "phrase" or "token"): a phrase is forms and lemmas, sets of them, `?`, any word and numbers.
KINDS = [
    ([{"LOWER": "ensemble"}], "phrase"),
    ([{"LOWER": {IN: ["tous", "toutes"]}}, {"LOWER": "les"}, {"LOWER": "deux"}], "phrase"),
    ([{"LOWER": "on"}, {"LOWER": {IN: ["ne", "n'"]}, "OP": "?"}, {"LEMMA": {IN: ["pouvoir", "aller"]}}], "phrase"),
    ([{"LOWER": "on"}, {"OP": "?"}, {}, {"LEMMA": "travailler"}], "phrase"),  # any word, optional or not
    ([{"LIKE_NUM": True}, {"LOWER": "verres"}], "phrase"),
    ([{"POS": {IN: ["VERB", "AUX"]}}, {"LOWER": "-vous"}], "token"),  # the part of speech
    ([{"MORPH": {"IS_SUPERSET": ["VerbForm=Inf"]}}], "token"),  # morphology
    ([{"LOWER": {"REGEX": "^appel"}}], "token"),  # a regular expression
    ([{"LEMMA": {"NOT_IN": ["être"]}}], "token"),
    ([{"LOWER": "comment"}, {"LOWER": "vous", "OP": "*"}], "token"),  # operators other than ?
    ([{"LOWER": "pas", "OP": "!"}, {"LOWER": "bien"}], "token"),
    ([{"LOWER": "vous", "POS": "PRON"}], "token"),  # two attributes on one token
    ([{"lower": "vous"}], "token"),  # spaCy's lower-case spelling: spaCy reads it
    ([{"LIKE_NUM": False}], "token"),
    ([{"LOWER": {IN: ["a", 1]}}], "token"),
    ([{"LOWER": "x", "OP": "?"}], "token"),  # only optional words: no phrase
    ([], "token"),
    ("mot à mot", "token"),  # a phrase string: spaCy's PhraseMatcher
]


@pytest.mark.parametrize(("pattern", "kind"), KINDS)
def test_which_patterns_become_phrases(pattern, kind):
    assert ("phrase" if phrase_steps(pattern) is not None else "token") == kind
    compiled = compile_rules([("key", [{"label": "L", "pattern": pattern, "id": "r"}])])
    assert compiled.kinds == ((Rule("key", "L", "r"), kind),)
    assert len(compiled.token_patterns) == (kind == "token")


@pytest.mark.parametrize(
    ("pattern", "phrases"),
    [
        ([{"LOWER": "ensemble"}], 1),
        ([{"LOWER": {IN: ["notre", "nos"]}}, {"LOWER": {IN: ["but", "buts", "plan"]}}], 6),
        ([{"LOWER": "on"}, {"LOWER": {IN: ["ne", "n'"]}, "OP": "?"}, {"LEMMA": "aller"}], 3),
        ([{"LOWER": "on"}, {"OP": "?"}, {"OP": "?"}, {"LEMMA": "aller"}], 4),
    ],
)
def test_a_phrase_counts_the_sequences_it_spells(pattern, phrases):
    assert phrase_count(phrase_steps(pattern)) == phrases


def test_a_pattern_that_spells_too_many_phrases_stays_a_token_pattern():
    pattern = [{"LOWER": {IN: [f"a{i}" for i in range(30)]}}, {"LOWER": {IN: [f"b{i}" for i in range(30)]}}]
    entry = [{"label": "L", "pattern": pattern, "id": "big"}]
    assert compile_rules([("key", entry)], max_phrases=900).kinds[0][1] == "phrase"
    assert compile_rules([("key", entry)], max_phrases=899).kinds[0][1] == "token"


@pytest.mark.parametrize(
    ("pattern", "anchors"),
    [
        ([{"LOWER": {IN: ["que", "qu'"]}}, {"LOWER": "en", "OP": "?"}, {"POS": "VERB"}], (("lower", {"que", "qu'"}),)),
        ([{"LOWER": "comment"}, {"LOWER": "vous", "OP": "*"}, {"LOWER": {"REGEX": "^appel"}}], (("lower", {"comment"}),)),
        ([{"LOWER": {IN: ["vous", "tu"]}}, {"LEMMA": "devoir", "POS": "AUX"}, {"OP": "+", "LOWER": "x"}], (("lower", {"vous", "tu"}), ("lemma", {"devoir"}), ("lower", {"x"}))),
        ([{"POS": "NOUN"}, {"LOWER": "ou"}], (("lower", {"ou"}),)),
        ([{"MORPH": {"IS_SUPERSET": ["VerbForm=Inf"]}}], ()),  # no word it cannot do without: run on every Doc
        ("mot à mot", ()),
    ],
)
def test_a_token_pattern_runs_only_where_its_anchor_words_are(pattern, anchors):
    assert pattern_anchors(pattern) == tuple((slot, frozenset(keys)) for slot, keys in anchors)


def _words(text: str) -> tuple[list[str], list[str], list[bool]]:
    """Plain tokens for the trie: `form/lemma`, the lemma the form itself when not given; digits are numbers."""
    pairs = [token.partition("/")[::2] for token in text.split()]
    return [form.lower() for form, _ in pairs], [lemma or form for form, lemma in pairs], [form.isdigit() for form, _ in pairs]


TRIE = [
    {"label": "GOAL", "pattern": [{"LOWER": {IN: ["notre", "nos"]}}, {"LOWER": {IN: ["but", "plan"]}}], "id": "notre_but"},
    {"label": "GOAL", "pattern": [{"LOWER": "notre"}, {"LOWER": "plan"}, {"LOWER": "commun"}], "id": "plan_commun"},
    {"label": "JOINT", "pattern": [{"LOWER": "on"}, {"LOWER": {IN: ["ne", "n'"]}, "OP": "?"}, {"LEMMA": "aller"}, {"OP": "?"}, {"LEMMA": "voir"}], "id": "on_va_voir"},
    {"label": "DOSE", "pattern": [{"LIKE_NUM": True}, {"LOWER": {IN: ["verres", "verre"]}}], "id": "dose"},
    {"label": "DOSE", "pattern": [{"LOWER": "deux"}, {"LOWER": "verres", "OP": "?"}], "id": "dose"},
]


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("notre but", [("notre_but", 0, 2)]),
        ("Nos PLAN", [("notre_but", 0, 2)]),  # forms in lower case
        ("notre plan commun", [("notre_but", 0, 2), ("plan_commun", 0, 3)]),  # overlapping: every match
        ("nos plan commun", [("notre_but", 0, 2)]),  # the set shares its branch until plan_commun needs notre apart
        ("on va/aller voir/voir", [("on_va_voir", 0, 3)]),
        ("on va/aller bien voir/voir", [("on_va_voir", 0, 4)]),  # any one word, optional
        ("on n' ira/aller voir/voir", [("on_va_voir", 0, 4)]),
        ("on ira/aller", []),
        ("on va voir", []),  # the lemma, not the form
        ("3 verres", [("dose", 0, 2)]),
        ("deux verres", [("dose", 0, 1), ("dose", 0, 2)]),  # with and without the optional word
        ("trois verre", []),
        ("", []),
    ],
)
def test_the_trie_finds_every_match(text, matches):
    compiled = compile_rules([("key", TRIE)])
    found = find_phrases(compiled.trie, *_words(text))
    assert sorted((rule.id, start, end) for rule, start, end in found) == sorted(matches)


def test_one_trie_serves_every_family():
    families = [("a", [TRIE[0]]), ("b", [{**TRIE[0], "label": "OTHER"}])]
    found = find_phrases(compile_rules(families).trie, *_words("notre but"))
    assert sorted((rule.family, rule.label) for rule, _, _ in found) == [("a", "GOAL"), ("b", "OTHER")]


def test_the_data_files_compile_to_phrases_but_for_a_few_token_patterns():
    compiled = compile_rules(rule_families())
    kinds = [kind for _, kind in compiled.kinds]
    assert kinds.count("token") <= 10, [rule.id for rule, kind in compiled.kinds if kind == "token"]
    assert compiled.node_count() < 20 * len(kinds)  # word sets share their branches


# --- the same spans as spaCy's span_ruler ------------------------------------------------------------------------


def span_rulers(nlp, families) -> list[SpanRuler]:
    """spaCy's span_ruler for each family, as rapport's pipeline had them: the reference the RuleMatcher must equal."""
    rulers = []
    for key, patterns in families:
        ruler = SpanRuler(nlp, key, spans_key=key, overwrite=True, validate=True)
        ruler.add_patterns(list(patterns))
        rulers.append(ruler)
    return rulers


def assert_same_spans(docs, nlp, families) -> int:
    """Run the span_rulers and the RuleMatcher on each Doc and compare every key's spans, in order; the spans compared."""
    rulers, matcher = span_rulers(nlp, families), RuleMatcher(nlp, families)
    compared = 0
    for doc in docs:
        for ruler in rulers:
            ruler(doc)
        expected = {key: [(s.start, s.end, s.label_, s.id_) for s in doc.spans[key]] for key, _ in families}
        for key, _ in families:
            del doc.spans[key]
        matcher(doc)
        found = {key: [(s.start, s.end, s.label_, s.id_) for s in doc.spans[key]] for key, _ in families}
        assert found == expected, doc.text
        compared += sum(map(len, expected.values()))
    return compared


_POS = ["NOUN", "VERB", "AUX", "ADJ", "ADV", "PRON", "DET", "ADP", "NUM", "PUNCT", "CCONJ"]
_MORPHS = ["", "VerbForm=Inf", "Mood=Ind|VerbForm=Fin", "PronType=Prs"]


def _pattern_words(families) -> tuple[list[str], list[str]]:
    forms, lemmas = set(), set()
    for _, patterns in families:
        for entry in patterns:
            for token in entry["pattern"] if isinstance(entry["pattern"], list) else []:
                for attr, into in (("LOWER", forms), ("LEMMA", lemmas)):
                    value = token.get(attr)
                    into.update(value[IN] if isinstance(value, dict) and IN in value else [value] if isinstance(value, str) else [])
    return sorted(forms), sorted(lemmas)


def _near_miss(rng: random.Random, pattern: list, forms: list[str], lemmas: list[str]) -> list[tuple[str, str]]:
    """A token sequence built along a pattern (words of its sets, optional words kept or not), with slips and noise."""
    tokens = []
    for token in pattern:
        if token.get("OP") in ("?", "*") and rng.random() < 0.4:
            continue
        for _ in range(2 if token.get("OP") in ("*", "+") and rng.random() < 0.3 else 1):
            form, lemma = rng.choice(forms), rng.choice(lemmas)
            for attr in ("LOWER", "LEMMA"):
                value = token.get(attr)
                if isinstance(value, dict) and IN in value:
                    value = rng.choice(value[IN])
                if isinstance(value, str) and rng.random() < 0.93:
                    form, lemma = (value, lemma) if attr == "LOWER" else (form, value)
            if token.get("LIKE_NUM"):
                form = rng.choice(["3", "12", "trois"])
            tokens.append((form.upper() if rng.random() < 0.1 else form, lemma))
    noise = [(rng.choice(forms), rng.choice(lemmas)) for _ in range(rng.randint(0, 3))]
    cut = rng.randint(0, len(noise))
    return noise[:cut] + tokens + noise[cut:]


def test_the_rule_matcher_gives_the_span_rulers_spans_on_hand_built_docs():
    """No model: Docs built along each pattern of the data files, near misses included, with random tags and morphology."""
    nlp = spacy.blank("fr")
    families = rule_families()
    forms, lemmas = _pattern_words(families)
    rng = random.Random(19)
    patterns = [entry["pattern"] for _, entries in families for entry in entries if isinstance(entry["pattern"], list)]
    docs = []
    for _ in range(1500):
        tokens = _near_miss(rng, rng.choice(patterns), forms, lemmas)
        if rng.random() < 0.3:
            tokens += _near_miss(rng, rng.choice(patterns), forms, lemmas)
        docs.append(
            Doc(
                nlp.vocab,
                words=[form for form, _ in tokens],
                lemmas=[lemma for _, lemma in tokens],
                pos=[rng.choice(_POS) for _ in tokens],
                morphs=[rng.choice(_MORPHS) for _ in tokens],
            )
        )
    assert assert_same_spans(docs, nlp, families) > 1500


def test_string_patterns_and_empty_docs_match_as_in_the_span_ruler():
    nlp = spacy.blank("fr")
    families = [("key", [{"label": "L", "pattern": "tout à fait", "id": "phrase"}, {"label": "L", "pattern": [{"LOWER": "fait"}], "id": "fait"}])]
    docs = [nlp.make_doc(text) for text in ("C'est tout à fait ça.", "Tout à fait", "")]
    assert assert_same_spans(docs, nlp, families) == 3


def test_a_pattern_spacy_refuses_names_its_family_and_rule():
    nlp = spacy.blank("fr")
    with pytest.raises(DataFileError, match=r"rapport_markers: rule 'bad' \(L\) is not a spaCy pattern"):
        RuleMatcher(nlp, [("rapport_markers", [{"label": "L", "pattern": [{"LOWR": "x"}], "id": "bad"}])])


def _table_strings() -> list[str]:
    """The French strings of the coding tables (tests/coding/, tests/coding_tables.py), docstrings left out."""
    found: set[str] = set()
    for path in [*sorted((REPO / "tests" / "coding").glob("*.py")), REPO / "tests" / "coding_tables.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        found |= {
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings and len(node.value.split()) > 1
        }
    return sorted(found)


def _session_texts() -> list[str]:
    """Every utterance of the samples and of the test data's transcripts that read."""
    texts = []
    for path in [*sorted(SAMPLES.glob("*.txt")), *sorted(p for p in TEST_DATA.rglob("*") if p.suffix in (".txt", ".csv", ".tsv", ".srt", ".vtt", ".trs", ".eaf"))]:
        try:
            transcript = load_session(path)
        except InputError:
            continue  # the malformed files: no utterance to match
        if transcript is not None:
            texts += [u.analysis_text for u in transcript.utterances]
    return texts


@pytest.mark.model
def test_the_rule_matcher_gives_the_span_rulers_spans_on_french_utterances(nlp):
    """The samples, the test data and the coding tables, parsed: every key, every span (label, id, start, end), in order."""
    texts = list(dict.fromkeys(_session_texts() + _table_strings()))
    assert len(texts) > 1000
    with nlp.select_pipes(enable=[name for name in nlp.pipe_names if not name.startswith("rapport_")]):
        docs = list(nlp.pipe(texts))
    assert assert_same_spans(docs, nlp, rule_families()) > 2000


@pytest.mark.model
def test_the_pipeline_fills_every_family_key(nlp):
    doc = nlp("On va travailler ensemble sur vos objectifs, qu'en pensez-vous ?")
    assert {key for key, _, _ in RULE_FAMILIES} <= set(doc.spans)
    assert [s.id_ for s in doc.spans["rapport_markers"]]


def test_the_rules_need_a_parsing_pipeline():
    from analyser.nlp.components import add_rapport_components

    with pytest.raises(ValueError, match="rapport needs a pipeline with morphologizer, parser, lemmatizer"):
        add_rapport_components(spacy.blank("fr"))


def test_the_question_coder_needs_the_rules_first():
    from analyser.nlp.components import QUESTION_CODER, register_factories

    register_factories()
    with pytest.raises(ValueError, match="reads the question cues of rapport_rules"):
        spacy.blank("fr").add_pipe(QUESTION_CODER)
