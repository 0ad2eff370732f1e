"""Evidence in plain words (render/evidence.py, models/evidence_phrases.tsv): every code the coding can emit has a phrase."""

from __future__ import annotations

import re
from string import Formatter

import pytest

from analyser import labels as L
from analyser.coding.reflections import DEPTH_CUE_LABELS
from analyser.domain import Marker
from analyser.render.evidence import REFLECTION_CUES, cue_labels, cue_words, describe, evidence_of, why
from analyser.render.report_text import ReportText
from analyser.resources import REPORT_LANGUAGES, evidence_phrases, phrase_cue_patterns, report_labels

from ..conftest import SAMPLES

FR = ReportText.for_lang("fr")
# Every label a marker can carry: the codes, and the alliance markers with the client's emotion.
EMITTED_LABELS = tuple(dict.fromkeys((*L.MARKER_LABELS, *L.ALLIANCE_LABELS, L.CLIENT_EMOTION)))


def _cue_ids(name: str, labels: tuple[str, ...], label: str) -> list[str]:
    """The ids of `label`'s cues in a phrase-cue file: the data the coding writes into its rules."""
    return sorted({pattern["id"] for pattern in phrase_cue_patterns(name, labels) if pattern["label"] == label})


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


# --- every rule the coding can emit has a phrase, in both languages ----------------------------------------


@pytest.mark.parametrize("lang", REPORT_LANGUAGES)
def test_every_label_the_coding_emits_has_a_phrase(lang):
    phrases = evidence_phrases(lang)
    assert [label for label in EMITTED_LABELS if label not in phrases] == []


def test_both_languages_have_the_same_keys_and_fields():
    french, english = evidence_phrases("fr"), evidence_phrases("en")
    assert set(french) == set(english)
    assert {key: _fields(text) for key, text in french.items()} == {key: _fields(text) for key, text in english.items()}


@pytest.mark.parametrize("family", L.TALK_FAMILY_CUE_LABELS)
def test_every_client_talk_family_has_a_phrase(family):
    rule = f"{family.lower()}:{family.lower()}:arrêter"
    found = evidence_of(Marker(L.CHANGE_TALK, "je peux arrêter", 0, 15, rule))
    assert found.known and found.key in evidence_phrases("fr"), family


def test_every_family_a_scaling_ruler_rates_is_a_talk_family_with_a_phrase():
    # The ruler's rule names the family it rates: RULER_TOPIC's ids in the data, "desire" when it names none.
    topics = _cue_ids("client_talk_cues.tsv", L.CLIENT_TALK_CUE_LABELS, L.RULER_TOPIC)
    assert topics
    for topic in [*topics, "desire"]:
        found = evidence_of(Marker(L.CHANGE_TALK, "8", 0, 1, f"{topic}:ruler:8"))
        assert found.known and found.key in evidence_phrases("fr"), topic
        assert ("talk.ruler", {"rating": "8"}) in found.also


@pytest.mark.parametrize("cue", sorted(cue for cue, label in cue_labels(REFLECTION_CUES).items() if label in DEPTH_CUE_LABELS))
def test_every_cue_that_makes_a_reflection_complex_has_a_phrase(cue):
    found = evidence_of(Marker(L.REFLECTION_COMPLEX, "x", 0, 1, f"score 2.50 ≥ 1.75: similarity:0.60, complex:{cue}"))
    assert found.known and found.key in evidence_phrases("fr"), cue


@pytest.mark.parametrize("cue", sorted(cue for cue, label in cue_labels(REFLECTION_CUES).items() if label == L.CONTINUATION))
def test_continuing_the_client_s_sentence_has_a_phrase(cue):
    found = evidence_of(Marker(L.REFLECTION_COMPLEX, "parce que", 0, 9, f"score 2.50 ≥ 1.75: similarity:0.60, complex:continues_client:{cue}"))
    assert found.known and found.key in evidence_phrases("fr")


