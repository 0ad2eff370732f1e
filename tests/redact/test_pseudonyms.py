"""Finding names, e-mail addresses and phone numbers, and numbering them consistently within a session."""

from __future__ import annotations

import pytest

from analyser.read.roles import assign_roles
from analyser.read.txt import read_txt
from analyser.redact import apply, find_pseudonyms, label_name_span
from analyser.resources import ambiguous_first_names, word_list
from analyser.textnorm import fold


def _session(*lines: str):
    data = "\n".join(lines).encode("utf-8")
    return assign_roles(read_txt(data, source="seance.txt", session_id="seance"), therapist_labels=("Thérapeute",))


@pytest.fixture(scope="session")
def nlp_with_entities():
    """The pipeline with its named-entity recogniser, as --redact loads it."""
    from analyser.nlp.pipeline import load_pipeline

    return load_pipeline(entities=True)


@pytest.fixture(scope="session")
def redact_lines(nlp_with_entities):
    """`redact_lines("Client : …", …)` -> each utterance's text as written out under --redact."""
    from analyser.nlp.pipeline import parse

    def run(*lines: str) -> list[str]:
        transcript = _session(*lines)
        docs = list(parse(nlp_with_entities, (u.analysis_text for u in transcript.utterances)))
        pseudonyms = find_pseudonyms(transcript, docs)
        return [pseudonyms.redact_utterance(u.index, u.text) for u in transcript.utterances]

    return run


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        # first names alone, in any case, with accents, hyphenated, of every origin
        ("J'ai vu Mélissa hier.", "J'ai vu PERSONNE_1 hier."),
        ("euh karim exagère toujours.", "euh PERSONNE_1 exagère toujours."),
        ("Avec Anne-Sophie et Jean-Baptiste.", "Avec PERSONNE_1 et PERSONNE_2."),
        ("Aminata, Oumar et Dmitri viennent jeudi.", "PERSONNE_1, PERSONNE_2 et PERSONNE_3 viennent jeudi."),
        ("C'est Thi Hoa Nguyen qui l'a dit.", "C'est PERSONNE_1 qui l'a dit."),
        # full names, titles followed by a surname
        ("Mon chef, Piotr Kowalski, écrit la nuit.", "Mon chef, PERSONNE_1, écrit la nuit."),
        ("J'ai vu M. Kowalski et Mme Lefèvre.", "J'ai vu M. PERSONNE_1 et Mme PERSONNE_2."),
        ("Le docteur Lemaire m'a arrêté.", "Le docteur PERSONNE_1 m'a arrêté."),
        ("Maître Oliveira défend la famille.", "Maître PERSONNE_1 défend la famille."),
        ("Le Pr Dubois-Fontaine était dur.", "Le Pr PERSONNE_1 était dur."),
        ("Merci madame Haddad.", "Merci madame PERSONNE_1."),
        # particles and initials glued by an apostrophe belong to the surname, after a title or a first name
        ("Mme de Kerguelen a appelé.", "Mme PERSONNE_1 a appelé."),
        ("Il a raison, M. Da Silva.", "Il a raison, M. PERSONNE_1."),
        ("Madame Le Gall, et vous ?", "Madame PERSONNE_1, et vous ?"),
        ("Ma conseillère, Mme N’Diaye, m'a rappelée.", "Ma conseillère, Mme PERSONNE_1, m'a rappelée."),
        ("J'ai écrit à M. O'Brien et à Mme D'Souza.", "J'ai écrit à M. PERSONNE_1 et à Mme PERSONNE_2."),
        ("J'ai vu Mme de la Tour et M. d'Ormesson.", "J'ai vu Mme PERSONNE_1 et M. PERSONNE_2."),
        ("C'est Fatou N'Diaye qui m'a aidée, avec Kevin O'Connor.", "C'est PERSONNE_1 qui m'a aidée, avec PERSONNE_2."),
        # a lower-case surname that the model puts in one PER entity with a lower-case first name
        ("Et c'est son mari, mamadou traoré, qui nous a aidés.", "Et c'est son mari, PERSONNE_1, qui nous a aidés."),
        ("J'ai vu karim benali hier.", "J'ai vu PERSONNE_1 hier."),  # "hier" is in the entity, but a known word
        # a capitalised proper noun inside a sentence, in no place, organisation or other entity
        ("J'ai parlé avec Kenzo et Riwal hier.", "J'ai parlé avec PERSONNE_1 et PERSONNE_2 hier."),
        # a listed first name wins over the model's place: first names that are places are listed as such
        ("Elle traîne avec Awa et Yacine.", "Elle traîne avec PERSONNE_1 et PERSONNE_2."),
        # naming cues give names that no list holds, and first names that are also words
        ("Mon collègue, il s'appelle Tenzin.", "Mon collègue, il s'appelle PERSONNE_1."),
        ("Mon amie Bérangère m'a aidée.", "Mon amie PERSONNE_1 m'a aidée."),
        ("Mon pote Pierre dit que non.", "Mon pote PERSONNE_1 dit que non."),
        ("ma fille rose a peur.", "ma fille PERSONNE_1 a peur."),
        ("Et papi René avait un proverbe.", "Et papi PERSONNE_1 avait un proverbe."),
        # family words name someone without a determiner
        ("À l'enterrement de pépé Jakez, personne n'a parlé.", "À l'enterrement de pépé PERSONNE_1, personne n'a parlé."),
        ("Ma mémé Loïg disait ça.", "Ma mémé PERSONNE_1 disait ça."),
        ("Son parrain Dunvel vient, avec cousine Bleuenn.", "Son parrain PERSONNE_1 vient, avec cousine PERSONNE_2."),
        # e-mail addresses and phone numbers in French formats
        ("Écrivez à sofiane.haddad@gmail.com demain.", "Écrivez à EMAIL_1 demain."),
        ("C'est moussa point keita arobase gmail point com.", "C'est EMAIL_1."),
        ("Au 06 12 34 56 78.", "Au TELEPHONE_1."),
        ("Au 06.12.34.56.78 ou au 01-23-45-67-89.", "Au TELEPHONE_1 ou au TELEPHONE_2."),
        ("Le 0612345678, le +33 6 98 76 54 32, le +33 (0)4 78 12 34 56.", "Le TELEPHONE_1, le TELEPHONE_2, le TELEPHONE_3."),
    ],
)
def test_names_contacts_found(redact_lines, text, redacted):
    assert redact_lines(f"Client : {text}")[0] == redacted


