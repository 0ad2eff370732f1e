"""Tests of speaker roles: the label table, inclusive writing, user options and the question-asking heuristic."""

from __future__ import annotations

import pytest

from analyser.domain import Role, Transcript, Utterance
from analyser.read.roles import assign_roles, role_for_label

SOURCE = "seance-roles.txt"

ROLE_CASES: list[tuple[str, Role | None]] = [
    # French, case- and accent-insensitive
    ("Thérapeute", "therapist"),
    ("THÉRAPEUTE", "therapist"),
    ("therapeute", "therapist"),
    ("Psychothérapeute", "therapist"),
    ("Psy", "therapist"),
    ("Psychologue", "therapist"),
    ("Médecin", "therapist"),
    ("Docteur", "therapist"),
    ("Conseillère", "therapist"),
    ("Enquêteur", "therapist"),
    ("Patient", "client"),
    ("Patiente", "client"),
    ("PATIENTE", "client"),
    ("Bénéficiaire", "client"),
    ("Usagère", "client"),
    ("Interprète", "other"),
    ("Mère", "other"),
    ("inconnu", "other"),  # speech whose speaker the file does not say
    # English
    ("Therapist", "therapist"),
    ("Counselor", "therapist"),
    ("Interviewer", "therapist"),
    ("Client", "client"),
    ("Interviewee", "client"),
    # inclusive writing
    ("Praticien·ne", "therapist"),
    ("Praticien.ne", "therapist"),
    ("Praticien(ne)", "therapist"),
    ("Intervenant·e", "therapist"),
    ("Intervenant(e)", "therapist"),
    ("Conseiller·ère", "therapist"),
    ("Conseiller.ère", "therapist"),
    ("Infirmier·ère", "therapist"),
    ("Patient·e", "client"),
    ("Patient-e", "client"),
    ("Patient•e", "client"),
    ("Client·e", "client"),
    ("Client(e)", "client"),
    ("Client (e)", "client"),
    ("Consultant·e", "client"),
    ("Usager·ère", "client"),
    # titles and first words
    ("Dr Martin", "therapist"),
    ("Dr. Martin", "therapist"),
    ("Dr.", "therapist"),
    ("Dr", "therapist"),
    ("Patiente A", "client"),
    ("Interviewer (I)", "therapist"),
    # abbreviations
    ("T", "therapist"),
    ("t", "therapist"),
    ("T.", "therapist"),
    ("[T]", "therapist"),
    ("Th", "therapist"),
    ("TH", "therapist"),
    ("P", "client"),
    ("C", "client"),
    ("Pt", "client"),
    ("Cl", "client"),
    # numbered
    ("Patient 2", "client"),
    ("Thérapeute 2", "therapist"),
    ("T1", "therapist"),
    ("T 1", "therapist"),
    ("P1", "client"),
    # unknown
    ("SPEAKER_00", None),
    ("Speaker 1", None),
    ("Locuteur 1", None),
    ("Marie", None),
    ("Jean-Pierre", None),
    ("C. Durand", None),
    ("P. Durand", None),
    ("C.Durand", None),
    ("Mme Leroy", None),
    ("M. Leroy", None),
    ("Moi", None),
]


@pytest.mark.parametrize(("label", "role"), ROLE_CASES, ids=[label for label, _ in ROLE_CASES])
def test_role_for_label(label: str, role: Role | None) -> None:
    assert role_for_label(label) == role


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Cliente", "client"),
        ("Praticienne", "therapist"),
        ("Intervenante", "therapist"),
        ("Soignante", "therapist"),
        ("Docteure", "therapist"),
        ("Enquêtrice", "therapist"),
        ("Interviewé", "client"),
        ("Dr.Martin", "therapist"),
        # An initial glued to a short name is a name, not an inclusive ending.
        ("C.Lee", None),
        ("T.Ho", None),
        ("P.Li", None),
    ],
)
def test_role_for_label_feminine_forms_and_initials(label: str, role: Role | None) -> None:
    assert role_for_label(label) == role


