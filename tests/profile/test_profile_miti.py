"""The MITI 4 summary figures of the session profile, on hand-built coded utterances (no model).

Each table states a short session as (role, codes) rows; the figures are counted as MITI counts
behaviours: once per utterance holding them.
"""

from __future__ import annotations

import pytest

from analyser import labels as L
from analyser.domain import NO_TARGET, CodedUtterance, Marker, TargetBehaviour, Utterance
from analyser.profile.bands import MinimumCount, bands, minimum_counts
from analyser.profile.miti import MetricReading, measure_coding, third_of
from analyser.render.report_text import ReportText
from analyser.rows import SESSION_COLUMNS, session_row

from ..sessions_by_hand import session, turn

TEXT = "Texte de l'énoncé."


def coded(
    role: str,
    *labels: str,
    question: str | None = None,
    reflection: str | None = None,
    input: str | None = None,  # the field's name
    talk: str | None = None,
) -> CodedUtterance:
    """One coded utterance of `role` holding a marker of each of `labels` (a label twice: two markers)."""
    markers = tuple(Marker(label, "Texte", 0, 5, "rule") for label in labels)
    speaker = {"therapist": "Thérapeute", "client": "Patiente"}.get(role, "Autre")
    utterance = Utterance(0, speaker, role, TEXT)  # type: ignore[arg-type]  # numbered() numbers them
    return CodedUtterance(utterance, 3, question=question, reflection=reflection, markers=markers, input=input, client_talk=talk)


def numbered(rows: list[CodedUtterance]) -> list[CodedUtterance]:
    """The rows with their utterances numbered in order, as a session gives them."""
    return [
        CodedUtterance(
            Utterance(i, c.utterance.speaker, c.utterance.role, c.utterance.text),
            c.words,
            question=c.question,
            reflection=c.reflection,
            markers=c.markers,
            input=c.input,
            client_talk=c.client_talk,
        )
        for i, c in enumerate(rows)
    ]


T, C = "therapist", "client"


# --- MI-adherent and non-adherent ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "adherent", "non_adherent", "share"),
    [
        ([coded(T, L.AFFIRMATION)], 1, 0, 1.0),
        # Two affirmations in one utterance are one affirmation (MITI codes per utterance).
        ([coded(T, L.AFFIRMATION, L.AFFIRMATION)], 1, 0, 1.0),
        # One utterance holding two adherent behaviours counts once for each.
        ([coded(T, L.AFFIRMATION, L.EMPHASIZING_AUTONOMY)], 2, 0, 1.0),
        ([coded(T, L.SEEKING_COLLABORATION), coded(T, L.CONFRONT), coded(T, L.PERSUADE)], 1, 2, 1 / 3),
        # Persuading with permission is in neither count (MITI codes it apart).
        ([coded(T, L.PERSUADE_WITH_PERMISSION), coded(T, L.AFFIRMATION)], 1, 0, 1.0),
        # The client's markers are not the therapist's behaviour.
        ([coded(C, L.AFFIRMATION), coded(C, L.CONFRONT)], 0, 0, None),
        # Shared-goal language is not one of MITI's adherent behaviours.
        ([coded(T, L.SHARED_GOAL)], 0, 0, None),
        ([], 0, 0, None),
    ],
    ids=["one", "twice-in-one", "two-labels", "mixed", "with-permission", "client", "shared-goal", "empty"],
)
def test_mi_adherent_counts_utterances_holding_each_label(rows, adherent, non_adherent, share):
    profile = measure_coding(numbered(rows))
    assert (profile.mi_adherent, profile.mi_non_adherent) == (adherent, non_adherent)
    assert profile.metrics()["mi_adherent_share"] == (pytest.approx(share) if share is not None else None)


# --- giving information and advice -----------------------------------------------------------------------------


