"""Reflections (MITI 4): a therapist statement that mirrors the client's preceding turn, simple or complex."""

from __future__ import annotations

import numpy
import pytest

from analyser import labels as L

pytestmark = pytest.mark.model

SIMPLE, COMPLEX = "simple", "complex"

REFLECTIONS = [
    # Simple: repeats or rephrases what the client said.
    ("Je dors mal depuis que j'ai changé de travail.", "Vous dormez mal depuis votre changement de travail.", SIMPLE),
    ("Je bois trois verres de vin le soir.", "Donc vous buvez trois verres de vin le soir.", SIMPLE),
    ("Mon fils ne me parle plus depuis deux mois.", "Votre fils ne vous parle plus depuis deux mois.", SIMPLE),
    ("Je n'arrive pas à arrêter de fumer.", "Si je comprends bien, vous n'arrivez pas à arrêter de fumer.", SIMPLE),
    ("Le travail me prend tout mon temps.", "Vous dites que le travail vous prend tout votre temps.", SIMPLE),
    ("J'ai repris la course à pied la semaine dernière.", "Vous avez repris la course la semaine dernière.", SIMPLE),
    # "Vous pourriez" + a verb of feeling or thinking states the client's view, not a suggestion.
    ("Je sais pas, il me regarde même plus, il rentre tard.", "Vous pourriez avoir l'impression qu'il s'éloigne de vous.", SIMPLE),
    ("Je me sens seule le soir.", "Vous vous sentez seule le soir.", SIMPLE),
    ("Avec mon mari, on se dispute souvent pour l'argent.", "Vous vous disputez souvent avec votre mari pour l'argent.", SIMPLE),
    ("Je mange trop de sucre quand je suis stressée.", "Quand vous êtes stressée, vous mangez beaucoup de sucre.", SIMPLE),
    ("Je marche vingt minutes par jour maintenant.", "Autrement dit, vous marchez vingt minutes chaque jour.", SIMPLE),
    # Complex: adds a feeling or a meaning, double-sided, metaphor, continuing the client's sentence.
    ("Je rentre du travail, je m'occupe des enfants, et après je n'ai plus rien.", "On dirait que vous êtes épuisée, et qu'il ne reste plus de place pour vous.", COMPLEX),
    ("Je veux arrêter de boire, mais le vin m'aide à décompresser.", "D'un côté vous voulez arrêter, et de l'autre le vin vous aide à décompresser.", COMPLEX),
    ("J'ai envie d'arrêter, mais je ne suis pas prête.", "Une partie de vous a envie d'arrêter, et en même temps vous hésitez.", COMPLEX),
    ("Je cours partout, je ne m'arrête jamais.", "C'est comme si vous couriez un marathon sans ligne d'arrivée.", COMPLEX),
    ("Personne ne m'écoute à la maison.", "J'ai l'impression que vous vous sentez très seule chez vous.", COMPLEX),
    ("Je ne sais pas si je vais y arriver cette fois.", "Vous semblez avoir peur d'échouer encore une fois.", COMPLEX),
    ("J'ai arrêté de voir mes amis depuis l'accident.", "Vous vous êtes isolé depuis l'accident, comme pour vous protéger.", COMPLEX),
    ("Mon père buvait beaucoup quand j'étais petit.", "Et vous avez peur de lui ressembler.", COMPLEX),
    # A mirroring statement said with rising intonation is a reflection (MITI), not a question.
    ("Je me sens seule depuis le déménagement.", "Donc vous vous sentez seule depuis le déménagement ?", SIMPLE),
    ("Je veux arrêter, mais fumer me détend.", "D'un côté vous voulez arrêter, de l'autre fumer vous détend ?", COMPLEX),
    # Unpunctuated, a statement mostly in the client's words, or marked by an opener, still reflects.
    ("Je dors mal depuis que j'ai changé de travail.", "vous dormez mal depuis votre changement de travail", SIMPLE),
    ("Je me sens seule le soir.", "donc le soir vous vous sentez seule", SIMPLE),
    # « être mal » is a feeling, « avoir mal » a pain.
    ("Je ne supporte plus de me regarder dans la glace.", "Vous êtes mal dans votre peau en ce moment.", COMPLEX),
]