@pytest.mark.parametrize("topic", _cue_ids("alliance_cues.tsv", L.ALLIANCE_CUE_LABELS, L.FRAME))
@pytest.mark.parametrize("lang", REPORT_LANGUAGES)
def test_every_frame_topic_is_said_in_words(topic, lang):
    line = why(Marker(L.FRAME, "la séance dure", 0, 14, f"frame:{topic}"), ReportText.for_lang(lang))
    assert report_labels(lang)[f"frame_{topic}"] in line


# --- what a reader gets: a French table of rules -----------------------------------------------------------


def mark(label: str, text: str, rule: str) -> Marker:
    return Marker(label, text, 0, len(text), rule)


@pytest.mark.parametrize(
    ("marker", "line"),
    [
        (mark(L.QUESTION_OPEN, "Et alors, comment ça se passe ?", "wh:comment"), "Question ouverte — un mot interrogatif qui ouvre la réponse (« comment »)"),
        (mark(L.QUESTION_OPEN, "Qu’est-ce qui vous amène ?", "wh:qu_est_ce_que"), "Question ouverte — un mot interrogatif qui ouvre la réponse (« Qu’est-ce qui »)"),
        (mark(L.QUESTION_CLOSED, "Vous buvez combien de verres ?", "wh:combien"), "Question fermée — demande un fait précis (« combien »)"),
        (mark(L.QUESTION_CLOSED, "Est-ce que vous avez pu le faire ?", "yes_no:est_ce_que"), "Question fermée — appelle un oui ou un non (« Est-ce que »)"),
        (mark(L.QUESTION_CLOSED, "Vous dormez mal ?", "intonation"), "Question fermée — une affirmation avec un point d'interrogation"),
        (mark(L.QUESTION_CLOSED, "C'était dur, n'est-ce pas ?", "tag:tag_n_est_ce_pas"), "Question fermée — finit en demandant de confirmer (« n'est-ce pas »)"),
        (mark(L.QUESTION_OPEN, "Parlez-moi de votre semaine.", "invitation:parlez_moi"), "Question ouverte — invite le client à en parler (« Parlez-moi »)"),
        (
            mark(L.REFLECTION_COMPLEX, "Vous avez l'air agacé.", "score 2.82 ≥ 1.75: similarity:0.33, second_person, names_feeling:agacé, complex:new_feeling:agacé"),
            "Reflet complexe — nomme un sentiment que le client n'a pas dit (« agacé »)",
        ),
        (
            mark(L.REFLECTION_COMPLEX, "Vous vous sentez jugé, comme si je doutais de vous.", "score 3.77 ≥ 1.75: similarity:0.27, opener:vous_vous_sentez, complex:comme_si"),
            "Reflet complexe — passe par une image ou une comparaison (« comme si ») ; introduit par « Vous vous sentez »",
        ),
        (
            mark(L.REFLECTION_SIMPLE, "Vous n'avez pas eu le temps.", "score 3.01 ≥ 1.75: similarity:0.60, overlap:1.00, simple:repeats"),
            "Reflet simple — redit surtout les mots du client",
        ),
        (mark(L.REFLECTION_SIMPLE, "-et vous prenez le bus.", "continues the reflection of line 12"), "Reflet simple — continue le reflet de son énoncé précédent"),
        (mark(L.INPUT_ADVICE, "vous devriez", "advice:must"), "Conseil — dit au client ce qu'il pourrait ou devrait faire (« vous devriez »)"),
        (mark(L.CHANGE_TALK, "je peux arrêter", "ability:ability:arrêter"), "Discours-changement — capacité (« je peux arrêter »)"),
        (
            mark(L.SUSTAIN_TALK, "je vais pas arrêter", "commitment:commitment:arrêter, negated"),
            "Discours-maintien — engagement (« je vais pas arrêter ») ; une négation inverse le sens",
        ),
        (mark(L.CHANGE_TALK, "Huit.", "ability:ruler:huit"), "Discours-changement — capacité (« Huit. ») ; note huit sur l'échelle que le thérapeute vient de proposer"),
        (mark(L.REPAIR, "Vous avez raison.", "repair:answers_strain:empathy_reaction"), "Réparation — répond à la tension que le client vient de montrer (« Vous avez raison. »)"),
        (mark(L.RUPTURE_WITHDRAWAL, "Bof.", "withdrawal:minimal_answer_to_invitation"), "Rupture : retrait — répond en quelques mots à une invitation à en parler (« Bof. »)"),
        (mark(L.CLIENT_EMOTION, "peur", "emotion:peur"), "Émotion exprimée — dit un sentiment qui est le sien (« peur »)"),
        (mark(L.FRAME, "Ce qu'on se dit reste entre nous", "frame:confidentiality"), "Cadre — explicite le cadre : confidentialité (« Ce qu'on se dit reste entre nous »)"),
        # A rule this module cannot read: the label's phrase, never the raw rule.
        (mark(L.QUESTION_OPEN, "Alors ?", "nouvelle_règle:x"), "Question ouverte — invite une réponse libre (« Alors ? »)"),
        (mark(L.REFLECTION_COMPLEX, "Vous voyez.", "un indice inconnu"), "Reflet complexe — redit ce que le client vient de dire en y ajoutant du sens"),
    ],
)
def test_a_code_says_what_it_rests_on_in_plain_french(marker, line):
    assert describe(marker, FR) == line


