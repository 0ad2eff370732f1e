"""--redact at the library level: every string of an analysis pseudonymised, offsets moved, figures unchanged."""

from __future__ import annotations

import json
from types import MappingProxyType

import pytest

from analyser.domain import OverlapSpan, Transcript, Utterance
from analyser.errors import InputError, NotATranscriptError
from analyser.messages import Notice, say, say_error
from analyser.pipeline import analyse_transcript, load_session
from analyser.read.roles import assign_roles
from analyser.redact import Replacement
from analyser.redact.session import redact_error, remap
from analyser.textnorm import fold

from ..conftest import TEST_DATA

DATA = TEST_DATA / "redact"

# Invented people planted in every field of a session; none may come out.
CANARIES = ("Gwenola", "Trébouhan", "Kerbiriou", "Yolène", "Quentin", "Maëlys", "gwenola.t@exemple.fr", "06 98 12 44 70", "0698124470")


@pytest.fixture(scope="session")
def nlp_with_entities():
    """The pipeline with its named-entity recogniser, as --redact loads it."""
    from analyser.nlp.pipeline import load_pipeline

    return load_pipeline(entities=True)


def _canary_transcript() -> Transcript:
    source = "/data/Gwenola-Trebouhan/seance-kerbiriou-2.txt"
    texts = [
        ("Dr Kerbiriou", "Bonjour Gwenola, qu'est-ce qui vous amène aujourd'hui ?", 0.0, 4.0),
        ("Gwenola Trébouhan", "Ma fille Maëlys ne dort plus. Mon mari Quentin non plus.", 4.5, 9.0),
        ("Dr Kerbiriou", "Maëlys ne dort plus, et vous vous sentez épuisée, Gwenola.", 9.5, 13.0),
        ("Gwenola Trébouhan", "Oui. Écrivez-moi à gwenola.t@exemple.fr ou au 06 98 12 44 70.", 13.5, 18.0),
        ("Yolène", "Je suis la sœur de Gwenola, je confirme.", 18.0, 20.0),
        ("Dr Kerbiriou", "Qu'est-ce que vous aimeriez changer, madame Trébouhan ?", 20.5, 24.0),
    ]
    utterances = tuple(
        Utterance(index, speaker, "other", text, start, end, source_line=index + 1, place=f"tier {speaker}" if index == 4 else None)
        for index, (speaker, text, start, end) in enumerate(texts)
    )
    transcript = Transcript(
        session_id="seance-kerbiriou-2",
        source=source,
        utterances=utterances,
        metadata=MappingProxyType(
            {"format": "trs", "encoding": "utf-8", "speakers": {"spk1": "Gwenola Trébouhan", "spk2": "Dr Kerbiriou", "spk3": "Yolène"},
             "rttm": "/data/rttm/kerbiriou.rttm", "note": "séance de Gwenola, tél. 0698124470", "languages": ["fra"]}
        ),
        warnings=(
            f"{source}: line 5: speaker 'Yolène' is not listed in <Speakers>, its id is kept as its name",
            f"{source}: cue 4: a dialogue line without a speaker label is given to the previous speaker, Gwenola Trébouhan",
            f"{source}: 1 segment dropped as known speech-recognition hallucinations (segment 3: « Merci Maëlys Kerbiriou »)",
            # The same as the readers write them: Notices, said in French or English.
            Notice("read.trs_unlisted_speaker", source=source, place=Notice("place.element", tag="Turn", line=5), speaker="Yolène"),
            Notice("read.dialogue_line_previous_speaker", source=source, place=Notice("place.cue", cue=4), speaker="Gwenola Trébouhan"),
            Notice(
                "read.whisper_hallucinations_dropped", source=source, count=1,
                shown=Notice("read.hallucination_shown", place=Notice("place.segment", index=3), text="Merci Maëlys Kerbiriou"),
            ),
        ),
        overlaps=(OverlapSpan(("Gwenola Trébouhan", "Yolène"), 18.0, 19.0),),
    )
    return assign_roles(transcript, client_labels=("Gwenola Trébouhan", "Quentin Kerbiriou"))


@pytest.fixture(scope="module")
def canary(nlp_with_entities):
    transcript = _canary_transcript()
    return analyse_transcript(transcript, nlp_with_entities), analyse_transcript(transcript, nlp_with_entities, redact=True)