# Simple or complex by what the words add (MITI 4.2.1), each rule in both directions.
DEPTH = [
    # A guessing stem ("on dirait que", "j'ai l'impression que") followed by the client's own words
    # restates; followed by the therapist's own words, it is an inference.
    ("Je promène le chien tous les matins avant le travail.", "On dirait que vous promenez le chien tous les matins avant le travail.", SIMPLE),
    ("J'ai l'impression que mes collègues se moquent de moi à la pause.", "J'ai l'impression que vos collègues se moquent de vous à la pause.", SIMPLE),
    ("Je n'ai pas ouvert mon courrier depuis un mois.", "On dirait que vous évitez de regarder vos factures en face.", COMPLEX),
    # A statement said with rising intonation does not lead into a question: it is judged on its words.
    ("Quand j'ai vu les résultats, j'ai arrêté de fumer du jour au lendemain.", "Vous avez eu peur pour votre santé en voyant les résultats ?", COMPLEX),
    ("Quand j'ai vu les résultats, j'ai arrêté de fumer du jour au lendemain.", "Vous avez eu peur pour votre santé. Qu'est-ce qui vous a aidé à tenir ?", SIMPLE),
    # A clause of five content words or more, mostly not the client's, says it in the therapist's own
    # words; a short one, or one in the client's words, repeats.
    ("Le soir, après le travail, je fume une cigarette sur le balcon.", "Cette pause sur le balcon reste votre petit rituel de détente quotidienne.", COMPLEX),
    ("Je marche une demi-heure tous les jours.", "Vous bougez chaque jour.", SIMPLE),
    ("Je marche une demi-heure tous les jours avec mon voisin.", "Vous marchez une demi-heure chaque jour avec votre voisin.", SIMPLE),
    # "un peu comme" compares: a simile; "comme" alone may not.
    ("Ma mère aussi vérifiait toujours tout dix fois.", "Vous êtes un peu comme votre mère sur ce point.", COMPLEX),
    ("Je fais comme d'habitude, je bois un café et je pars.", "Vous faites comme d'habitude, un café et vous partez.", SIMPLE),
]

NOT_REFLECTIONS = [
    # Information, advice, greetings, backchannels, answers to the client's questions.
    ("Je bois trois verres le soir.", "Les recommandations disent de ne pas dépasser dix verres par semaine."),
    ("Je bois trois verres le soir.", "Je vous conseille de réduire à deux verres."),
    ("Je dors mal.", "D'accord."),
    ("Je dors mal.", "Mm-hmm."),
    ("Bonjour.", "Bonjour, installez-vous."),
    ("C'est quoi, la limite recommandée ?", "Sept verres par semaine pour les femmes."),
    ("Je dors mal.", "Je vais vous donner une brochure sur le sommeil."),
    ("Je ne sais pas quoi faire.", "Il faut que vous preniez rendez-vous avec un spécialiste."),
    ("Je fume depuis dix ans.", "Merci beaucoup, c'était un plaisir de vous rencontrer."),
    ("Je dors mal.", "Je voudrais partager avec vous quelques informations sur l'alcool."),
    # A suggestion in the conditional ("vous pourriez / devriez" + an action) is advice, whatever the verb.
    ("Je m'ennuie toute la journée depuis la retraite.", "Vous pourriez vous inscrire dans un club de marche."),
    ("Je m'ennuie toute la journée depuis la retraite.", "Tu pourrais en parler à ton médecin."),
    # Said as a question, a statement that brings a new fact asks for it (history-taking); so does an
    # unpunctuated one, whose intonation the transcript does not show.
    ("C'est venu hier soir, d'un coup.", "Vous veniez de manger ?"),
    ("C'est venu hier soir, d'un coup.", "vous veniez de manger"),
    ("Non, rien de particulier.", "Vous avez pas eu envie de vomir ?"),
    ("Ça me serre ici.", "vous avez mal dans le haut du ventre"),
]