def test_a_long_quote_is_cut_and_on_one_line():
    text = "j'ai vraiment envie\nd'arrêter de boire le soir avant de dormir parce que"
    line = describe(mark(L.CHANGE_TALK, text, "desire:desire:arrêter"), FR)
    assert line == "Discours-changement — désir (« j'ai vraiment envie d'arrêter de boire le soir… »)"


@pytest.mark.parametrize(
    ("text", "cue", "words"),
    [
        ("Qu'est-ce que vous en pensez ?", "qu_est_ce_que", "Qu'est-ce que"),
        ("Qu’est-ce qu’il s’est passé ?", "qu_est_ce_que", "Qu’est-ce qu’"),
        ("Et vous buvez combien ?", "combien", "combien"),
        ("Vous êtes d'accord ?", "comment", None),  # the cue is not in the words: nothing to quote
    ],
)
def test_cue_words_are_the_words_as_said(text, cue, words):
    assert cue_words(text, "question_cues.jsonl", cue) == words


# --- on real coding: nothing falls back, and no internal rule reaches the reader -----------------------------


@pytest.mark.model
@pytest.mark.parametrize(
    ("turns", "key"),
    [
        (("J'ai eu une semaine difficile.", "Comment ça s'est passé avec votre fille ?"), "question.wh_open"),
        (("Je bois le soir.", "Combien de verres par soir ?"), "question.wh_closed"),
        (("Je sais pas trop.", "Parlez-moi de vos soirées."), "question.invitation"),
        (("Ça va.", "Est-ce que vous avez dormi ?"), "question.yes_no"),
        (("Ça va.", "Avez-vous dormi cette nuit ?"), "question.inversion"),
        (("Je suis fatiguée.", "Vous avez mal dormi, c'est ça ?"), "question.tag"),
    ],
)
def test_french_questions_get_the_phrase_of_their_family(code_exchange, turns, key):
    coded = code_exchange(*turns)
    keys = [evidence_of(marker).key for marker in coded.markers if marker.label in (L.QUESTION_OPEN, L.QUESTION_CLOSED)]
    assert key in keys, [marker.rule for marker in coded.markers]


@pytest.mark.model
def test_every_marker_of_the_samples_is_read_into_words(nlp):
    from analyser.pipeline import analyse_transcript, load_session

    seen = 0
    for path in sorted(SAMPLES.glob("*.txt")):
        for coded in analyse_transcript(load_session(path), nlp).utterances:
            for marker in coded.markers:
                found = evidence_of(marker)
                assert found.known, (path.name, marker.label, marker.rule)
                for lang in REPORT_LANGUAGES:
                    line = describe(marker, ReportText.for_lang(lang))
                    if re.search(r"[_:]|score", marker.rule):  # an internal rule, not a word of the transcript
                        assert marker.rule not in line, line
                    assert "{" not in line and "}" not in line, line
                seen += 1
    assert seen > 100
