"""Segments and clauses of a parsed utterance: what the question and reflection coders read."""

from __future__ import annotations

import pytest

from analyser.nlp.segments import clauses, ends_with_question_mark, segments

pytestmark = pytest.mark.model

UTTERANCES = [
    "Bonjour. Comment allez-vous ?",
    "vous dormez mal depuis des mois et vous êtes fatiguée",  # no punctuation: the parser's sentences
    "Et alors... vous avez fait quoi ?! Mm-hmm",
    "Oui. ... ?",  # segments without a word join the one before
    "… d'accord",
    "?",
    "Vous vous sentez seule ?  ",  # trailing spaces
    "Merci de me le dire, vous vous sentez trahie.",
    "",
]


@pytest.mark.parametrize("text", UTTERANCES)
def test_segments_cover_the_utterance_in_order(nlp, text):
    doc = nlp(text)
    cuts = [0]
    for segment in segments(doc):
        assert segment.start == cuts[-1]
        cuts.append(segment.end)
    assert cuts[-1] == len(doc)


@pytest.mark.parametrize("text", UTTERANCES)
def test_the_last_segment_asks_when_the_utterance_ends_with_a_question_mark(nlp, text):
    # A client's turn is read as a question from its end alone (reflections.ClientTurn).
    doc = nlp(text)
    found = segments(doc)
    assert ends_with_question_mark(doc[:]) is (bool(found) and ends_with_question_mark(found[-1]))


def test_segment_and_clause_marks_are_punctuation(nlp):
    # segments() and clauses() read a token's text only when spaCy flags it as punctuation.
    marks = [".", "?", "!", "…", "...", "?!", "..", ",", ":", ";", "-", "–", "—", "(", "«", '"']
    assert [mark for mark in marks if not nlp.vocab[mark].is_punct] == []


def test_clauses_cut_after_each_mark(nlp):
    doc = nlp("Merci de me le dire, vous vous sentez trahie.")
    assert [clause.text for clause in clauses(doc[:])] == ["Merci de me le dire,", "vous vous sentez trahie."]