# --- assign_roles ---------------------------------------------------------------------


def _transcript(*turns: tuple[str, str]) -> Transcript:
    utterances = tuple(Utterance(i, speaker, "other", text, source_line=i + 1) for i, (speaker, text) in enumerate(turns))
    return Transcript(session_id="s", source=SOURCE, utterances=utterances, warnings=("reader warning",))


def _roles_and_sources(transcript: Transcript) -> tuple[dict[str, str], dict[str, str]]:
    return transcript.roles, dict(transcript.role_source)


def test_labels_decide_roles() -> None:
    transcript = _transcript(
        ("Thérapeute", "Bonjour, qu'est-ce qui vous amène ?"),
        ("Patiente", "Je dors mal depuis des mois."),
        ("Interprète", "Elle dit qu'elle dort mal."),
    )
    result = assign_roles(transcript)
    assert _roles_and_sources(result) == (
        {"Thérapeute": "therapist", "Patiente": "client", "Interprète": "other"},
        {"Thérapeute": "label", "Patiente": "label", "Interprète": "label"},
    )
    assert [u.role for u in result.utterances] == ["therapist", "client", "other"]
    assert result.warnings == ("reader warning",)


def test_labels_win_over_question_asking() -> None:
    # The patient asks every question; the labels still decide.
    transcript = _transcript(
        ("Patient", "Est-ce que c'est grave ? Combien de séances faut-il ?"),
        ("Psy", "Ce n'est pas grave. Nous verrons ensemble."),
    )
    assert _roles_and_sources(assign_roles(transcript)) == (
        {"Patient": "client", "Psy": "therapist"},
        {"Patient": "label", "Psy": "label"},
    )


def test_assign_roles_keeps_text_and_order() -> None:
    transcript = _transcript(("T", "Bonjour."), ("P", "Bonjour."), ("T", "On commence ?"))
    result = assign_roles(transcript)
    assert [(u.index, u.speaker, u.text, u.source_line) for u in result.utterances] == [
        (u.index, u.speaker, u.text, u.source_line) for u in transcript.utterances
    ]
    assert all(u.role == "other" for u in transcript.utterances)  # the input is left alone


def test_options_override_labels_case_insensitively() -> None:
    transcript = _transcript(
        ("Patient", "Vous pouvez m'en dire plus ?"),
        ("Thérapeute", "Je suis venu pour parler de mon travail."),
    )
    result = assign_roles(transcript, therapist_labels=["PATIENT"], client_labels=["therapeute"])
    assert _roles_and_sources(result) == (
        {"Patient": "therapist", "Thérapeute": "client"},
        {"Patient": "option", "Thérapeute": "option"},
    )
    assert result.warnings == ("reader warning",)


def test_options_match_unknown_speakers() -> None:
    transcript = _transcript(
        ("SPEAKER_00", "Je vous écoute."),
        ("SPEAKER_01", "Comment dire ? Pourquoi moi ?"),
        ("SPEAKER_02", "Je suis sa sœur."),
    )
    result = assign_roles(transcript, therapist_labels=["speaker_00"], client_labels=["Speaker_01"])
    assert _roles_and_sources(result) == (
        {"SPEAKER_00": "therapist", "SPEAKER_01": "client", "SPEAKER_02": "other"},
        {"SPEAKER_00": "option", "SPEAKER_01": "option", "SPEAKER_02": "heuristic"},
    )


def test_option_for_therapist_only_leaves_client_to_heuristic() -> None:
    transcript = _transcript(
        ("Marie", "Bonjour, comment allez-vous ?"),
        ("Paul", "Bof. Je dors mal, je suis épuisé, et le travail n'arrange rien."),
        ("Claire", "Oui."),
    )
    result = assign_roles(transcript, therapist_labels=["Claire"])
    assert _roles_and_sources(result) == (
        {"Marie": "other", "Paul": "client", "Claire": "therapist"},
        {"Marie": "heuristic", "Paul": "heuristic", "Claire": "option"},
    )


