"""Tests of speaker roles: the label table, inclusive writing, user options and the question-asking heuristic."""

from __future__ import annotations

import pickle

import pytest

from analyser.domain import Role, Transcript, Utterance
from analyser.messages import say
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
    ("Interpreter", "other"),
    ("Traductrice", "other"),
    # a second professional counts with the therapist
    ("Co-thérapeute", "therapist"),
    ("Cothérapeute", "therapist"),
    ("Co thérapeute", "therapist"),
    ("Co-therapist", "therapist"),
    ("Co-animatrice", "therapist"),
    ("Infirmière", "therapist"),
    ("Interne", "therapist"),
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
    # relatives are placed by the rule, not by the table: everyone but the therapist is a client
    ("Mère", None),
    ("Père", None),
    ("Conjointe", None),
    ("Monsieur", None),
    ("Madame", None),
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
        {"SPEAKER_00": "therapist", "SPEAKER_01": "client", "SPEAKER_02": "client"},
        {"SPEAKER_00": "option", "SPEAKER_01": "option", "SPEAKER_02": "heuristic"},
    )


def test_option_for_therapist_only_makes_the_others_clients() -> None:
    transcript = _transcript(
        ("Marie", "Bonjour, comment allez-vous ?"),
        ("Paul", "Bof. Je dors mal, je suis épuisé, et le travail n'arrange rien."),
        ("Claire", "Oui."),
    )
    result = assign_roles(transcript, therapist_labels=["Claire"])
    assert _roles_and_sources(result) == (
        {"Marie": "client", "Paul": "client", "Claire": "therapist"},
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
    assert result.roles == {"Léa": "client", "Marie": "therapist", "Paul": "client"}
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


def test_heuristic_everyone_but_the_therapist_is_a_client() -> None:
    transcript = _transcript(
        ("Marie", "Qu'est-ce qui vous amène tous les deux ?"),
        ("Paul", "Oui."),
        ("Sophie", "C'est moi qui ai voulu venir, parce que depuis des mois on ne se parle plus à la maison."),
        ("Paul", "C'est vrai."),
        ("Marie", "Comment le vivez-vous ?"),
        ("Luc", "Mal."),
    )
    assert _roles_and_sources(assign_roles(transcript)) == (
        {"Marie": "therapist", "Paul": "client", "Sophie": "client", "Luc": "client"},
        {"Marie": "heuristic", "Paul": "heuristic", "Sophie": "heuristic", "Luc": "heuristic"},
    )


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
    # B, the one speaker left, can only be the therapist: nothing else to warn about.
    assert result.warnings == ("reader warning", f"{SOURCE}: 'a' is given as therapist and as client; taken as client")
    assert say(result.warnings[1], "fr") == f"{SOURCE} : « a » est donné comme thérapeute et comme client ; pris comme client"


# --- families, couples, co-therapists, and the warning of guessed roles --------------------------

QUESTION = "Qu'est-ce qui vous amène ?"
ANSWER = "On se dispute tous les soirs depuis la rentrée, et personne ne veut céder."

LABEL_SETS: list[tuple[str, tuple[str, ...], dict[str, Role], bool]] = [
    # (case, speakers in order of speaking, roles, whether a role was guessed: the warning)
    ("family", ("Thérapeute", "Mère", "Lucas"), {"Thérapeute": "therapist", "Mère": "client", "Lucas": "client"}, True),
    ("couple", ("Psy", "Monsieur", "Madame"), {"Psy": "therapist", "Monsieur": "client", "Madame": "client"}, True),
    ("co-therapist", ("Thérapeute", "Co-thérapeute", "Patient"), {"Thérapeute": "therapist", "Co-thérapeute": "therapist", "Patient": "client"}, False),
    ("psychologist and nurse", ("Psychologue", "Infirmière", "Patiente"), {"Psychologue": "therapist", "Infirmière": "therapist", "Patiente": "client"}, False),
    ("interpreter", ("Médecin", "Patient", "Interprète"), {"Médecin": "therapist", "Patient": "client", "Interprète": "other"}, False),
    ("two labels", ("Thérapeute", "Patient"), {"Thérapeute": "therapist", "Patient": "client"}, False),
    ("two labels, abbreviated", ("T", "P"), {"T": "therapist", "P": "client"}, False),
    ("therapist label, a name", ("Thérapeute", "Marie"), {"Thérapeute": "therapist", "Marie": "client"}, False),
    ("client label, a name", ("Anne", "Patiente"), {"Anne": "therapist", "Patiente": "client"}, False),
    ("interpreter and a name", ("Thérapeute", "Interprète", "Marie"), {"Thérapeute": "therapist", "Interprète": "other", "Marie": "client"}, False),
    ("a third person beside the client", ("Thérapeute", "Patient", "Marie"), {"Thérapeute": "therapist", "Patient": "client", "Marie": "client"}, True),
    ("diarisation, two speakers", ("SPEAKER_00", "SPEAKER_01"), {"SPEAKER_00": "therapist", "SPEAKER_01": "client"}, True),
    ("diarisation, a family", ("SPEAKER_00", "SPEAKER_01", "SPEAKER_02"), {"SPEAKER_00": "therapist", "SPEAKER_01": "client", "SPEAKER_02": "client"}, True),
]


def _session_of(speakers: tuple[str, ...]) -> Transcript:
    """The first speaker asks, the others answer; then the same again, so that every speaker speaks twice."""
    turns = [(speaker, QUESTION if position == 0 else ANSWER) for position, speaker in enumerate(speakers)]
    return _transcript(*turns, *turns)


@pytest.mark.parametrize(("speakers", "roles", "guessed"), [case[1:] for case in LABEL_SETS], ids=[case[0] for case in LABEL_SETS])
def test_label_sets_give_roles(speakers: tuple[str, ...], roles: dict[str, Role], guessed: bool) -> None:
    result = assign_roles(_session_of(speakers))
    assert result.roles == roles
    warned = [w for w in result.warnings if getattr(w, "key", None) == "roles.guessed"]
    assert len(warned) == int(guessed)


def test_the_warning_lists_every_role_and_how_to_correct_it() -> None:
    result = assign_roles(_session_of(("Thérapeute", "Mère", "Lucas")))
    (warning,) = result.warnings[1:]
    assert warning == (
        f"{SOURCE}: guessed roles: Thérapeute = therapist (label), Mère = client, Lucas = client"
        " (everyone but the therapist is a client); to correct: --speaker-map Mère=other"
    )
    assert say(warning, "fr") == (
        f"{SOURCE} : rôles devinés : Thérapeute = thérapeute (étiquette), Mère = client, Lucas = client"
        " (tous les non-thérapeutes sont des clients) ; pour corriger : --speaker-map Mère=other"
    )


def test_the_correction_it_suggests_silences_it() -> None:
    result = assign_roles(_session_of(("Thérapeute", "Mère", "Lucas")), other_labels=["Mère"])
    assert result.roles == {"Thérapeute": "therapist", "Mère": "other", "Lucas": "client"}
    assert result.warnings == ("reader warning",)  # Lucas is the one speaker left for the client's role


def test_a_guessed_therapist_is_named_with_its_reason() -> None:
    result = assign_roles(_session_of(("SPEAKER_00", "SPEAKER_01")))
    assert say(result.warnings[1], "fr") == (
        f"{SOURCE} : rôles devinés : SPEAKER_00 = thérapeute (pose le plus de questions), SPEAKER_01 = client"
        " (tous les non-thérapeutes sont des clients) ; pour corriger : --speaker-map SPEAKER_00=client"
    )
    assert result.role_source == {"SPEAKER_00": "heuristic", "SPEAKER_01": "heuristic"}


def test_options_labels_and_the_speaker_left_each_say_their_reason() -> None:
    result = assign_roles(_session_of(("Psy", "Anne Roux", "Interprète", "Paul")), client_labels=["paul"])
    assert result.roles == {"Psy": "therapist", "Anne Roux": "client", "Interprète": "other", "Paul": "client"}
    assert result.warnings[1] == (
        f"{SOURCE}: guessed roles: Psy = therapist (label), Anne Roux = client (everyone but the therapist is a client),"
        " Interprète = other (label), Paul = client (option); to correct: --speaker-map 'Anne Roux=other'"
    )


def test_the_warning_of_a_crowd_is_said_in_both_languages_and_crosses_processes() -> None:
    # Thousands of diarised speakers: the list nests as a balanced tree, never too deep to say or to pickle.
    speakers = tuple(f"SPEAKER_{n:04d}" for n in range(2000))
    result = assign_roles(_transcript(*((speaker, QUESTION if speaker == speakers[0] else "Oui.") for speaker in speakers)))
    (warning,) = result.warnings[1:]
    copy = pickle.loads(pickle.dumps(warning))
    assert copy.in_lang("fr") == say(warning, "fr")
    assert say(warning, "fr").count(" = client") == 1999
    assert str(copy).endswith("SPEAKER_1999 = client (everyone but the therapist is a client); to correct: --speaker-map SPEAKER_0000=client")


@pytest.mark.parametrize(
    ("speakers", "key", "english", "french"),
    [
        (("Thérapeute",), "roles.no_client_alone", "no speaker is the client (the only speaker)", "aucun locuteur n'est le client (un seul locuteur)"),
        (("Client", "Patiente"), "roles.no_therapist", "no speaker is the therapist", "aucun locuteur n'est le thérapeute"),
        (("Thérapeute", "Interprète"), "roles.no_client", "no speaker is the client:", "aucun locuteur n'est le client :"),
    ],
    ids=["alone", "no-therapist", "no-client"],
)
def test_a_missing_role_is_said_in_both_languages(speakers: tuple[str, ...], key: str, english: str, french: str) -> None:
    (warning,) = assign_roles(_session_of(speakers)).warnings[1:]
    assert (warning.key, english in warning, french in say(warning, "fr")) == (key, True, True)