PLEASANTRIES = [
    # Greetings, thanks, farewells and wishes are not reflections (MITI 4), even when they echo the
    # client's own or name the client's feeling ("votre confiance", "votre courage").
    ("Oui, mardi. Merci à vous. Au revoir !", "Au revoir, et bonne semaine !"),
    ("merci beaucoup au revoir", "au revoir et bonne semaine"),
    ("Merci, bonne journée à vous.", "Merci, bonne journée à vous aussi."),
    ("Bon, à jeudi alors, et merci pour tout.", "À jeudi, merci à vous !"),
    ("Merci de m'avoir écoutée, madame.", "Je vous en prie, madame. Bonne soirée."),
    ("J'ai pris soin de moi cette semaine, je me suis reposée.", "Prenez soin de vous, à la semaine prochaine."),
    ("Merci pour cette séance, ça m'a fait du bien de parler.", "Merci à vous, c'était un plaisir de vous rencontrer."),
    # Thanks or a wish for something: the formula, then de / pour and what it is for.
    ("J'ai confiance en vous, ça m'aide beaucoup.", "Merci pour votre confiance aujourd'hui."),
    ("Je me suis sentie jugée quand vous avez parlé de mes devoirs.", "Merci de me dire ce que vous avez ressenti."),
    ("J'ai mon entretien d'embauche jeudi, je stresse beaucoup.", "Bon courage pour votre entretien de jeudi."),
    # A clause without a subject of its own goes on with the thanks.
    ("Vous m'avez beaucoup aidée, je me sens moins seule.", "Merci pour tout ce que vous avez partagé, et pour votre confiance."),
    ("J'ai enfin réussi à en parler à mon mari, j'avais honte.", "Je vous remercie de votre franchise, et de votre courage."),
]

NEAR_PLEASANTRIES = [
    # (client, therapist, the reflection's text): a reflection next to a pleasantry is still found,
    # without the pleasantry; formula words inside a reflection do not make it one.
    (
        "Ma sœur m'a trahie, elle a tout raconté à ma mère.",
        "Merci de me le dire, vous vous sentez trahie par votre sœur.",
        "vous vous sentez trahie par votre sœur.",
    ),
    (
        "Ma sœur m'a trahie, elle a tout raconté à ma mère.",
        "Merci de me le dire. Vous vous sentez trahie par votre sœur.",
        "Vous vous sentez trahie par votre sœur.",
    ),
    (
        "J'ai peur de rechuter pendant les vacances.",
        "Vous avez peur de rechuter pendant les vacances, merci de me le dire.",
        "Vous avez peur de rechuter pendant les vacances",
    ),
    (
        "Je me sens seule depuis le déménagement.",
        "Bonjour, vous vous sentez seule depuis le déménagement.",
        "vous vous sentez seule depuis le déménagement.",
    ),
    (
        "Je suis contente d'être venue, même si c'était dur.",
        "Merci d'être venue. Vous êtes contente d'être venue, même si c'était dur.",
        "Vous êtes contente d'être venue, même si c'était dur.",
    ),
    (
        "Je ne suis pas sûre d'y arriver, mais je vais essayer quand même.",
        "Vous n'êtes pas sûre d'y arriver, et vous allez essayer quand même. Bon courage !",
        "Vous n'êtes pas sûre d'y arriver, et vous allez essayer quand même.",
    ),
    (
        "Je n'arrive plus à dire bonjour à mes collègues le matin.",
        "Vous n'arrivez plus à dire bonjour à vos collègues le matin.",
        "Vous n'arrivez plus à dire bonjour à vos collègues le matin.",
    ),
    (
        "Mon fils ne me dit même plus merci quand je l'aide.",
        "Votre fils ne vous dit plus merci quand vous l'aidez.",
        "Votre fils ne vous dit plus merci quand vous l'aidez.",
    ),
    (
        "Je remercie tout le monde, tout le temps, même quand on me marche dessus.",
        "Vous remerciez tout le monde, même ceux qui vous marchent dessus.",
        "Vous remerciez tout le monde, même ceux qui vous marchent dessus.",
    ),
    (
        "Le matin, je dis au revoir aux enfants et après je pleure dans la voiture.",
        "Au revoir aux enfants, et ensuite les larmes dans la voiture.",
        "Au revoir aux enfants, et ensuite les larmes dans la voiture.",
    ),
]


