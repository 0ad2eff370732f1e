"""The data under models/: every pattern file loads into spaCy, every label is a known constant."""

from __future__ import annotations

import json

import pytest
import spacy

from analyser import labels as L
from analyser.errors import DataFileError
from analyser.nlp.components import RULE_FAMILIES
from analyser.phrases import leading_phrases, made_of, phrase_words
from analyser.profile.bands import bands
from analyser.resources import (
    models_dir,
    phrase_cue_patterns,
    phrase_list,
    reflection_weights,
    ruler_patterns,
    span_patterns,
    target_table,
    time_units,
    word_class,
    word_classes,
    word_list,
)


@pytest.mark.parametrize(("key", "patterns_file", "allowed"), RULE_FAMILIES)
def test_patterns_load_into_a_validating_span_ruler(key, patterns_file, allowed):
    patterns = ruler_patterns(patterns_file, allowed)
    assert patterns
    ruler = spacy.blank("fr").add_pipe("span_ruler", config={"spans_key": key, "validate": True})
    ruler.add_patterns(list(patterns))
    assert {p["label"] for p in patterns} <= set(allowed)
    assert all(p.get("id") for p in patterns), "every pattern names its rule"


def test_an_unknown_label_is_refused_with_the_line(tmp_path, monkeypatch):
    bad = tmp_path / "models"
    bad.mkdir()
    (bad / "broken.jsonl").write_text('{"label": "SHARED_GOAL", "pattern": [{"LOWER": "ensemble"}], "id": "x"}\n{"label": "NOPE", "pattern": []}\n', encoding="utf-8")
    monkeypatch.setattr("analyser.resources.models_dir", lambda: bad)
    with pytest.raises(DataFileError, match="line 2: unknown label 'NOPE'"):
        span_patterns("broken.jsonl", L.LEXICAL_MARKER_LABELS)


@pytest.mark.parametrize(
    "name",
    [
        "backchannels.txt",
        "discourse_fillers.txt",
        "feeling_words.txt",
        "imperative_reflexives.txt",
        "indirect_question_verbs.txt",
        "subject_clitics.txt",
        "clarification_requests.txt",
        "social_formulas.txt",
        "inclusive_endings.txt",
    ],
)
def test_word_lists_are_lower_case_and_unique(name):
    entries = word_list(name)
    assert entries and len(entries) == len(set(entries))
    assert all(entry == entry.lower() for entry in entries)


@pytest.mark.parametrize("name", ["word_classes.tsv", "redaction_words.tsv"])
def test_word_classes_are_lower_case_and_unique_within_a_class(name):
    classes = word_classes(name)
    assert classes
    for kind, entries in classes.items():
        assert len(entries) == len(set(entries)), kind
        assert all(entry == entry.lower() for entry in entries), kind


def test_word_classes_keep_the_file_order_and_name_the_file_in_errors(tmp_path, monkeypatch):
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "classes.tsv").write_text("# negations\nnegation\tpas\nnegation\tjamais\nother\tpas\n", encoding="utf-8")
    (folder / "broken_classes.tsv").write_text("negation\tpas\nnegation pas\n", encoding="utf-8")
    monkeypatch.setattr("analyser.resources.models_dir", lambda: folder)
    assert word_classes("classes.tsv") == {"negation": ("pas", "jamais"), "other": ("pas",)}
    assert word_class("classes.tsv", "negation") == {"pas", "jamais"}
    with pytest.raises(DataFileError, match=r"classes.tsv: no entry of class 'nothing'"):
        word_class("classes.tsv", "nothing")
    with pytest.raises(DataFileError, match=r"broken_classes.tsv: line 2: expected class<TAB>entry"):
        word_classes("broken_classes.tsv")


def test_time_units_convert_to_seconds():
    units = time_units()
    assert units["s"] == units["secondes"] == 1
    assert units["ms"] == units["millisecondes"] == 0.001


def test_bands_are_ordered_and_cover_the_profile_metrics():
    table = bands()
    assert set(table) == {
        "open_question_share",
        "complex_reflection_share",
        "reflection_to_question",
        "shared_goal_per_1000_words",
        "collaboration_per_1000_words",
        "mi_adherent_share",
    }
    for band in table.values():
        assert band.fair < band.good and band.source
        assert (band.of(None), band.of(band.fair - 0.01), band.of(band.fair), band.of(band.good)) == (None, "low", "fair", "good")


def test_miti_thresholds_as_published():
    table = bands()
    assert (table["open_question_share"].fair, table["open_question_share"].good) == (0.5, 0.7)
    assert (table["complex_reflection_share"].fair, table["complex_reflection_share"].good) == (0.4, 0.5)
    assert (table["reflection_to_question"].fair, table["reflection_to_question"].good) == (1.0, 2.0)


