"""Rules of therapist input, each with an example and a near miss: facts stated in general, results reported,
and the client's own world said back inside a reflection."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

CLIENT = "Je prends mes médicaments quand j'y pense, et je bois un peu le soir."

# (therapist, expected input, start of the evidence's rule or None)
GENERIC_FACTS = [
    # A statement whose subject is a noun taken in general, with neither client nor speaker in it, gives a fact.
    ("Les médicaments se conservent mieux à l'abri de la lumière.", "information", "information:generic_fact"),
    ("Les symptômes de sevrage disparaissent en deux ou trois semaines.", "information", "information:generic_fact"),
    ("Certaines statines provoquent des douleurs musculaires.", "information", "information:generic_fact"),
    # ... not when the client or the speaker is in the sentence, nor in a clause of time or condition, nor asked.
    ("Les médicaments, vous les rangez dans la cuisine.", None, None),
    ("Les enfants, je les vois le mercredi.", None, None),
    ("-surtout le soir, quand les enfants dorment.", None, None),
    ("Les médicaments se conservent bien chez vous ?", None, None),
    # An instruction in the present, which says when: advice, as much as the imperative is.
    ("Vous arrêtez l'ibuprofène tout de suite, et vous prenez du paracétamol.", "advice", "advice:instruction"),
    ("Et le soir, vous mangez au moins deux heures avant de vous coucher.", "advice", "advice:instruction"),
    ("Si ça ne passe pas, vous revenez me voir dans un mois.", "advice", "advice:instruction"),
    # ... not a question, nor a description without a when, nor the client's own action said back (see below).
    ("Vous arrêtez l'ibuprofène le soir ?", None, None),
    ("Vous tenez beaucoup à votre famille.", None, None),
    # A menu told as what others do is options; a measure of the client's own given back is a result.
    ("Il y en a qui laissent le téléphone dans la cuisine, d'autres qui achètent un vrai réveil.", "options", "options:menu"),
    ("Votre tension est à 16, c'est trop haut.", "information", "information:results"),
    # Spoken « faut » without its « il », and what a behaviour can do: advice and information.
    ("Faut pas arrêter comme ça de vous-même.", "advice", "advice:must"),
    ("Ça peut donner des malformations chez le bébé.", "information", "information:risk"),
    # Two actions prescribed in a row need no word of when; a procedure announced, or what is known, informs.
    ("Vous secouez, vous soufflez à fond, vous mettez l'embout dans la bouche.", "advice", "advice:instruction"),
    ("Je vous renouvelle l'amlodipine pour trois mois.", "information", "information:announce"),
    ("Ce qu'on sait, c'est que la fumée reste sur les vêtements.", "information", "information:known"),
    # ... but one action said in the present, with no when, is left alone (it may be the client's, said back).
    ("Vous mettez deux gouttes.", None, None),
    # Results reported by a record or a test.
    ("Le rapport indique que la tension est trop haute.", "information", "information:results"),
    ("Vos résultats montrent que le foie souffre un peu.", "information", "information:results"),
]


@pytest.mark.parametrize(("therapist", "expected", "rule"), GENERIC_FACTS, ids=[row[0][:40] for row in GENERIC_FACTS])
def test_facts_in_general_are_information(code_exchange, therapist, expected, rule):
    coded = code_exchange(CLIENT, therapist)
    assert coded.input == expected
    evidence = [m for m in coded.markers if m.label.startswith("INPUT_")]
    assert [m.rule for m in evidence][:1] == ([rule] if rule else [])
    for marker in evidence:
        assert therapist[marker.start_char : marker.end_char] == marker.text


# (client, therapist, expected input, whether it is a reflection)
SAID_BACK = [
    # The client's own research, weight or leaflet, inside a segment a reflective opener marks: said back, no input.
    (
        "J'ai lu plein d'articles sur internet, et ils disent qu'un verre de temps en temps, ça va.",
        "Donc vous avez fait des recherches de votre côté, et ce que vous avez lu vous rassure.",
        None,
        True,
    ),
    (
        "Mon poids, ça me mine, je reprends tout ce que je perds.",
        "On dirait que vous avez du mal avec votre poids ces derniers temps.",
        None,
        True,
    ),
    # The client's own action said back is a reflection, not an instruction.
    ("Je bois surtout le soir, après le travail.", "Vous buvez surtout le soir, après le travail.", None, True),
    # The same words given by the therapist, with no opener: information.
    (
        "Mon poids, ça me mine.",
        "Les études montrent que le poids revient souvent après un régime strict.",
        "information",
        False,
    ),
]


@pytest.mark.parametrize(("client", "therapist", "expected_input", "reflects"), SAID_BACK, ids=[row[1][:40] for row in SAID_BACK])
def test_the_clients_world_said_back_is_no_input(code_exchange, client, therapist, expected_input, reflects):
    coded = code_exchange(client, therapist)
    assert (coded.input, coded.reflection is not None) == (expected_input, reflects)


# (client, therapist, expected input, whether it is a reflection)
ADVICE_OUTWEIGHS = [
    # Advice is the main behaviour, even after an inference or an opener that marks a reflection (AnnoMI's main behaviour).
    (
        "Je vais à la salle quand j'ai le temps, mais j'ai jamais le temps.",
        "On dirait que le temps vous manque. Vous devez juste caser la salle dans votre semaine.",
        "advice",
        False,
    ),
    (
        "Le soir je prends un verre pour décompresser.",
        "Donc vous buvez pour décompresser. Il faut que vous arrêtiez le verre du soir.",
        "advice",
        False,
    ),
    # The model tags « vous le signalez » infinitive: after « si … », it is still an instruction.
    (
        "J'ai peur des effets secondaires, on m'a parlé des muscles.",
        "Si vous ressentez une faiblesse musculaire, vous le signalez à votre médecin.",
        "advice",
        False,
    ),
    # « Il faut » with an object pronoun before the action is advice as much as without.
    ("J'oublie souvent le matin.", "Il faut le prendre matin et soir, tous les jours.", "advice", False),
    # Near misses: information after a marked reflection leaves it a reflection; the client's own « when » said back.
    (
        "J'ai lu plein d'articles et ils disent qu'un verre de temps en temps, ça va.",
        "Si je comprends bien, ce que vous avez lu vous rassure.",
        None,
        True,
    ),
    ("Je marche une demi-heure tous les jours.", "Vous bougez chaque jour.", None, True),
]


@pytest.mark.parametrize(("client", "therapist", "expected_input", "reflects"), ADVICE_OUTWEIGHS, ids=[row[1][:40] for row in ADVICE_OUTWEIGHS])
def test_advice_outweighs_a_marked_reflection(code_exchange, client, therapist, expected_input, reflects):
    coded = code_exchange(client, therapist)
    assert (coded.input, coded.reflection is not None) == (expected_input, reflects), [(m.label, m.rule) for m in coded.markers]


# (therapist, the Confront rule found, or None)
CONFRONTS = [
    ("Oui, ben, c'est pas parce que vous êtes là que c'était sans risque.", "confront:argue"),
    ("Aller au centre, c'est une chose. Le juge, lui, il va regarder les analyses.", "confront:argue"),
    ("Vous faites comme vous voulez, mais venez pas vous plaindre après.", "confront:shame"),
    # Near miss: a double-sided reflection that says what the client sees is no argument.
    ("D'un côté vous voyez bien que ça vous aidait, et de l'autre vous aimeriez vous en passer.", None),
]


@pytest.mark.parametrize(("therapist", "rule"), CONFRONTS, ids=[row[0][:40] for row in CONFRONTS])
def test_arguing_back_is_confront(code_exchange, therapist, rule):
    coded = code_exchange("Ma mère en buvait un peu, et je suis là.", therapist)
    found = [m.rule for m in coded.markers if m.label == "CONFRONT"]
    assert found[:1] == ([rule] if rule else []), found