# (client, therapist, reflection kind or None): an utterance that opens by contradicting the client reflects nothing.
CONTRADICTIONS = [
    ("Ça arrive, comme à tout le monde après une soirée.", "Non, pas comme à tout le monde. Ça, c'est ce qu'on appelle un black-out.", None),
    ("C'est une petite crevasse, ça fait même pas mal.", "Justement, ça fait pas mal parce que vous avez perdu la sensibilité.", None),
    # Near miss: a bare « Non. » that agrees with the client's no, then a reflection.
    ("Non, ça n'a jamais été un problème pour moi, le jeu.", "Non. D'accord. Donc le jeu n'a jamais été un problème pour vous.", COMPLEX),
]


@pytest.mark.parametrize(("client", "therapist", "kind"), REFLECTIONS + CONTRADICTIONS)
def test_reflection_kind(code_exchange, client, therapist, kind):
    coded = code_exchange(client, therapist)
    assert coded.reflection == kind, [(m.label, m.rule) for m in coded.markers]


@pytest.mark.parametrize(("client", "therapist", "kind"), DEPTH)
def test_reflection_depth(code_exchange, client, therapist, kind):
    coded = code_exchange(client, therapist)
    assert coded.reflection == kind, [(m.label, m.rule) for m in coded.markers]


@pytest.mark.parametrize(("client", "therapist"), NOT_REFLECTIONS)
def test_not_a_reflection(code_exchange, client, therapist):
    coded = code_exchange(client, therapist)
    assert coded.reflection is None, [(m.label, m.rule) for m in coded.markers]


@pytest.mark.parametrize(("client", "therapist"), PLEASANTRIES)
def test_a_pleasantry_is_not_a_reflection(code_exchange, client, therapist):
    coded = code_exchange(client, therapist)
    assert coded.reflection is None, [(m.label, m.rule) for m in coded.markers]


@pytest.mark.parametrize(("client", "therapist", "reflected"), NEAR_PLEASANTRIES)
def test_a_reflection_next_to_a_pleasantry_is_found_without_it(code_exchange, client, therapist, reflected):
    coded = code_exchange(client, therapist)
    assert coded.reflection is not None, [(m.label, m.rule) for m in coded.markers]
    marker = next(m for m in coded.markers if m.label.startswith("REFLECTION"))
    assert marker.text == reflected
    assert therapist[marker.start_char : marker.end_char] == marker.text


# (client, therapist, reflection kind or None): finishing the client's cut-off sentence is a complex reflection.
COMPLETIONS = [
    ("J'ai rien sur mon CV qui parle de—", "La technologie.", COMPLEX),
    ("Ça a l'air d'être, ça a l'air d'être la—", "C'est une priorité.", COMPLEX),
    ("Le soir, quand les enfants dorment, je me retrouve seule avec-", "Avec vos pensées.", COMPLEX),
    # Near misses: too few words before the dash, a backchannel, a long statement, the therapist's own words.
    ("Oui, oui. D'accord. Juste—", "La technologie.", None),
    ("J'ai rien sur mon CV qui parle de—", "D'accord.", None),
    ("J'ai rien sur mon CV qui parle de—", "Je vais vous donner la liste des formations du centre.", None),
    ("J'ai rien sur mon CV qui parle de—", "Je vois.", None),
]


