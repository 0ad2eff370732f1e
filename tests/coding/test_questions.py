"""French question typology (MITI 3.1 / MISC): which therapist utterances ask, and whether openly."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

OPEN, CLOSED = "open", "closed"

QUESTIONS = [
    # Open: wh-words that invite elaboration.
    ("Comment vous sentez-vous aujourd'hui ?", OPEN),
    ("Comment ça se passe à la maison ?", OPEN),
    ("Pourquoi c'est important pour vous ?", OPEN),
    ("Qu'est-ce qui vous a amené à consulter ?", OPEN),
    ("Qu'est-ce que vous aimeriez changer ?", OPEN),
    ("Que pensez-vous de cette idée ?", OPEN),
    ("Qu'en pensez-vous ?", OPEN),
    ("De quoi avez-vous besoin en ce moment ?", OPEN),
    ("En quoi ça vous aide ?", OPEN),
    ("Dans quelle mesure vous vous sentez prête ?", OPEN),
    ("À quel point c'est important pour vous ?", OPEN),
    ("Quelle est votre impression ?", OPEN),
    ("Quels changements avez-vous remarqués ?", OPEN),
    ("Vous vous sentez comment, là ?", OPEN),
    ("Et vous faites quoi, dans ces moments-là ?", OPEN),
    ("C'est quoi, pour vous, une bonne semaine ?", OPEN),
    ("Euh, alors, comment ça va depuis la dernière fois ?", OPEN),
    ("D'accord. Et qu'est-ce qui s'est passé ensuite ?", OPEN),
    ("Où en êtes-vous avec ce projet ?", OPEN),
    # Open: imperative and indirect invitations, with or without "?".
    ("Parlez-moi de votre semaine.", OPEN),
    ("Racontez-moi comment ça s'est passé.", OPEN),
    ("Dites-m'en plus.", OPEN),
    ("Dites-moi ce qui vous inquiète.", OPEN),
    ("J'aimerais que vous me disiez ce que vous ressentez.", OPEN),
    ("Je me demande ce qui vous retient.", OPEN),
    ("Pouvez-vous me parler de votre travail ?", OPEN),
    ("Est-ce que vous pouvez m'en dire un peu plus ?", OPEN),
    ("Vous pouvez me dire comment ça se passe le soir ?", OPEN),
    ("Ça m'intéresse de savoir ce que vous en pensez.", OPEN),
    ("Est-ce qu'il y a autre chose dont vous voudriez parler ?", OPEN),
    ("Autre chose ?", OPEN),
    # Open, from speech recognition: no punctuation at all.
    ("comment vous sentez-vous aujourd'hui", OPEN),
    ("qu'est-ce que vous pouvez me dire d'autre sur votre consommation", OPEN),
    ("pourquoi vous avez arrêté le sport", OPEN),
    ("parlez-moi un peu de votre famille", OPEN),
    ("et comment ça se passe avec votre fils", OPEN),
    # Closed: est-ce que without a wh-word.
    ("Est-ce que vous dormez bien ?", CLOSED),
    ("Est-ce que vous avez pris vos médicaments ?", CLOSED),
    ("Alors, est-ce que ça vous a aidé ?", CLOSED),
    ("est-ce que vous buvez tous les jours", CLOSED),
    ("Est-ce qu'il vous arrive de boire seul ?", CLOSED),
    # Closed: inversion.
    ("Avez-vous bien dormi cette semaine ?", CLOSED),
    ("Êtes-vous marié ?", CLOSED),
    ("Pensez-vous pouvoir essayer ?", CLOSED),
    ("Y a-t-il quelqu'un qui peut vous aider ?", CLOSED),
    ("Vous souvenez-vous de la date ?", CLOSED),
    ("avez-vous déjà essayé d'arrêter", CLOSED),
    ("Puis-je vous poser une question ?", CLOSED),
    # Closed: intonation.
    ("Vous dormez bien ?", CLOSED),
    ("Vous travaillez toujours à la poste ?", CLOSED),
    ("Et le week-end, vous buvez aussi ?", CLOSED),
    ("Votre mari est au courant ?", CLOSED),
    # Closed: alternatives and tags.
    ("Vous préférez le matin ou le soir ?", CLOSED),
    ("Vous buvez du vin ou de la bière ?", CLOSED),
    ("Vous avez arrêté lundi, c'est ça ?", CLOSED),
    ("Vous y étiez déjà allée, non ?", CLOSED),
    ("Vous prenez le traitement depuis un mois, n'est-ce pas ?", CLOSED),
    ("Ça fait deux semaines, hein ?", CLOSED),
    # Closed: factual wh.
    ("Combien de cigarettes fumez-vous par jour ?", CLOSED),
    ("Vous fumez combien par jour ?", CLOSED),
    ("Quel âge avez-vous ?", CLOSED),
    ("Depuis quand vous ne dormez plus ?", CLOSED),
    ("À quelle heure vous vous couchez ?", CLOSED),
    ("Quand est-ce que ça a commencé ?", CLOSED),
    ("Où est-ce que vous habitez ?", CLOSED),
    ("Qui vous a conseillé de venir ?", CLOSED),
    ("Vous buvez à quelle fréquence ?", CLOSED),
    ("Quel genre d'alcool vous buvez ?", CLOSED),
    # Closed: an indirect question inside a yes/no question.
    ("Vous savez comment prendre ce médicament ?", CLOSED),
    ("Est-ce que vous savez pourquoi il vous l'a prescrit ?", CLOSED),
    ("Il vous a dit à quels effets vous attendre ?", CLOSED),
    ("Je me demandais si vous aviez une minute.", CLOSED),
    # Several questions: the turn's code is the last one's, the one the client answers.
    ("Vous dormez bien ? Qu'est-ce qui vous réveille ?", OPEN),
    ("Comment ça va ? Vous avez pu dormir ?", CLOSED),
]

NOT_QUESTIONS = [
    # Statements, advice and backchannels, with or without a question word inside.
    "Vous avez beaucoup de choses à gérer.",
    "Quand vous buvez, vous dormez mal.",
    "C'est ce que je vais vous recommander.",
    "Je sais comment c'est difficile.",
    "Le moment où vous rentrez du travail est dur.",
    "Là où vous en êtes, c'est déjà bien.",
    "Ce que vous dites est important.",
    "Asseyez-vous, je vous en prie.",
    "Rendez-vous compte du chemin parcouru.",
    "D'accord.",
    "Mm-hmm.",
    "Pardon ?",
    "Ouais ?",
    "Ah bon ?",
    "Je vois.",
    "Merci d'être venue aujourd'hui.",
    "On va-on va parler un peu de ça.",
    "Vous êtes-vous êtes le seul.",
    "Je-je vois que c'est important pour vous.",
    "Les études montrent que le sommeil compte.",
    # Advice phrased as a question: coded ADVICE_AS_QUESTION, not a question.
    "Pourquoi ne pas essayer la marche ?",
    "Et si vous essayiez de vous coucher plus tôt ?",
    "Vous ne pensez pas que vous devriez arrêter ?",
    "Alors pourquoi est-ce que vous n'essaieriez pas ça ?",
]


# Each rule with an example it applies to and a near miss it must leave alone.
RULE_CASES = [
    # A name is one short fact: "comment … s'appeler" is closed, other "comment" stays open.
    ("Comment s'appelle votre fils ?", CLOSED),
    ("Et votre chienne, comment elle s'appelle ?", CLOSED),
    ("comment tu t'appelles", CLOSED),
    ("Comment vous vous entendez avec votre fils ?", OPEN),
    # "quel est votre …" asking a fact (nom, âge, métier…) is closed; a broad noun stays open.
    ("Quel est votre prénom ?", CLOSED),
    ("Quelle est votre adresse actuelle ?", CLOSED),
    ("Quel était votre métier avant la retraite ?", CLOSED),
    ("Quelle est votre plus grande crainte ?", OPEN),
    ("Quels sont vos projets pour l'été ?", OPEN),
    # "Pourquoi ne pas me parler de … ?" invites the client to talk; "Pourquoi ne pas + action" is advice.
    ("Pourquoi ne pas me raconter comment s'est passé le repas ?", OPEN),
    ("Pourquoi tu ne commencerais pas par me parler un peu de ton équipe ?", OPEN),
    ("Pourquoi ne pas en parler à votre sœur ?", None),
    # quand, où, qui opening a subordinate clause do not ask: the main clause does.
    ("Quand vous êtes seule le soir, qu'est-ce qui vous manque le plus ?", OPEN),
    ("Quand vous rentrez du travail, vous mangez tout de suite ?", CLOSED),
    ("Quand avez-vous arrêté, en mars ?", CLOSED),
    ("Qui vous accompagne, votre frère ?", CLOSED),
    # "qu'est-ce que" only ever asks, even mid-sentence and without "?" (speech recognition).
    ("bon en dehors du boulot qu'est-ce qui vous détend", OPEN),
    ("Alors, à part la marche, qu'est-ce que vous aimeriez essayer", OPEN),
    ("Je ne sais pas qu'est-ce qu'il en pense.", None),
    ("Et est-ce que est-ce que vous avez bien dormi ?", CLOSED),  # a restart, not "qu'est-ce que"
    # Asked to tell the therapist (me dire, me rappeler + infinitive), the embedded wh-word asks.
    ("Vous pouvez me rappeler pourquoi vous avez changé de traitement ?", OPEN),
    ("Est-ce que tu peux me réexpliquer comment tu le prends ?", OPEN),
    ("Vous pouvez me dire combien de cafés vous buvez ?", CLOSED),
    ("Vous m'avez expliqué comment ça s'est passé ?", CLOSED),
    ("Vous savez pourquoi votre médecin a changé de traitement ?", CLOSED),
    # où, quand, qui left in place ask when neither a verb nor a pronoun follows them (else a relative clause).
    ("Vous avez mal où au ventre ?", CLOSED),
    ("Vous l'avez pris quand, le Doliprane ?", CLOSED),
    ("Et ça fait mal à peu près où ?", CLOSED),
    ("le soir quand vous rentrez vous buvez un verre", None),
    # Unpunctuated speech: a wh-word in place still asks, but not a closing « quoi » nor « n'importe quel ».
    ("de quelle couleur sont vos urines", OPEN),
    ("vous avez mal depuis quand", CLOSED),
    ("vos enfants ont quel âge", CLOSED),
    ("vous avez mal où au ventre", CLOSED),
    ("c'était vraiment dur quoi", None),
    ("vous pouvez prendre n'importe quel sirop", None),
    # A broken-off wh-word is a false start: « quel-quelque chose ».
    ("Donc vous cherchez quel-quelque chose de pas trop cher.", None),
]


@pytest.mark.parametrize(("text", "kind"), QUESTIONS)
def test_question_kind(code_exchange, text, kind):
    coded = code_exchange("Je ne sais pas trop.", text)
    assert coded.question == kind, [(m.label, m.rule) for m in coded.markers]


@pytest.mark.parametrize("text", NOT_QUESTIONS)
def test_not_a_question(code_exchange, text):
    coded = code_exchange("Je ne sais pas trop.", text)
    assert coded.question is None, [(m.label, m.rule) for m in coded.markers]


@pytest.mark.parametrize("text", NOT_QUESTIONS[-4:])
def test_advice_as_question_is_marked(code_exchange, text):
    coded = code_exchange("Je ne sais pas trop.", text)
    assert "ADVICE_AS_QUESTION" in {m.label for m in coded.markers}


@pytest.mark.parametrize(("text", "kind"), QUESTIONS[:10] + QUESTIONS[36:46])
def test_every_question_shows_its_evidence(code_exchange, text, kind):
    coded = code_exchange("Je ne sais pas trop.", text)
    marker = next(m for m in coded.markers if m.label == f"QUESTION_{kind.upper()}")
    assert marker.rule and text[marker.start_char : marker.end_char] == marker.text


@pytest.mark.parametrize(("text", "kind"), RULE_CASES)
def test_question_rules(code_exchange, text, kind):
    coded = code_exchange("Je ne sais pas trop.", text)
    assert coded.question == kind, [(m.label, m.rule) for m in coded.markers]
