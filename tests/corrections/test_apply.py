"""Applying a supervisor's corrections: the codes change, every figure is measured again from them, what matches nothing is said."""

from __future__ import annotations

import dataclasses

import pytest

from analyser import labels as L
from analyser.corrections import Correction, CorrectionRun, Corrections, correct_session
from analyser.corrections.apply import SUPERVISOR_RULE
from analyser.errors import InputError
from analyser.evaluation.evaluate import Codes, Labels, compare
from analyser.profile.session import measure_profile
from analyser.rows import session_row
from analyser.session import SessionAnalysis

from ..sessions_by_hand import short_session

# short_session(): the therapist speaks at the odd lines (1 open question, 3 simple reflection, 5 closed question and
# complex reflection, 7 open question, 9 and 11 neither), the client at the even ones.


def coded_session(session_id: str = "seance") -> SessionAnalysis:
    """short_session() with client talk and one input coded, as the analysis codes them, its profile measured from them."""
    analysis = short_session(session_id=session_id)
    talk = {2: "sustain", 4: "change", 6: "neutral", 8: "neutral", 10: "change", 12: "neutral"}
    utterances = tuple(
        dataclasses.replace(c, client_talk=talk.get(c.utterance.source_line), input="advice" if c.utterance.source_line == 9 else None)
        for c in analysis.utterances
    )
    return remeasured(analysis, utterances)


def remeasured(analysis: SessionAnalysis, utterances) -> SessionAnalysis:
    p = analysis.profile
    profile = measure_profile(analysis.transcript, utterances, readability=p.readability, attunement=p.alliance.attunement, target=p.coding.target)
    return dataclasses.replace(analysis, utterances=tuple(utterances), profile=profile)


def fix(line: int, code: str, value: str | None, *, session: str = "seance", row: int = 2) -> Correction:
    return Correction(session, line, code, value, row)


def test_the_analysis_measures_its_profile_the_way_corrections_do():
    analysis = short_session()
    p = analysis.profile
    assert measure_profile(analysis.transcript, analysis.utterances, readability=p.readability, attunement=p.alliance.attunement) == p


@pytest.mark.parametrize(
    ("line", "code", "value"),
    [
        (3, "reflection", None),
        (3, "reflection", "complex"),
        (5, "reflection", "simple"),
        (1, "question", "closed"),
        (7, "question", None),
        (9, "question", "open"),
        (11, "reflection", "complex"),
        (9, "input", None),
        (11, "input", "information"),
        (4, "client_talk", "sustain"),
        (2, "client_talk", "neutral"),
    ],
)
def test_a_correction_changes_the_figures_as_the_corrected_codes_say(line, code, value):
    analysis = coded_session()
    corrected, changed, unmatched = correct_session(analysis, [fix(line, code, value)])
    assert (dict(changed), unmatched) == ({code: 1}, [])
    for before, after in zip(analysis.utterances, corrected.utterances, strict=True):
        if before.utterance.source_line == line:
            assert (getattr(after, code), dict(after.corrected_from)) == (value, {code: getattr(before, code)})
        else:
            assert after == before
    # The figures, counted here from the corrected codes, apart from the profile's code.
    therapist = [c for c in corrected.utterances if c.utterance.role == "therapist"]
    questions = [c.question for c in therapist if c.question]
    reflections = [c.reflection for c in therapist if c.reflection]
    talk = [c.client_talk for c in corrected.utterances if c.client_talk in ("change", "sustain")]
    row = session_row(corrected)
    assert row["reflection_to_question"] == pytest.approx(len(reflections) / len(questions), abs=1e-4)
    assert row["open_question_share"] == pytest.approx(questions.count("open") / len(questions), abs=1e-4)
    assert row["complex_reflection_share"] == pytest.approx(reflections.count("complex") / len(reflections), abs=1e-4)
    assert row["input_share"] == pytest.approx(sum(c.input is not None for c in therapist) / len(therapist), abs=1e-4)
    assert row["change_talk_share"] == pytest.approx(talk.count("change") / len(talk), abs=1e-4)
    # Every other figure is the one measuring the corrected codes gives: nothing is patched by hand.
    assert corrected.profile == remeasured(analysis, corrected.utterances).profile
    assert session_row(corrected) != session_row(analysis)


def test_the_markers_follow_the_code_and_keep_rapports_evidence():
    analysis = coded_session()
    simple = next(m for m in analysis.utterances[2].markers if m.label == L.REFLECTION_SIMPLE)
    corrected, _, _ = correct_session(analysis, [fix(3, "reflection", "complex"), fix(5, "reflection", None), fix(9, "question", "open")])
    complex_ = next(m for m in corrected.utterances[2].markers if m.label == L.REFLECTION_COMPLEX)
    assert (complex_.start_char, complex_.end_char, complex_.text) == (simple.start_char, simple.end_char, simple.text)
    assert complex_.rule == f"{SUPERVISOR_RULE}: was simple ({simple.rule})"
    assert not [m for m in corrected.utterances[2].markers if m.label == L.REFLECTION_SIMPLE]
    assert not [m for m in corrected.utterances[4].markers if m.label in (L.REFLECTION_SIMPLE, L.REFLECTION_COMPLEX)]
    # A code rapport had not given gets a marker over the whole utterance.
    ninth = corrected.utterances[8]
    opened = [m for m in ninth.markers if m.label == L.QUESTION_OPEN]
    assert [(m.text, m.rule) for m in opened] == [(ninth.utterance.text.strip(), f"{SUPERVISOR_RULE}: was none")]
    # JSON shows the supervisor's code and rapport's beside it; an uncorrected utterance says nothing of corrections.
    assert {key: ninth.to_dict()[key] for key in ("question", "corrected_from")} == {"question": "open", "corrected_from": {"question": None}}
    assert "corrected_from" not in corrected.utterances[0].to_dict()


