"""Segments and clauses of a parsed utterance: what the question and reflection coders read."""

from __future__ import annotations

import random

import pytest
import spacy
from spacy.tokens import Doc

from analyser.nlp.segments import TokenTable, clauses, ends_with_question_mark, segments, skip_fillers
from analyser.resources import phrase_list, phrase_words

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


def _skip_fillers_by_spans(doc, start, end):
    """skip_fillers as it was first written, each run of tokens read through a Span: the reference of the fast one."""
    fillers = phrase_list("discourse_fillers.txt")
    index = start
    while index < end:
        if doc[index].is_punct or doc[index].is_space:
            index += 1
            continue
        size = next((n for n in range(3, 0, -1) if index + n <= end and phrase_words(doc[index : index + n].text) in fillers), 0)
        if not size:
            return index
        index += size
    return index


# Fillers, words, and pieces that make a filler only glued together without a space (« d » « 'accord », « ou » « ais »).
_PIECES = ["euh", "bon", "alors", "et", "puis", "mm-hmm", "d'accord", "en", "fait", "du", "coup", "tu", "vois", "comment", "vous",
           "aujourd", "'hui", "-ben", "-t", ",", "...", "?", "'", "ah", "bah", "oui", "quoi", "d", "'accord", "ou", "ais", "mm", "-hmm"]


def test_skip_fillers_reads_runs_of_tokens_as_their_text_does():
    vocab = spacy.blank("fr").vocab
    rng = random.Random(7)
    for _ in range(2000):
        words = [rng.choice(_PIECES) for _ in range(rng.randint(1, 7))]
        doc = Doc(vocab, words=words, spaces=[rng.random() < 0.6 for _ in words])
        for start in range(len(doc)):
            for end in (len(doc), min(len(doc), start + 2)):
                assert skip_fillers(doc, start, end) == _skip_fillers_by_spans(doc, start, end), (doc.text, start, end)


@pytest.mark.parametrize("text", [*UTTERANCES, "A-t-il ÉCRIT à Ève ?\n\nŒuvre, euh… ÇA VA", "Avez-vous  dormi ?\t Oui."])
def test_token_table_holds_what_the_tokens_hold(nlp, text):
    # The rules read a token's lower case and whether it is a space from its text, as spaCy's LOWER and IS_SPACE do.
    doc = nlp(text)
    table = TokenTable.of(doc)
    assert table.text == [t.text for t in doc]
    assert table.punct == [t.is_punct for t in doc]
    assert table.alpha == [t.is_alpha for t in doc]
    assert [word.lower() for word in table.text] == [t.lower_ for t in doc]
    assert [word.isspace() for word in table.text] == [t.is_space for t in doc]