@pytest.mark.parametrize(("client", "therapist", "kind"), COMPLETIONS)
def test_finishing_the_clients_sentence(code_exchange, client, therapist, kind):
    coded = code_exchange(client, therapist)
    assert coded.reflection == kind, [(m.label, m.rule) for m in coded.markers]
    if kind is not None:
        assert any(m.rule.endswith("complex:completes_client") for m in coded.markers)


# (client, therapist, whether a reflective opener counts): an opener running into an infinitive or a cleft frames no view.
OPENERS = [
    ("Ma famille compte plus que tout, mes petits-enfants surtout.", "Pour vous, ce qui compte, c'est votre famille.", True),
    ("Le médecin m'a envoyée ici pour le cholestérol.", "Je suis là pour vous parler de votre cholestérol.", False),
    ("J'ai pas d'asthme à cause du chien.", "C'est pour vous que je m'inquiète, pas pour le chien.", False),
]


@pytest.mark.parametrize(("client", "therapist", "counts"), OPENERS)
def test_an_opener_must_frame_the_clients_view(code_exchange, client, therapist, counts):
    coded = code_exchange(client, therapist)
    rules = " ".join(m.rule for m in coded.markers)
    assert ("opener:pour_vous" in rules) == counts, rules


def test_thanks_stays_an_affirmation(code_exchange):
    coded = code_exchange("J'ai confiance en vous, ça m'aide beaucoup.", "Merci pour votre confiance aujourd'hui.")
    assert [m.rule for m in coded.markers if m.label == L.AFFIRMATION] == ["merci_de"]


def test_rising_intonation_reflection_is_not_a_question(code_exchange):
    coded = code_exchange("Je me sens seule depuis le déménagement.", "Donc vous vous sentez seule depuis le déménagement ?")
    assert coded.question is None


def test_reflection_needs_a_client_turn_to_mirror(code_exchange):
    coded = code_exchange("Vous vous sentez seule depuis le déménagement.")
    assert coded.reflection is None


def test_a_continued_reflection_stays_a_reflection(code_exchange):
    coded = code_exchange(
        "Je veux arrêter, mais le vin m'aide à décompresser.",
        "D'un côté vous voulez arrêter, et de l'autre le vin vous aide à décompresser-",
        "Mm-hmm.",
        "-surtout le soir, quand les enfants dorment.",
    )
    assert coded.reflection == COMPLEX
    assert any("continues the reflection" in m.rule for m in coded.markers)


def test_reflection_evidence_names_rule_and_span(code_exchange):
    therapist = "Si je comprends bien, vous n'arrivez pas à arrêter de fumer."
    coded = code_exchange("Je n'arrive pas à arrêter de fumer.", therapist)
    marker = next(m for m in coded.markers if m.label.startswith("REFLECTION"))
    assert "opener:si_je_comprends_bien" in marker.rule
    assert therapist[marker.start_char : marker.end_char] == marker.text


@pytest.mark.parametrize(
    ("text", "hooked", "without_vector"),
    [
        ("Vous vous sentez épuisée par le travail et les enfants.", False, 0),
        ("Votre fils ne vous parle plus depuis deux mois, xqzvtw.", False, 1),  # a made-up word has no vector
        ("Vous vous sentez épuisée par le travail et les enfants.", True, 1),  # a vector hook, spaCy's way: "." has none
    ],
)
def test_word_vectors_are_spacys_own(nlp, text, hooked, without_vector):
    """The vectors that similarity scoring reads are the very arrays of `token.vector`, for the tokens that have one."""
    from analyser.coding.reflections import _word_vectors

    doc = nlp(text)
    if hooked:
        doc.user_token_hooks["vector"] = lambda token: numpy.full(3, float(len(token.text)), dtype="f")
        doc.user_token_hooks["has_vector"] = lambda token: token.is_alpha
    tokens = list(doc)
    expected = [token.vector for token in tokens if token.has_vector]
    found = _word_vectors(tokens)
    assert len(found) == len(expected) == len(tokens) - without_vector
    assert all(numpy.array_equal(a, b) for a, b in zip(found, expected, strict=True))
