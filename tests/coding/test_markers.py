"""Lexical markers of the alliance: shared goals, collaboration, affirmation, autonomy, backchannels."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

THERAPIST_MARKERS = [
    ("On pourrait travailler ensemble sur votre sommeil.", "SHARED_GOAL"),
    ("Notre objectif, c'est que vous dormiez mieux.", "SHARED_GOAL"),
    ("On va regarder ça tous les deux.", "SHARED_GOAL"),
    ("Voyons ce qui a marché la semaine dernière.", "SHARED_GOAL"),
    ("Nous pourrions fixer un petit objectif pour la semaine.", "SHARED_GOAL"),
    ("On se revoit dans quinze jours.", "SHARED_GOAL"),
    ("Qu'en pensez-vous ?", "SEEKING_COLLABORATION"),
    ("Est-ce que ça vous convient ?", "SEEKING_COLLABORATION"),
    ("Êtes-vous d'accord pour essayer ?", "SEEKING_COLLABORATION"),
    ("Est-ce que je peux vous donner quelques informations ?", "SEEKING_COLLABORATION"),
    ("D'après vous, qu'est-ce qui aiderait ?", "SEEKING_COLLABORATION"),
    ("Ça vous dérange si on en parle ?", "SEEKING_COLLABORATION"),
    ("Bravo, c'est un vrai pas en avant.", "AFFIRMATION"),
    ("Vous avez réussi à tenir toute la semaine.", "AFFIRMATION"),
    ("Vous êtes vraiment courageuse d'en parler.", "AFFIRMATION"),
    ("C'est une vraie force, ce sens des responsabilités.", "AFFIRMATION"),
    ("Merci de votre franchise.", "AFFIRMATION"),
    ("C'est vous qui décidez.", "EMPHASIZING_AUTONOMY"),
    ("Si vous le souhaitez, on peut en reparler.", "EMPHASIZING_AUTONOMY"),
    ("C'est entièrement à vous de voir.", "EMPHASIZING_AUTONOMY"),
    ("C'est votre choix, et je le respecte.", "EMPHASIZING_AUTONOMY"),
    ("Vous êtes libre d'essayer ou non.", "EMPHASIZING_AUTONOMY"),
    ("Je ne suis pas là pour vous dire quoi faire.", "EMPHASIZING_AUTONOMY"),
]

# Generic "on" (people in general) is not shared-goal language.
GENERIC_ON = [
    "Quand on boit trop, on dort mal.",
    "On sait que l'alcool perturbe le sommeil.",
    "Si on fume, on peut avoir des problèmes de cœur.",
    "Tout le monde dit qu'on peut arrêter quand on veut.",
    "Quand on parle de consommation d'alcool, on pense souvent au vin.",
]

CLIENT_SHARED_GOAL = [
    "On pourrait essayer ça ensemble.",
    "Notre objectif, c'est que je dorme mieux.",
    "On va voir ce que ça donne.",
]

BACKCHANNELS = ["Mm-hmm.", "D'accord.", "Oui, oui.", "Ouais.", "Je vois.", "Ah d'accord.", "Hmm, d'accord.", "Mm."]
NOT_BACKCHANNELS = ["Oui, je dors mal.", "D'accord, mais je ne sais pas.", "Non.", "Je vois bien que ça ne marche pas."]


def labels_of(coded) -> set[str]:
    return {marker.label for marker in coded.markers}


@pytest.mark.parametrize(("text", "label"), THERAPIST_MARKERS)
def test_therapist_marker(code_exchange, text, label):
    assert label in labels_of(code_exchange("Je ne sais pas trop.", text))


@pytest.mark.parametrize("text", GENERIC_ON)
def test_generic_on_is_not_shared_goal(code_exchange, text):
    assert "SHARED_GOAL" not in labels_of(code_exchange("Je ne sais pas trop.", text))


@pytest.mark.parametrize("text", CLIENT_SHARED_GOAL)
def test_client_shared_goal(code_exchange, text):
    labels = labels_of(code_exchange("Qu'est-ce qu'on pourrait faire ?", text, last="client"))
    assert labels == {"CLIENT_SHARED_GOAL"}


@pytest.mark.parametrize("text", BACKCHANNELS)
def test_backchannel_is_counted_never_a_question(code_exchange, text):
    for asked in (text, text.rstrip(".") + " ?"):
        coded = code_exchange("Je dors mal.", asked)
        assert labels_of(coded) == {"BACKCHANNEL"} and coded.question is None


@pytest.mark.parametrize("text", NOT_BACKCHANNELS)
def test_not_a_backchannel(code_exchange, text):
    assert "BACKCHANNEL" not in labels_of(code_exchange("Je dors mal.", text))


def test_client_side_only_counts_shared_goals_and_backchannels(code_exchange):
    coded = code_exchange("Qu'est-ce qui vous aiderait ?", "Bravo à moi, qu'en pensez-vous ?", last="client")
    assert coded.utterance.role == "client" and labels_of(coded) == set()