def test_input_counts_each_kind_and_the_share_of_therapist_utterances():
    rows = [
        coded(T, input="information"),
        coded(T, input="information"),
        coded(T, input="advice"),
        coded(T, input="options"),
        coded(T, question="open"),
        coded(C, input="advice"),  # only the therapist gives input
        coded(T),
        coded(T),
    ]
    profile = measure_coding(numbered(rows))
    assert {kind: profile.input_count(kind) for kind in L.INPUT_KINDS} == {"information": 2, "advice": 1, "negotiation": 0, "options": 1}
    assert (profile.input_utterances, profile.therapist_utterances) == (4, 7)
    assert profile.metrics()["input_share"] == pytest.approx(4 / 7)
    reading = profile.readings()["input_share"]
    assert (reading.scale, reading.band, reading.minimum) == (None, None, None)  # no published band


def test_input_share_is_unknown_without_therapist_utterances():
    assert measure_coding(numbered([coded(C)])).metrics()["input_share"] is None


# --- change and sustain talk, and the thirds ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("position", "size", "third"),
    [(0, 9, 1), (2, 9, 1), (3, 9, 2), (5, 9, 2), (6, 9, 3), (8, 9, 3), (0, 10, 1), (3, 10, 1), (4, 10, 2), (6, 10, 2), (7, 10, 3), (0, 1, 1), (1, 2, 2)],
)
def test_thirds_are_by_utterance_position(position, size, third):
    assert third_of(position, size) == third


def test_change_talk_share_for_the_session_and_each_third():
    rows = [
        # First third (utterances 0-3 of 12): sustain, sustain, change.
        coded(C, talk="sustain"), coded(T), coded(C, talk="sustain"), coded(C, talk="change"),
        # Second third (4-7): change, neutral.
        coded(T), coded(C, talk="change"), coded(C, talk="neutral"), coded(T),
        # Last third (8-11): change, change, change.
        coded(C, talk="change"), coded(C, talk="change"), coded(T), coded(C, talk="change"),
    ]  # fmt: skip
    profile = measure_coding(numbered(rows))
    assert (profile.change_talk, profile.sustain_talk) == (5, 2)
    assert (profile.change_talk_thirds, profile.sustain_talk_thirds) == ((1, 1, 3), (2, 0, 0))
    metrics = profile.metrics()
    assert metrics["change_talk_share"] == pytest.approx(5 / 7)
    assert [metrics[f"change_talk_share_t{third}"] for third in (1, 2, 3)] == [pytest.approx(1 / 3), 1.0, 1.0]
    counts = profile.counts()
    assert [counts[f"change_talk_t{t}"] + counts[f"sustain_talk_t{t}"] for t in (1, 2, 3)] == [3, 1, 3]


def test_only_the_clients_talk_counts():
    profile = measure_coding(numbered([coded(T, talk="change"), coded("other", talk="sustain"), coded(C, talk="sustain")]))
    assert (profile.change_talk, profile.sustain_talk) == (0, 1)


def test_a_third_without_client_talk_has_no_share():
    profile = measure_coding(numbered([coded(C, talk="change"), coded(T), coded(T)]))
    assert [profile.metrics()[f"change_talk_share_t{t}"] for t in (1, 2, 3)] == [1.0, None, None]