def test_canary_nothing_survives(canary):
    _, redacted = canary
    dumped = fold(json.dumps(redacted.to_dict(), ensure_ascii=False))
    survivors = [name for name in CANARIES if fold(name) in dumped]
    assert survivors == [], dumped


def test_canary_every_field_pseudonymised(canary):
    _, redacted = canary
    transcript = redacted.transcript
    assert transcript.source == "/data/PERSONNE_2/seance-PERSONNE_1-2.txt"
    assert transcript.session_id == "seance-PERSONNE_1-2"
    assert list(transcript.roles) == ["Dr PERSONNE_1", "PERSONNE_2", "PERSONNE_5"]
    assert set(transcript.role_source) == set(transcript.roles)
    assert transcript.overlaps[0].speakers == ("PERSONNE_2", "PERSONNE_5")
    assert set(redacted.profile.turn_balance.speakers) == set(transcript.roles)
    assert set(redacted.profile.coding.speakers) == set(transcript.roles)
    assert transcript.metadata["speakers"] == {"spk1": "PERSONNE_2", "spk2": "Dr PERSONNE_1", "spk3": "PERSONNE_5"}
    assert transcript.metadata["languages"] == ["fra"] and transcript.metadata["format"] == "trs"
    assert all(warning.startswith("/data/PERSONNE_2/seance-PERSONNE_1-2.txt: ") for warning in transcript.warnings)
    assert transcript.utterances[4].place == "tier PERSONNE_5"
    assert transcript.utterances[3].text == "Oui. Écrivez-moi à EMAIL_1 ou au TELEPHONE_1."


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_redacted_warning_is_still_said_in_either_language(canary, lang):
    _, redacted = canary
    said = [say(warning, lang) for warning in redacted.transcript.warnings if isinstance(warning, Notice) and warning.key.startswith("read.")]
    assert len(said) == 3
    survivors = [name for name in CANARIES if any(fold(name) in fold(text) for text in said)]
    assert survivors == [], said
    unlisted = "le locuteur « PERSONNE_5 » n'est pas déclaré" if lang == "fr" else "speaker 'PERSONNE_5' is not listed"
    hallucination = "(segment 3 : « … »)" if lang == "fr" else "(segment 3: « … »)"
    assert unlisted in said[0] and "PERSONNE_2" in said[1] and hallucination in said[2]


def test_a_redacted_error_is_still_said_in_either_language():
    error = InputError("/data/Gwenola-Trebouhan/seance.txt", Notice("error.malformed_timing_line", found="Gwenola Trébouhan", expected="00:00 --> 00:00"),
                       place=Notice("place.line", line=3))
    redacted = redact_error(error)
    assert isinstance(redacted.message, Notice) and isinstance(redacted.place, Notice)
    assert say_error(redacted, "fr") == "/data/PERSONNE_1/seance.txt : ligne 3 : ligne de minutage mal formée « … » : attendu « 00:00 --> 00:00 »"
    assert say_error(redacted, "en") == "/data/PERSONNE_1/seance.txt: line 3: malformed timing line '…': expected '00:00 --> 00:00'"


def test_figures_unchanged(canary):
    original, redacted = canary
    before, after = original.profile.to_dict(), redacted.profile.to_dict()
    for table in (("turn_balance", "speakers"), ("coding", "markers_by_speaker")):
        assert list(before[table[0]][table[1]].values()) == list(after[table[0]][table[1]].values())
        before[table[0]][table[1]] = after[table[0]][table[1]] = None
    # Each client's figures, keyed by speaker too (the canary's family has several clients).
    assert list(before["clients"].values()) == list(after["clients"].values())
    assert set(after["clients"]) <= set(redacted.transcript.speakers)
    before["clients"] = after["clients"] = None
    assert before == after
    assert [(c.question, c.reflection, c.words, [m.label for m in c.markers]) for c in original.utterances] == [
        (c.question, c.reflection, c.words, [m.label for m in c.markers]) for c in redacted.utterances
    ]


def test_markers_point_into_the_redacted_text(canary):
    _, redacted = canary
    markers = [(coded.utterance.text, marker) for coded in redacted.utterances for marker in coded.markers]
    assert markers
    for text, marker in markers:
        assert text[marker.start_char : marker.end_char] == marker.text