@pytest.mark.parametrize(
    "text",
    [
        "Il dit que j'ai une pierre à la place du cœur.",  # a first name that is a word, in lower case
        "C'est claire, la rose est fanée.",
        "Lundi, je suis allée à Lyon, puis à Marseille en mars.",  # days, months, places
        "À Noël on part en France, à Nancy.",  # feasts and places that are also first names
        "Vous êtes marié ?",  # "marié" is not "Marie"
        "Divorcé.",  # a one-word answer the model may call a person
        "Bonjour docteur, merci madame.",  # titles without a name, role words
        "Le thérapeute et le patient sont d'accord.",
        "Je l'ai vu aujourd'hui à dix heures.",
        "Franchement, Voilà. Écoutez, Bref.",  # capitalised words that open sentences
        "J'ai payé 120 euros le 12 03 2024.",  # numbers that are no phone
        "On se voit à la Toussaint.",  # a PER entity after "le", "la", "au"… with no title is a feast, a shop or a place
        "Je suis garée devant le Leclerc.",
        "Monsieur le Maire a parlé, puis Madame la Juge.",  # offices after a title and a determiner
        "C'est quand même Lyon qui gagne, et même Paris.",  # "même" is not "mémé"
        "On a parlé des IST et du dépistage au CeGIDD.",  # acronyms are no names
    ],
)
def test_words_kept(redact_lines, text):
    assert redact_lines(f"Client : {text}")[0] == text


@pytest.mark.parametrize(
    ("lines", "redacted"),
    [
        # a proper noun cut from a known first name is that person's nickname
        (("J'ai vu Joaquim hier.", "Quim, il arrête pas de me dire ça."), ["J'ai vu PERSONNE_1 hier.", "PERSONNE_1, il arrête pas de me dire ça."]),
        (("Maximilien est venu.", "Et Max aussi."), ["PERSONNE_1 est venu.", "Et PERSONNE_1 aussi."]),
        # not after a determiner or a place preposition
        (("Christophe est venu.", "Il a prié le Christ."), ["PERSONNE_1 est venu.", "Il a prié le Christ."]),
        (("J'ai vu Malika hier.", "Elle part au Mali."), ["J'ai vu PERSONNE_1 hier.", "Elle part au Mali."]),
    ],
)
def test_nicknames(redact_lines, lines, redacted):
    assert redact_lines(*(f"Client : {line}" for line in lines)) == redacted


def test_one_person_one_pseudonym_in_any_case(redact_lines):
    lines = redact_lines(
        "Client : Marie Dupont est ma sœur.",
        "Thérapeute : Et Marie, qu'en pense-t-elle ?",
        "Client : marie ne dit rien. Mme Dupont non plus, ni MARIE.",
        "Client : Paul aussi, et paul est venu.",
    )
    assert lines == [
        "PERSONNE_1 est ma sœur.",
        "Et PERSONNE_1, qu'en pense-t-elle ?",
        "PERSONNE_1 ne dit rien. Mme PERSONNE_1 non plus, ni PERSONNE_1.",
        "PERSONNE_2 aussi, et PERSONNE_2 est venu.",
    ]