@pytest.mark.parametrize(
    ("therapist_labels", "client_labels", "warning"),
    [
        (["Dr Martin"], [], f"{SOURCE}: the therapist label 'Dr Martin' matches no speaker"),
        ([], ["Patiente"], f"{SOURCE}: the client label 'Patiente' matches no speaker"),
    ],
    ids=["therapist", "client"],
)
def test_option_matching_no_speaker_warns(therapist_labels: list[str], client_labels: list[str], warning: str) -> None:
    transcript = _transcript(("T", "Bonjour."), ("P", "Bonjour."))
    result = assign_roles(transcript, therapist_labels=therapist_labels, client_labels=client_labels)
    assert result.warnings == ("reader warning", warning)
    assert _roles_and_sources(result) == ({"T": "therapist", "P": "client"}, {"T": "label", "P": "label"})


def test_heuristic_picks_the_questioner_even_when_speaking_second() -> None:
    transcript = _transcript(
        ("Paul", "Bonjour."),
        ("Marie", "Bonjour. Qu'est-ce qui vous amène ?"),
        ("Paul", "Le travail, surtout le travail. Je n'en peux plus."),
        ("Marie", "Pouvez-vous m'en dire plus ?"),
        ("Paul", "On nous demande toujours plus, avec moins de monde."),
        ("Marie", "Depuis quand est-ce comme ça"),
    )
    assert _roles_and_sources(assign_roles(transcript)) == (
        {"Paul": "client", "Marie": "therapist"},
        {"Paul": "heuristic", "Marie": "heuristic"},
    )


def test_heuristic_counts_interrogative_openers_without_question_mark() -> None:
    # Paul speaks first; Marie's utterances open with "comment", "racontez", "depuis quand", never a "?".
    transcript = _transcript(
        ("Paul", "Je viens pour mon sommeil."),
        ("Marie", "Comment ça se passe la nuit."),
        ("Paul", "Mal. Je me réveille à trois heures."),
        ("Marie", "Racontez-moi une nuit ordinaire."),
        ("Paul", "Je regarde l'heure toutes les dix minutes."),
        ("Marie", "Depuis quand c'est ainsi."),
    )
    assert assign_roles(transcript).roles == {"Paul": "client", "Marie": "therapist"}


def test_heuristic_score_is_not_fooled_by_one_short_question() -> None:
    # Léa: 1 question in 1 utterance -> 1/3. Marie: 3 questions in 5 utterances -> 3/7, which is more.
    transcript = _transcript(
        ("Léa", "Pardon ?"),
        ("Marie", "Qu'est-ce qui vous amène ?"),
        ("Paul", "Ma fille."),
        ("Marie", "Et vous, qu'en pensez-vous ?"),
        ("Paul", "Je ne sais pas."),
        ("Marie", "Vous hésitez."),
        ("Paul", "Oui, un peu. J'ai peur de ce qu'elle va dire."),
        ("Marie", "Peur de quoi ?"),
        ("Marie", "Prenez votre temps."),
    )
    result = assign_roles(transcript)
    assert result.roles == {"Léa": "other", "Marie": "therapist", "Paul": "client"}
    assert set(result.role_source.values()) == {"heuristic"}


def test_heuristic_tie_goes_to_first_speaker() -> None:
    transcript = _transcript(
        ("Paul", "Bonjour."),
        ("Marie", "Bonjour, je suis là pour parler de mon travail."),
        ("Paul", "Je vous écoute."),
        ("Marie", "Je dors mal, je suis épuisée."),
    )
    assert _roles_and_sources(assign_roles(transcript)) == (
        {"Paul": "therapist", "Marie": "client"},
        {"Paul": "heuristic", "Marie": "heuristic"},
    )