@pytest.mark.parametrize(
    ("offset", "end", "expected"),
    [
        (0, False, 0),  # before every replacement
        (8, False, 8),  # at the start of "Marie"
        (10, False, 8),  # inside "Marie": the pseudonym's start
        (10, True, 18),  # inside "Marie", as an end: the pseudonym's end
        (13, True, 18),  # just after "Marie"
        (16, False, 21),  # between the two replacements: shifted by the first
        (30, True, 39),  # after "Dupont": shifted by both
    ],
)
def test_remap(offset, end, expected):
    # "Bonjour Marie, et Dupont aussi." -> "Bonjour PERSONNE_1, et PERSONNE_2 aussi."
    replacements = [Replacement(8, 13, "PERSONNE_1", "first_name"), Replacement(18, 24, "PERSONNE_2", "title")]
    assert remap(offset, replacements, end=end) == expected


def test_planted_session_keeps_its_offsets(nlp_with_entities):
    redacted = analyse_transcript(load_session(DATA / "seance-sofiane-haddad.txt"), nlp_with_entities, redact=True)
    for coded in redacted.utterances:
        for marker in coded.markers:
            assert coded.utterance.text[marker.start_char : marker.end_char] == marker.text
    assert redacted.transcript.session_id == "seance-PERSONNE_2"


def test_role_labels_kept(nlp_with_entities):
    transcript = assign_roles(
        Transcript("seance-3", "seance-3.txt", (Utterance(0, "Thérapeute", "other", "Bonjour."), Utterance(1, "SPEAKER_01", "other", "Bonjour Inès."))),
        therapist_labels=("Thérapeute",),
    )
    redacted = analyse_transcript(transcript, nlp_with_entities, redact=True)
    assert list(redacted.transcript.roles) == ["Thérapeute", "SPEAKER_01"]
    assert redacted.utterances[1].utterance.text == "Bonjour PERSONNE_1."


@pytest.mark.parametrize(
    ("error", "source", "message", "place"),
    [
        (
            InputError("/home/marie/seance-dupont-marie.txt", "malformed timing line '00:01 Marie Dupont': expected HH:MM:SS,mmm --> HH:MM:SS,mmm", place="line 3"),
            "/home/PERSONNE_1/seance-PERSONNE_1.txt",  # Marie, then Marie Dupont: one person
            "malformed timing line '…': expected HH:MM:SS,mmm --> HH:MM:SS,mmm",
            "line 3",
        ),
        (
            NotATranscriptError("entretien-Lefevre.csv", "no column 'Propos' (named by --columns) in the header, which has 'Sofiane', 'Karim'", place="line 1"),
            "entretien-Lefevre.csv",
            "no column '…' (named by --columns) in the header, which has '…', '…'",
            "line 1",
        ),
        (
            InputError("seance.trs", "endTime='neuf' is not a number of seconds", place="<Turn> at line 14"),
            "seance.trs",
            "endTime='…' is not a number of seconds",
            "<Turn> at line 14",
        ),
        (
            InputError("seance.txt", "unexpected error, please report it: KeyError: 'Yasmine'"),
            "seance.txt",
            "unexpected error, please report it: KeyError: '…'",
            None,
        ),
        (
            InputError("appel-0612345678.txt", "binary data, not a text transcript", place="byte 12"),
            "appel-TELEPHONE_1.txt",
            "binary data, not a text transcript",
            "byte 12",
        ),
        (
            InputError("Mme-Lefevre.txt", "Mme-Lefevre.txt is a whole batch, not a shard"),
            "Mme-PERSONNE_1.txt",
            "Mme-PERSONNE_1.txt is a whole batch, not a shard",
            None,
        ),
    ],
)
def test_redact_error(error, source, message, place):
    error.input_index = 7
    redacted = redact_error(error)
    assert type(redacted) is type(error)
    assert (redacted.source, redacted.message, redacted.place, redacted.input_index) == (source, message, place, 7)
    assert str(redacted) == f"{source}: {place + ': ' if place else ''}{message}"


@pytest.mark.parametrize("path", sorted(DATA.glob("*.txt")), ids=lambda p: p.name)
def test_planted_truth_matches_transcript(path):
    """Each planted item of the truth file is on its line (the benchmark relies on it)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in path.with_suffix(".truth").read_text(encoding="utf-8").splitlines()[2:]]
    names = [row for row in rows if row[3] == "name"]
    assert len(names) >= 40
    for number, field, text, kind, _ in rows:
        assert kind in ("name", "email", "phone")
        if field == "file":
            assert fold(text) in fold(path.stem)
        else:
            assert text in lines[int(number) - 1], (number, text)