def test_same_number_same_pseudonym(redact_lines):
    lines = redact_lines("Client : Au 06 12 34 56 78.", "Client : Donc le 0612345678, ou le +33 6 12 34 56 78, ou a@b.fr, A@B.fr.")
    assert lines == ["Au TELEPHONE_1.", "Donc le TELEPHONE_1, ou le TELEPHONE_1, ou EMAIL_1, EMAIL_1."]


def test_numbered_in_order_of_first_appearance(redact_lines):
    lines = redact_lines("Client : Je parle de Yasmine.", "Client : Puis de Karim, et de Yasmine encore.")
    assert lines == ["Je parle de PERSONNE_1.", "Puis de PERSONNE_2, et de PERSONNE_1 encore."]


def test_the_same_session_gives_the_same_pseudonyms(redact_lines):
    lines = ("Client : Karim et Inès sont venus.", "Thérapeute : Et Mme Benali ?")
    assert redact_lines(*lines) == redact_lines(*lines)


def test_surname_shared_by_two_people_goes_to_the_last_mentioned(redact_lines):
    lines = redact_lines("Client : Marie Dupont et Paul Dupont.", "Client : Paul Dupont est parti. Dupont revient lundi.")
    assert lines[1] == "PERSONNE_2 est parti. PERSONNE_2 revient lundi."


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("Thérapeute", ""),
        ("T", ""),
        ("Client", ""),
        ("Patiente A", ""),
        ("SPEAKER_00", ""),
        ("spk3", ""),
        ("Locuteur 2", ""),
        ("inconnu", ""),
        ("Dr Martin", "Martin"),
        ("Mme Carvalho", "Carvalho"),
        ("Sophie", "Sophie"),
        ("Fatiha Haddad", "Fatiha Haddad"),
    ],
)
def test_name_in_speaker_label(label, name):
    start, end = label_name_span(label)
    assert label[start:end] == name


def test_labels_pseudonymised_and_found_in_text(redact_lines):
    transcript = _session("Dr Vasseur : Bonjour Sofiane.", "Sofiane : Bonjour docteur Vasseur.", "Thérapeute : Et sofiane ?")
    pseudonyms = find_pseudonyms(transcript)
    assert pseudonyms.labels == {"Dr Vasseur": "Dr PERSONNE_1", "Sofiane": "PERSONNE_2"}
    assert pseudonyms.label("Thérapeute") == "Thérapeute"
    assert [pseudonyms.redact_utterance(u.index, u.text) for u in transcript.utterances] == [
        "Bonjour PERSONNE_2.",
        "Bonjour docteur PERSONNE_1.",
        "Et PERSONNE_2 ?",
    ]


@pytest.mark.parametrize(
    ("path", "redacted"),
    [
        ("seance-marie-dupont.txt", "seance-PERSONNE_1.txt"),
        ("/home/alice/suivi/DUPONT_Marie_2.txt", "/home/PERSONNE_1/suivi/PERSONNE_2_2.txt"),
        ("patients/Mme-Lefevre/entretien 3.txt", "patients/Mme-PERSONNE_1/entretien 3.txt"),
        ("appel-0612345678.txt", "appel-TELEPHONE_1.txt"),
        ("samples/premiere-seance-alliance.txt", "samples/premiere-seance-alliance.txt"),
    ],
)
def test_paths(path, redacted):
    assert find_pseudonyms(_session("Client : Bonjour."), paths=[path]).redact_path(path) == redacted


def test_path_uses_the_names_of_the_session():
    transcript = _session("Client : Je suis Sofiane Haddad.", "Thérapeute : Et Mme Haddad, votre mère ?")
    pseudonyms = find_pseudonyms(transcript, paths=["seance-haddad-sofiane.txt"])
    assert pseudonyms.redact_path("seance-haddad-sofiane.txt") == "seance-PERSONNE_1.txt"


def test_apply_keeps_the_rest():
    from analyser.redact import Replacement

    assert apply("Bonjour Marie !", [Replacement(8, 13, "PERSONNE_1", "first_name")]) == "Bonjour PERSONNE_1 !"


def test_name_lists():
    names = {fold(name) for name in word_list("first_names.txt")}
    assert len(names) >= 1500
    assert set(ambiguous_first_names()) <= names
    assert {"pierre", "rose", "claire", "france", "noel"} <= set(ambiguous_first_names())
    assert not {fold(word) for word in word_list("not_names.txt")} & {"marie", "sofiane"}
