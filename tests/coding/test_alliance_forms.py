"""More forms of the alliance markers, each with a near miss: the ways French speakers set goals and tasks, lay out
the frame, voice empathy, repair, withdraw, confront, doubt and agree, beyond the stock phrases."""

from __future__ import annotations

import pytest

from analyser import labels as L

pytestmark = pytest.mark.model

PROPOSAL = "Je vous propose de noter vos pensées chaque soir dans un carnet. Ça vous va ?"
INVITATION = "Qu'est-ce qui vous vient, quand vous repensez à cette semaine ?"
FACT = "Vous êtes venue en bus aujourd'hui ?"

# (what the other speaker said just before, who speaks, the utterance, the labels expected of it)
FORMS = [
    # Goals.
    (FACT, "therapist", "Qu'est-ce que vous venez chercher ici, au fond ?", {L.GOAL_TALK}),
    (FACT, "therapist", "Si par miracle le problème disparaissait cette nuit, à quoi vous verriez que ça va mieux ?", {L.GOAL_TALK}),
    (FACT, "therapist", "Quelle serait votre demande, aujourd'hui ?", {L.GOAL_TALK}),
    (FACT, "therapist", "Vous êtes venue en voiture ou en bus ?", set()),
    # Tasks.
    (FACT, "therapist", "J'aimerais qu'on essaie un petit jeu de rôle, si vous voulez bien.", {L.TASK_TALK}),
    (FACT, "therapist", "Et d'ici la prochaine fois, vous pourriez noter vos heures de coucher.", {L.TASK_TALK}),
    # The frame.
    (FACT, "therapist", "Les séances durent quarante-cinq minutes, une fois par semaine.", {L.FRAME}),
    (FACT, "therapist", "Ce que vous me dites reste entre nous, c'est le secret médical.", {L.FRAME}),
    (FACT, "therapist", "Il nous reste dix minutes.", {L.FRAME}),
    # Empathy.
    (INVITATION, "therapist", "Ça a dû vous faire de la peine, d'entendre ça de sa part.", {L.EMPATHY_REACTION}),
    (INVITATION, "therapist", "C'est beaucoup à porter, tout ça, seule avec les enfants.", {L.EMPATHY_REACTION}),
    (INVITATION, "therapist", "C'est tout à fait normal d'être fatiguée après une semaine pareille.", {L.EMPATHY_REACTION}),
    (INVITATION, "therapist", "C'est normal que ce genre de remarque fasse mal.", {L.EMPATHY_REACTION}),
    (FACT, "therapist", "D'accord, je comprends.", set()),
    # Repair, after a strain.
    ("Vous me poussez encore, là.", "therapist", "Je vous ai peut-être bousculée. Je n'aurais pas dû insister comme ça.", {L.REPAIR}),
    ("Ce carnet, franchement, c'est pas pour moi.", "therapist", "On peut y aller plus doucement, avec quelque chose de plus simple.", {L.REPAIR}),
    ("Ce carnet, franchement, c'est pas pour moi.", "therapist", "C'est important que vous me le disiez.", {L.REPAIR}),
    # Withdrawal.
    (INVITATION, "client", "Je veux pas en parler.", {L.RUPTURE_WITHDRAWAL}),
    (INVITATION, "client", "Bon. Laissez tomber.", {L.RUPTURE_WITHDRAWAL}),
    (INVITATION, "client", "Ça m'est égal, c'est vous qui voyez.", {L.RUPTURE_WITHDRAWAL}),
    (INVITATION, "client", "Ça ne change rien, de toute manière.", {L.RUPTURE_WITHDRAWAL}),
    # Confrontation, and a complaint about a third person that is none.
    (INVITATION, "client", "C'est facile à dire, pour vous.", {L.RUPTURE_CONFRONTATION}),
    (INVITATION, "client", "Vous prenez toujours son parti, de toute façon.", {L.RUPTURE_CONFRONTATION, L.RUPTURE_WITHDRAWAL}),
    (INVITATION, "client", "Je vois toujours pas l'intérêt de ces exercices.", {L.RUPTURE_CONFRONTATION}),
    (INVITATION, "client", "Mon chef répète toujours la même chose, ça m'épuise.", set()),
    # Doubt about the therapy itself.
    (INVITATION, "client", "J'ai déjà vu deux psys, et ça n'a jamais rien changé.", {L.CLIENT_DOUBT}),
    (INVITATION, "client", "Je vois pas comment parler pourrait m'aider.", {L.CLIENT_DOUBT}),
    (INVITATION, "client", "C'est ma femme qui m'a envoyé, moi je voulais pas.", {L.CLIENT_DOUBT}),
    # Sarcasm and reproach, leaving, having tried everything.
    (INVITATION, "client", "Vingt minutes par jour… Vous avez vu mes journées ?", {L.RUPTURE_CONFRONTATION}),
    (INVITATION, "client", "Si c'est pour me faire la morale, ma femme le fait très bien.", {L.RUPTURE_CONFRONTATION}),
    (INVITATION, "client", "Non. C'est bon. Je peux y aller ?", {L.RUPTURE_WITHDRAWAL}),
    (INVITATION, "client", "Il reste combien de temps ?", {L.RUPTURE_WITHDRAWAL}),
    (INVITATION, "client", "J'ai déjà tout essayé, les tisanes, la mélatonine.", {L.CLIENT_DOUBT}),
    # Exploring the client's experience, and the frame said in passing.
    (FACT, "therapist", "Qu'est-ce qui a été le plus difficile, ces deux semaines ?", {L.EMPATHY_EXPLORATION}),
    (FACT, "therapist", "Une séance annulée moins de quarante-huit heures avant reste due.", {L.FRAME}),
    (FACT, "therapist", "Comme convenu, aujourd'hui on regarde d'abord votre agenda du sommeil.", {L.FRAME}),
    # Agreement with a proposal; the same words with nothing proposed say nothing.
    (PROPOSAL, "client", "Bon. On peut essayer, alors.", {L.CLIENT_AGREEMENT}),
    (PROPOSAL, "client", "Je vais le faire, je le mettrai sur ma table de nuit.", {L.CLIENT_AGREEMENT}),
    (PROPOSAL, "client", "Oui, ça me parle.", {L.CLIENT_AGREEMENT}),
    (PROPOSAL, "client", "Je suis partant.", {L.CLIENT_AGREEMENT}),
    (FACT, "client", "Oui, ça me parle.", set()),
]


def test_a_complex_reflection_conveys_understanding(code_exchange):
    coded = code_exchange(
        "Le dimanche soir, je tourne en rond, je pense déjà au lundi, aux mails, à tout ce qui m'attend.",
        "Comme si votre semaine commençait déjà le dimanche, avant même d'avoir pu souffler.",
    )
    assert coded.reflection == "complex"
    empathy = [m for m in coded.markers if m.label == L.EMPATHY_INTERPRETATION]
    assert [m.rule for m in empathy] == ["interpretation:reflects_meaning"]


@pytest.mark.parametrize(("before", "speaker", "utterance", "expected"), FORMS, ids=[row[2][:40] for row in FORMS])
def test_alliance_forms(code_exchange, before, speaker, utterance, expected):
    coded = code_exchange(before, utterance, last=speaker)
    assert {m.label for m in coded.markers if m.label in L.ALLIANCE_LABELS} == expected
    for marker in coded.markers:
        assert utterance[marker.start_char : marker.end_char] == marker.text