# --- how the therapist answers sustain talk --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "answers"),
    [
        ([coded(C, talk="sustain"), coded(T, reflection="simple")], (1, 0, 0)),
        # A reflection wins over input in the same utterance.
        ([coded(C, talk="sustain"), coded(T, reflection="complex", input="advice")], (1, 0, 0)),
        ([coded(C, talk="sustain"), coded(T, input="information")], (0, 1, 0)),
        ([coded(C, talk="sustain"), coded(T, L.PERSUADE)], (0, 1, 0)),
        ([coded(C, talk="sustain"), coded(T, L.CONFRONT)], (0, 1, 0)),
        ([coded(C, talk="sustain"), coded(T, L.PERSUADE_WITH_PERMISSION)], (0, 1, 0)),
        ([coded(C, talk="sustain"), coded(T, question="open")], (0, 0, 1)),
        # Nothing after it: the therapist never answered.
        ([coded(T, reflection="simple"), coded(C, talk="sustain")], (0, 0, 1)),
        # A backchannel lets the client go on: the answer is what follows it.
        ([coded(C, talk="sustain"), coded(T, L.BACKCHANNEL), coded(C), coded(T, reflection="simple")], (1, 0, 0)),
        # Two sustain utterances before the therapist speaks: one answer for both.
        ([coded(C, talk="sustain"), coded(C, talk="sustain"), coded(T, input="advice")], (0, 2, 0)),
        # Only sustain talk is looked at.
        ([coded(C, talk="change"), coded(T, reflection="simple"), coded(C, talk="neutral"), coded(T, input="advice")], (0, 0, 0)),
        # Another speaker in between is not the therapist's answer.
        ([coded(C, talk="sustain"), coded("other", reflection="simple"), coded(T, input="advice")], (0, 1, 0)),
    ],
    ids=["reflection", "reflection-and-input", "input", "persuade", "confront", "persuade-with-permission", "question", "unanswered", "after-backchannel", "two-then-one", "change-talk", "other-speaker"],
)
def test_the_next_therapist_utterance_answers_sustain_talk(rows, answers):
    profile = measure_coding(numbered(rows))
    assert tuple(profile.sustain_answered(answer) for answer in ("reflection", "input", "other")) == answers
    counts = profile.counts()
    assert (counts["sustain_answered_by_reflection"], counts["sustain_answered_by_input"], counts["sustain_answered_other"]) == answers
    sustained = sum(answers)
    expected = answers[0] / sustained if sustained else None
    assert profile.metrics()["sustain_answered_by_reflection_share"] == expected


# --- minimum counts --------------------------------------------------------------------------------------------


def reflections(simple: int, complex_: int) -> list[CodedUtterance]:
    return numbered([coded(T, reflection="simple")] * simple + [coded(T, reflection="complex")] * complex_)


@pytest.mark.parametrize(
    ("simple", "complex_", "band", "too_few"),
    [
        (0, 0, None, True),  # no value and too few: n = 0
        (1, 1, None, True),  # 50 % would be "good", but two reflections conclude nothing
        (2, 2, None, True),
        (2, 3, "good", False),  # five reflections: the minimum is enough
        (4, 1, "low", False),
    ],
)
def test_a_share_below_its_minimum_count_has_no_band(simple, complex_, band, too_few):
    reading = measure_coding(reflections(simple, complex_)).readings()["complex_reflection_share"]
    assert (reading.count, reading.minimum) == (simple + complex_, 5)
    assert (reading.band, reading.too_few) == (band, too_few)
    assert reading.to_dict()["band"] == band and reading.to_dict()["count"] == simple + complex_ and reading.to_dict()["minimum"] == 5


def test_the_value_is_kept_when_there_are_too_few():
    reading = measure_coding(reflections(1, 1)).readings()["complex_reflection_share"]
    assert reading.value == 0.5 and reading.to_dict()["value"] == 0.5


@pytest.mark.parametrize(
    ("metric", "minimum", "counted"),
    [
        ("open_question_share", 5, ("questions",)),
        ("complex_reflection_share", 5, ("reflections",)),
        ("reflection_to_question", 5, ("questions", "reflections")),
        ("mi_adherent_share", 3, ("mi_adherent", "mi_non_adherent")),
        ("change_talk_share", 5, ("change_talk", "sustain_talk")),
    ],
)
def test_minimum_counts_as_the_data_file_gives_them(metric, minimum, counted):
    entry = minimum_counts()[metric]
    assert (entry.minimum, entry.counted) == (minimum, counted) and entry.why


def test_every_minimum_counts_session_columns_and_names_a_profile_metric():
    metrics = set(measure_coding([]).metrics())
    for metric, entry in minimum_counts().items():
        assert metric in metrics, metric
        assert set(entry.counted) <= set(SESSION_COLUMNS), entry.counted