def test_every_pattern_line_is_json_object():
    for path in models_dir().glob("*.jsonl"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            assert isinstance(json.loads(line), dict), f"{path.name}: line {number}"


def test_every_data_file_is_described_in_the_models_readme():
    readme = (models_dir() / "README.md").read_text(encoding="utf-8")
    files = sorted(path.name for path in models_dir().iterdir() if path.is_file() and path.name != "README.md")
    assert [name for name in files if f"`{name}`" not in readme] == []


@pytest.mark.parametrize(
    ("text", "made", "run"),
    [
        ("Au revoir, et bonne semaine !", True, ["au revoir", "et", "bonne semaine"]),
        ("Merci beaucoup.", True, ["merci beaucoup"]),
        ("Merci pour votre confiance aujourd'hui.", False, ["merci"]),
        ("Je vous en prie, madame.", True, ["je vous en prie", "madame"]),
        ("Vous vous sentez seule.", False, []),
        ("", True, []),
    ],
)
def test_social_formulas_as_phrases(text, made, run):
    phrases = phrase_list("social_formulas.txt", "discourse_fillers.txt")
    assert made_of(text, phrases) is made
    assert [" ".join(phrase) for phrase in leading_phrases(phrase_words(text), phrases)] == run


# The phrase-cue grammar of models/*_cues.tsv, word by word.
PHRASE_CUES = [
    ("on sait que", [[{"LOWER": {"IN": ["on"]}}, {"LOWER": {"IN": ["sait"]}}, {"LOWER": {"IN": ["que"]}}]]),
    ("vous|tu devriez", [[{"LOWER": {"IN": ["vous", "tu"]}}, {"LOWER": {"IN": ["devriez"]}}]]),
    ("~devoir absolument", [[{"LEMMA": {"IN": ["devoir"]}}, {"LOWER": {"IN": ["absolument"]}}]]),
    ("vous|~se rendre", [[{"LOWER": {"IN": ["vous"]}}, {"LOWER": {"IN": ["rendre"]}}], [{"LEMMA": {"IN": ["se"]}}, {"LOWER": {"IN": ["rendre"]}}]]),
    ("#num verres", [[{"LIKE_NUM": True}, {"LOWER": {"IN": ["verres"]}}]]),
    ("soit _ soit", [[{"LOWER": {"IN": ["soit"]}}, {}, {"LOWER": {"IN": ["soit"]}}]]),
    ("très? grave", [[{"LOWER": {"IN": ["très"]}, "OP": "?"}, {"LOWER": {"IN": ["grave"]}}]]),
    ("d'autres options", [[{"LOWER": "d'"}, {"LOWER": "autres"}, {"LOWER": {"IN": ["options"]}}]]),
    ("prise+de+sang|bilan", [[{"LOWER": "prise"}, {"LOWER": "de"}, {"LOWER": "sang"}], [{"LOWER": {"IN": ["bilan"]}}]]),
]


@pytest.mark.parametrize(("phrase", "patterns"), PHRASE_CUES)
def test_phrase_cues_compile_to_token_patterns(tmp_path, monkeypatch, phrase, patterns):
    (tmp_path / "cues.tsv").write_text(f"# a comment\nGIVING_INFORMATION\trule\t{phrase}\n", encoding="utf-8")
    monkeypatch.setattr("analyser.resources.models_dir", lambda: tmp_path)
    compiled = phrase_cue_patterns.__wrapped__("cues.tsv", L.INPUT_CUE_LABELS)
    assert [p["pattern"] for p in compiled] == patterns
    assert {(p["label"], p["id"]) for p in compiled} == {("GIVING_INFORMATION", "rule")}


@pytest.mark.parametrize(
    ("line", "message"),
    [("GIVING_INFORMATION\tonly two fields", "expected label, id and phrase"), ("NOPE\trule\ton sait", "unknown label 'NOPE'")],
)
def test_a_malformed_phrase_cue_is_refused_with_its_line(tmp_path, monkeypatch, line, message):
    (tmp_path / "cues.tsv").write_text(f"# a comment\n{line}\n", encoding="utf-8")
    monkeypatch.setattr("analyser.resources.models_dir", lambda: tmp_path)
    with pytest.raises(DataFileError, match=f"line 2: {message}"):
        phrase_cue_patterns.__wrapped__("cues.tsv", L.INPUT_CUE_LABELS)


def test_reflection_weights_are_numbers_with_negative_evidence_against():
    weights = reflection_weights()
    assert weights["threshold"] > 0 and weights["similarity"] > 0 and weights["opener"] > 0
    assert all(weights[name] < 0 for name in ("information", "advice", "first_person", "answer", "too_short"))


def test_every_target_behaviour_has_a_direction_and_words():
    table = target_table()
    assert {"alcool", "tabac", "médicament"} <= set(table)
    assert all(direction in ("reduce", "adopt") and words for direction, words in table.values())
    assert table["médicament"][0] == "adopt" and table["alcool"][0] == "reduce"
