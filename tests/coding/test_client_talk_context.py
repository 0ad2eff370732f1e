"""Client talk read in its context: answers to a scaling ruler, stances that take up a change the therapist
proposed, and the cues that must not count (« je sais pas »). Each rule with an example and a near miss."""

from __future__ import annotations

import pytest

from analyser import labels as L

pytestmark = pytest.mark.model

RULER = "Sur une échelle de 0 à 10, à quel point c'est important pour vous de moins boire ?"
CONFIDENCE_RULER = "Et de 0 à 10, à quel point vous êtes confiant de pouvoir y arriver ?"

# (therapist, client, target, expected client_talk, start of the evidence's rule or None)
IN_CONTEXT = [
    # A rating above the middle of a ruler is change talk, below it sustain talk; the middle says neither.
    (RULER, "Je dirais huit.", "alcool", "change", "desire:ruler:huit"),
    (RULER, "Euh, six ou sept.", "alcool", "change", "desire:ruler:six"),
    (RULER, "Franchement, trois, pas plus.", "alcool", "sustain", "desire:ruler:trois"),
    (RULER, "Cinq, je dirais.", "alcool", "neutral", None),
    (CONFIDENCE_RULER, "Peut-être 7.", "alcool", "change", "ability:ruler:7"),
    # The same number with no ruler before it is only a number.
    ("Vous buvez combien de verres le samedi ?", "Huit, à peu près.", "alcool", "neutral", None),
    # After the therapist puts a change on the table, a stance about nothing else is about that change.
    ("Et si vous réduisiez un peu le soir ?", "Oui, je pense que je peux faire ça.", "alcool", "change", "ability:ability:proposed_change"),
    ("Et si vous réduisiez un peu le soir ?", "Je vais essayer.", "alcool", "change", "commitment:commitment:proposed_change"),
    ("Et si vous réduisiez un peu le soir ?", "Je pourrai pas, non.", "alcool", "sustain", "ability:ability:proposed_change, negated"),
    # The model lemmatises « réduise » wrongly after « faut que je »: its forms are cues of their own.
    ("Et vous, qu'est-ce que vous en pensez ?", "Faut que je réduise, c'est clair.", "alcool", "change", "need:need:réduise"),
    # After a plan step the therapist notes (negotiation), « je vais essayer » takes it up.
    ("Alors on pourrait noter ça comme premier pas : pas de vin en semaine.", "D'accord. Je vais essayer.", "alcool", "change", "commitment:commitment:proposed_change"),
    # « Moins » after or before the behaviour is a change; « plus …, moins … » about something else is not.
    ("Et vous, qu'est-ce que vous en pensez ?", "Je veux bien essayer de fumer moins.", "tabac", "change", "desire:desire:fumer moins"),
    ("Et le sommeil ?", "Et plus je me dis qu'il faut que je dorme, moins j'y arrive.", "tabac", "neutral", None),
    # A diet is the change, not the behaviour: refusing it is sustain talk.
    ("Et pour le sel ?", "Je vais pas faire un régime à mon âge.", "alimentation", "sustain", "commitment:commitment:faire un régime, negated"),
    # Asked for a plan, the client names a step with no stance word: change talk; « je sais pas » or a no is not.
    ("Qu'est-ce que vous pourriez essayer d'ici la prochaine fois ?", "Le paquet dans la voiture, peut-être.", "tabac", "change", "taking_steps:answer:plan_asked"),
    ("Qu'est-ce que vous pourriez essayer d'ici la prochaine fois ?", "Je sais pas trop.", "tabac", "neutral", None),
    ("Qu'est-ce que vous pourriez essayer d'ici la prochaine fois ?", "Rien, franchement.", "tabac", "neutral", None),
    ("Je peux vous proposer deux ou trois pistes, ou vous préférez chercher vous-même ?", "Oui, allez-y.", "tabac", "neutral", None),
    # ... but not a stance about something else, nor one with no change proposed.
    ("Et si vous réduisiez un peu le soir ?", "Je vais au cinéma avec ma sœur demain.", "alcool", "neutral", None),
    ("Vous habitez loin d'ici ?", "Je peux faire ça en vélo, oui.", "alcool", "neutral", None),
    # A bare yes to a proposed change takes it up; a no, listening sounds, or a yes to another question do not.
    ("Vous devriez arrêter le vin en semaine.", "D'accord.", "alcool", "change", "commitment:answer:proposed_change"),
    ("Et si vous réduisiez un peu le soir ?", "Oui, bien sûr.", "alcool", "change", "commitment:answer:proposed_change"),
    ("Il faut arrêter de fumer à la maison, d'accord ?", "Ouais, ok.", "tabac", "change", "commitment:answer:proposed_change"),
    ("Et si vous réduisiez un peu le soir ?", "Non, pas vraiment.", "alcool", "neutral", None),
    ("Et si vous réduisiez un peu le soir ?", "Mm-hmm.", "alcool", "neutral", None),
    ("Il faudrait réduire l'alcool. Vous voyez ce que je veux dire ?", "Oui.", "alcool", "neutral", None),
    ("Vous habitez loin d'ici ?", "Oui.", "alcool", "neutral", None),
    # « Je sais pas » is no inability; savoir is an ability only before an infinitive.
    ("Et si vous réduisiez un peu le soir ?", "Je sais pas.", "alcool", "neutral", None),
    ("Qu'est-ce qui vous aiderait ?", "Je sais que je dois arrêter de boire.", "alcool", "change", "need:need:arrêter"),
    # A time after a changing verb says when, not what: « réduire le soir » is about the target.
    ("Qu'est-ce qui vous aiderait ?", "Je pourrais peut-être réduire un peu le soir.", "alcool", "change", "ability:ability:réduire"),
    ("Qu'est-ce qui vous aiderait ?", "Je voudrais changer de travail.", "alcool", "neutral", None),
    # « ce serait possible », « ça semble faisable »: the stance carries its direction.
    ("Et arrêter complètement ?", "Je pense que ce serait possible d'arrêter de boire.", "alcool", "change", "ability:for_change:ability"),
    ("Et arrêter complètement ?", "Ça serait trop dur pour moi.", "alcool", "sustain", "ability:for_status_quo:ability"),
    # Sustain talk: minimising, barriers, what the behaviour gives.
    ("Et le jeu, ça vous inquiète ?", "Les machines, c'est au bar, c'est pas un souci.", "jeu", "sustain", "reasons:for_status_quo:minimise"),
    ("Et les risques ?", "Je vois pas le risque, franchement.", "alcool", "sustain", "reasons:for_status_quo:minimise"),
    ("Et le sport, trois fois par semaine ?", "J'ai pas le temps, avec le travail.", "activité physique", "sustain", "reasons:for_status_quo:barrier"),
    ("Qu'est-ce que le vin vous apporte ?", "C'est un verre de vin pour me détendre le soir.", "alcool", "sustain", "reasons:for_status_quo:benefit"),
    # What the behaviour gives counts when the utterance names it, in any of its sentences.
    ("Vous buvez combien ?", "Deux verres le soir. C'est juste ma façon de décompresser.", "alcool", "sustain", "reasons:for_status_quo:benefit"),
    ("Et au travail ?", "J'aime bien le côté collectif de l'équipe.", "alcool", "neutral", None),
    # Minimising by comparison with others, denial, and blaming circumstances.
    ("Et vos amis ?", "Je bois autant que mes copains, pas plus.", "alcool", "sustain", "reasons:for_status_quo:minimise"),
    ("Et vos amis ?", "Tout le monde boit comme moi à la fac.", "alcool", "sustain", "reasons:for_status_quo:minimise"),
    ("Ça pourrait être un signe de dépendance.", "Ben, c'est pas mon cas.", "alcool", "sustain", "reasons:for_status_quo:minimise"),
    ("Vous avez pris le volant après avoir bu.", "C'est même pas ma faute, il fallait bien rentrer.", "alcool", "sustain", "reasons:for_status_quo:minimise"),
    ("Et vos amis ?", "Tout le monde me dit d'arrêter de boire.", "alcool", "neutral", None),
    ("Et maintenant ?", "C'est devenu un problème, l'alcool.", "alcool", "change", "reasons:for_change:problem"),
    ("Et maintenant ?", "J'en ai marre d'être comme ça, à fumer dès le réveil.", "tabac", "change", "reasons:for_change:problem"),
    ("Et vous ?", "Je suis pas accro, je peux m'en passer si je veux.", "tabac", "sustain", "reasons:for_status_quo:minimise"),
    ("Et vous ?", "J'ai pas de problème avec ça, moi.", "alcool", "sustain", "reasons:for_status_quo:minimise"),
    ("Et le soir ?", "Sans ça je dors pas, c'est tout.", "cannabis", "sustain", "reasons:for_status_quo:dependence"),
    ("Et si vous réduisiez ?", "Je sais pas si je vais tenir, je me connais.", "alimentation", "sustain", "ability:for_status_quo:self_doubt"),
    # For a behaviour to adopt (a treatment), stopping it is sustain talk and taking it up again change talk.
    ("Et le traitement ?", "J'ai arrêté le traitement en septembre.", "médicament", "sustain", "taking_steps:for_change:steps"),
    ("Et le traitement ?", "J'ai repris mes comprimés depuis lundi.", "médicament", "change", "taking_steps:for_status_quo:relapse"),
    ("Et le traitement ?", "Je crois qu'il faut que je le reprenne.", "médicament", "change", "need:need:reprenne"),
    ("Et le traitement ?", "Je veux arrêter ces comprimés.", "médicament", "sustain", "desire:desire:arrêter"),
    ("Et l'alcool ?", "J'ai arrêté le vin en semaine.", "alcool", "change", "taking_steps:for_change:steps"),
]


@pytest.fixture(scope="module")
def answer(code_exchange):
    """Code the client's answer to one therapist utterance about `target`."""
    return lambda therapist, client, target: code_exchange(therapist, client, last="client", target=target)


@pytest.mark.parametrize(("therapist", "client", "target", "expected", "rule"), IN_CONTEXT, ids=[row[1][:40] for row in IN_CONTEXT])
def test_client_talk_in_context(answer, therapist, client, target, expected, rule):
    coded = answer(therapist, client, target)
    assert coded.client_talk == expected
    evidence = [m for m in coded.markers if m.label in (L.CHANGE_TALK, L.SUSTAIN_TALK)]
    assert [m.rule for m in evidence][:1] == ([rule] if rule else [])
    for marker in evidence:
        assert client[marker.start_char : marker.end_char] == marker.text