def test_heuristic_client_is_wordiest_remaining_others_are_other() -> None:
    transcript = _transcript(
        ("Marie", "Qu'est-ce qui vous amène tous les deux ?"),
        ("Paul", "Oui."),
        ("Sophie", "C'est moi qui ai voulu venir, parce que depuis des mois on ne se parle plus à la maison."),
        ("Paul", "C'est vrai."),
        ("Marie", "Comment le vivez-vous ?"),
        ("Luc", "Mal."),
    )
    assert _roles_and_sources(assign_roles(transcript)) == (
        {"Marie": "therapist", "Paul": "other", "Sophie": "client", "Luc": "other"},
        {"Marie": "heuristic", "Paul": "heuristic", "Sophie": "heuristic", "Luc": "heuristic"},
    )


def test_heuristic_client_tie_goes_to_first_speaker() -> None:
    transcript = _transcript(
        ("Marie", "Comment allez-vous ?"),
        ("Paul", "Très bien, merci."),
        ("Sophie", "Plutôt bien, oui."),
    )
    assert assign_roles(transcript).roles == {"Marie": "therapist", "Paul": "client", "Sophie": "other"}


@pytest.mark.parametrize(
    ("turns", "roles", "sources"),
    [
        (
            (("Thérapeute", "Bonjour."), ("SPEAKER_01", "Bonjour, je viens pour mon fils."), ("Thérapeute", "Je vous écoute.")),
            {"Thérapeute": "therapist", "SPEAKER_01": "client"},
            {"Thérapeute": "label", "SPEAKER_01": "heuristic"},
        ),
        (
            (("Marie", "Bonjour, qu'est-ce qui vous amène ?"), ("Patiente", "Mon sommeil.")),
            {"Marie": "therapist", "Patiente": "client"},
            {"Marie": "heuristic", "Patiente": "label"},
        ),
        (
            (("Patiente", "Est-ce normal ?"), ("Marie", "Oui.")),
            {"Patiente": "client", "Marie": "therapist"},
            {"Patiente": "label", "Marie": "heuristic"},
        ),
    ],
    ids=["known-therapist-unknown-client", "unknown-therapist-known-client", "questioning-client-known"],
)
def test_one_known_label_one_unknown_speaker(
    turns: tuple[tuple[str, str], ...], roles: dict[str, str], sources: dict[str, str]
) -> None:
    assert _roles_and_sources(assign_roles(_transcript(*turns))) == (roles, sources)


def test_all_speakers_known_leaves_nothing_to_heuristic() -> None:
    transcript = _transcript(("T1", "Bonjour."), ("T2", "Bonjour."), ("P", "Bonjour."))
    result = assign_roles(transcript)
    assert result.roles == {"T1": "therapist", "T2": "therapist", "P": "client"}
    assert "heuristic" not in result.role_source.values()


def test_heuristic_openers_match_whole_words() -> None:
    # Marie asks nothing; Paul asks the only question. Marie's three "Quel..." statements score 3/5 against Paul's 1/5.
    transcript = _transcript(
        ("Marie", "Quelque chose ne va pas."),
        ("Paul", "Je vous écoute."),
        ("Marie", "Quelqu'un m'a parlé de vous."),
        ("Paul", "Vous pouvez m'en dire plus ?"),
        ("Marie", "Quelquefois je ne dors pas de la nuit."),
        ("Paul", "D'accord."),
    )
    assert assign_roles(transcript).roles == {"Marie": "client", "Paul": "therapist"}


def test_a_label_given_as_both_roles_is_a_warning() -> None:
    transcript = _transcript(("A", "Bonjour ?"), ("B", "Bonjour."))
    result = assign_roles(transcript, therapist_labels=("A",), client_labels=("a",))
    assert result.roles["A"] == "client"
    assert any("is given as therapist and as client; taken as client" in w for w in result.warnings)