def test_the_profile_counts_are_the_session_columns_they_name():
    counts = measure_coding([]).counts()
    assert set(counts) <= set(SESSION_COLUMNS)


@pytest.mark.parametrize(
    ("figures", "count"),
    [
        ({"questions": 2, "reflections": 1}, 3),
        ({"questions": 2}, None),  # a column missing: not judged
        ({"questions": 2, "reflections": None}, None),  # an empty cell: not judged
        ({"questions": True, "reflections": 1}, None),
    ],
)
def test_count_in_a_row_sums_the_counted_columns(figures, count):
    assert MinimumCount("reflection_to_question", 5, ("questions", "reflections"), "why").count_in(figures) == count


def test_a_session_row_leaves_the_band_empty_when_too_few():
    turns = [turn("T", "therapist", "Vous êtes fatiguée.", reflection="complex"), turn("P", "client", "Oui.")]
    row = session_row(session(turns))
    assert row["complex_reflection_share"] == 1.0 and row["complex_reflection_share_band"] is None
    assert row["reflections"] == 1


@pytest.mark.parametrize(("lang", "shown"), [("fr", "trop peu pour conclure (n = 2)"), ("en", "too few to conclude (n = 2)")])
def test_too_few_reads_the_same_in_every_output(lang, shown):
    assert ReportText.for_lang(lang).too_few(2) == shown


def test_a_metric_without_a_minimum_is_never_too_few():
    reading = MetricReading("shared_goal_per_1000_words", 0.0, bands()["shared_goal_per_1000_words"])
    assert not reading.too_few and reading.band == "low"


# --- the target behaviour --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "fr", "en"),
    [
        (TargetBehaviour("alcool", ("alcool", "boire"), "inferred"), "Comportement cible : alcool (déduit de la séance)", "Target behaviour: alcool (inferred from the session)"),
        (TargetBehaviour("tabac", ("tabac",), "option"), "Comportement cible : tabac (donné par --target)", "Target behaviour: tabac (given by --target)"),
        (NO_TARGET, "Aucun comportement cible repéré", "No target behaviour found"),
    ],
)
def test_the_target_used_is_said_in_both_languages(target, fr, en):
    assert ReportText.for_lang("fr").target(target) == fr
    assert ReportText.for_lang("en").target(target) == en


def test_the_target_is_kept_on_the_profile_and_in_its_json():
    target = TargetBehaviour("alcool", ("alcool",), "inferred")
    profile = measure_coding([], target=target)
    assert profile.target is target
    assert profile.to_dict()["target"] == target.to_dict()
    assert {key: profile.to_dict()["target"][key] for key in ("name", "words", "source")} == {"name": "alcool", "words": ["alcool"], "source": "inferred"}
    assert measure_coding([]).to_dict()["target"] == NO_TARGET.to_dict()


def test_the_json_gives_every_summary_count():
    rows = [coded(C, talk="sustain"), coded(T, L.AFFIRMATION, reflection="simple"), coded(C, talk="change"), coded(T, input="advice")]
    data = measure_coding(numbered(rows)).to_dict()
    assert data["mi_adherence"] == {"adherent": 1, "non_adherent": 0}
    assert data["input"] == {"information": 0, "advice": 1, "negotiation": 0, "options": 0, "utterances": 1, "therapist_utterances": 2}
    assert data["client_talk"] == {"change": 1, "sustain": 1, "thirds": [{"change": 0, "sustain": 1}, {"change": 1, "sustain": 0}, {"change": 0, "sustain": 0}]}
    assert data["sustain_answers"] == {"reflection": 1, "input": 0, "other": 0}
    assert data["metrics"]["change_talk_share"] == {"value": 0.5, "band": None, "fair": None, "good": None, "source": None, "count": 2, "minimum": 5}