def test_a_correction_to_rapports_own_code_changes_nothing():
    analysis = coded_session()
    corrected, changed, unmatched = correct_session(analysis, [fix(3, "reflection", "simple"), fix(1, "question", "open"), fix(2, "question", None)])
    assert corrected is analysis
    assert (sum(changed.values()), unmatched) == (0, [])


def test_a_clients_talk_set_to_none_is_neutral():
    analysis = coded_session()
    corrected, changed, _ = correct_session(analysis, [fix(4, "client_talk", None)])
    assert (corrected.utterances[3].client_talk, dict(changed)) == ("neutral", {"client_talk": 1})


def test_a_correction_of_two_utterances_on_one_line_goes_to_the_speaker_the_code_is_for():
    analysis = coded_session()
    shared = tuple(dataclasses.replace(c, utterance=dataclasses.replace(c.utterance, source_line=1)) if c.utterance.index < 2 else c for c in analysis.utterances)
    analysis = remeasured(analysis, shared)
    corrected, _, _ = correct_session(analysis, [fix(1, "client_talk", "change"), fix(1, "question", "closed")])
    assert (corrected.utterances[0].question, corrected.utterances[1].client_talk) == ("closed", "change")


def test_without_lines_the_utterance_number_places_a_correction():
    analysis = coded_session()
    unlined = tuple(dataclasses.replace(c, utterance=dataclasses.replace(c.utterance, source_line=None, place=f"paragraph {c.utterance.index + 1}")) for c in analysis.utterances)
    analysis = remeasured(analysis, unlined)
    corrected, changed, unmatched = correct_session(analysis, [fix(3, "reflection", None), fix(40, "reflection", None)])
    assert (corrected.utterances[2].reflection, dict(changed), [u.reason for u in unmatched]) == (None, {"reflection": 1}, ["no_utterance"])


def corrections_of(*items: Correction, source: str = "corrections.csv") -> Corrections:
    by_session: dict[str, list[Correction]] = {}
    for item in items:
        by_session.setdefault(item.session, []).append(item)
    return Corrections(source, "corrections", {session: tuple(found) for session, found in by_session.items()})


def test_corrections_that_match_nothing_are_each_reported_with_their_line():
    run = CorrectionRun(
        corrections_of(
            fix(3, "reflection", None, row=2),
            fix(99, "question", "open", row=3),
            fix(3, "question", "open", session="absente", row=4),
            fix(2, "question", "open", row=5),  # a client's utterance
            fix(2, "question", None, row=6),  # none for a client's question: true, and nothing to say
            fix(5, "reflection", "simple", session="absente", row=7),
        )
    )
    results = list(run.apply([coded_session()]))
    summary = run.summary()
    assert [(u.correction.row, u.reason, u.role, u.count) for u in summary.unmatched] == [
        (3, "no_utterance", None, 1),
        (4, "no_session", None, 2),
        (5, "not_for_role", "client", 1),
    ]
    assert (summary.corrected, summary.reviewed_sessions, summary.corrected_sessions) == (1, ("seance",), ("seance",))
    assert results[0].utterances[2].reflection is None
    assert [item["reason"] for item in summary.to_dict()["unmatched"]] == ["no_utterance", "no_session", "not_for_role"]


def test_the_stream_keeps_its_order_and_its_errors():
    first, second = coded_session("premiere"), coded_session("seconde")
    error = InputError("cassee.txt", "binary data, not a text transcript")
    run = CorrectionRun(corrections_of(fix(3, "reflection", None, session="seconde")))
    results = list(run.apply(iter([first, error, second])))
    assert results[0] is first and results[1] is error
    assert results[2].transcript.session_id == "seconde" and results[2].utterances[2].reflection is None
    assert run.summary().reviewed_sessions == ("seconde",)


def test_agreement_is_evaluates_with_the_supervisor_as_reference():
    analysis = coded_session()
    items = [fix(3, "reflection", "complex"), fix(5, "reflection", None), fix(1, "question", "closed"), fix(9, "input", "information"), fix(4, "client_talk", "sustain")]
    run = CorrectionRun(corrections_of(*items))
    list(run.apply([analysis]))
    corrected, _, _ = correct_session(analysis, items)
    labels = Labels(
        {"seance": {c.utterance.source_line: Codes(c.question, c.reflection, c.input, c.client_talk, c.utterance.role) for c in corrected.utterances}},
        frozenset({"speaker", "therapist_input", "client_talk"}),
    )
    assert run.summary().agreement.to_dict() == compare([analysis], labels, labels_source="corrections.csv").to_dict()
    # An utterance no correction changed is an agreement: the reviewed session's every utterance is counted.
    assert run.summary().to_dict()["agreement"]["utterances"] == len(analysis.utterances)
