"""Series membership and trends, without a model: hand-made session figures, a manifest, file names, --series."""

from __future__ import annotations

import datetime
from types import MappingProxyType

import pytest

from analyser.profile.registry import TREND_METRICS
from analyser.series import SeriesAssigner, SeriesMembership, SessionFigures, build_trends, read_manifest
from analyser.series.margin import UNKNOWN
from analyser.series.trend import KEPT


def figures(session_id: str, membership: SeriesMembership | None, open_share: float | None = 0.5) -> SessionFigures:
    values = dict.fromkeys((metric.name for metric in KEPT), 10)
    values.update(open_question_share=open_share, questions=10, therapist_word_share=0.5, input_share=0.1, change_talk_share=0.5, complex_reflection_share=0.5, reflection_to_question=1.0)
    return SessionFigures(session_id, f"{session_id}.txt", MappingProxyType(values), membership)


def test_sessions_are_ordered_by_number_then_date_then_name():
    sessions = [
        figures("c", SeriesMembership("Dupont", position=3)),
        figures("a", SeriesMembership("dupont", position=1)),
        figures("z", SeriesMembership("Dupont", date=datetime.date(2026, 1, 1))),
        figures("y", SeriesMembership("Dupont", date=datetime.date(2025, 1, 1))),
        figures("x", SeriesMembership("Dupont")),
        figures("m", SeriesMembership("Martin", position=2)),
        figures("alone", None),
    ]
    trends = build_trends(sessions)
    assert [trend.name for trend in trends] == ["Dupont", "Martin"]  # named as its first session names it; Dupont and dupont are one
    assert [s.session_id for s in trends[0].sessions] == ["a", "c", "y", "z", "x"]
    assert trends[0].numbers() == (1, 3, 3, 4, 5)  # the number given, else the rank


def test_each_figure_has_its_values_and_changes_since_the_first_and_the_previous_session():
    sessions = [figures(f"s{n}", SeriesMembership("X", position=n), share) for n, share in enumerate([0.2, None, 0.9], start=1)]
    [trend] = build_trends(sessions)
    assert [figure.metric for figure in trend.figures] == list(TREND_METRICS)
    open_questions = next(figure for figure in trend.figures if figure.metric.name == "open_question_share")
    assert open_questions.values == (0.2, None, 0.9)
    assert [change.verdict for change in open_questions.since_first] == [UNKNOWN, UNKNOWN, "within"]
    assert open_questions.since_first[2].change == pytest.approx(0.7)
    assert [change.verdict for change in open_questions.since_previous] == [UNKNOWN, UNKNOWN, UNKNOWN]
    assert trend.to_dict()["sessions"][0] == {"number": 1, "session_id": "s1", "source": "s1.txt", "position": 1, "date": None, "therapist": None, "client": None, "origin": "name"}


def test_the_assigner_reads_a_manifest_and_says_what_did_not_fit(tmp_path):
    (tmp_path / "m.csv").write_text("fichier;série;séance\nsuivis/a.txt;Dupont;1\nb.txt;Dupont;2\nc.txt;Dupont;2\nabsent.txt;Dupont;4\nd.txt;Martin;1\n", encoding="utf-8")
    assigner = SeriesAssigner(read_manifest(tmp_path / "m.csv"))
    assert assigner.membership(str(tmp_path / "suivis" / "a.txt")).position == 1  # by path, relative to the manifest
    assert assigner.membership("elsewhere/b.txt").position == 2  # by file name
    assert assigner.membership("c").position == 2  # by name without extension
    assert assigner.membership("d.txt").series == "Martin"
    assert assigner.membership("e.txt") is None
    warnings = [(w.key, dict(w.fields)) for w in assigner.warnings()]
    assert ("not_in_inputs", {"manifest": str(tmp_path / "m.csv"), "place": "line 5", "file": "absent.txt"}) in warnings
    assert ("not_in_manifest", {"file": "e.txt", "manifest": str(tmp_path / "m.csv")}) in warnings
    assert ("same_position", {"series": "Dupont", "position": "2", "files": "elsewhere/b.txt, c"}) in warnings
    assert len(warnings) == 3


def test_with_a_manifest_series_keeps_one_series_and_warns_only_of_its_rows(tmp_path):
    (tmp_path / "m.csv").write_text("file,series\na.txt,Dupont\nb.txt,Martin\nc.txt,Martin\n", encoding="utf-8")
    assigner = SeriesAssigner(read_manifest(tmp_path / "m.csv"), series="martin")
    assert assigner.membership("a.txt") is None
    assert assigner.membership("b.txt").series == "Martin"
    assert [(w.key, w.fields["file"]) for w in assigner.warnings()] == [("not_in_inputs", "c.txt")]


def test_series_name_puts_every_input_in_one_series_numbered_by_its_name():
    assigner = SeriesAssigner(series="Stage de Mme Leroy")
    places = [assigner.membership(name) for name in ("s02.txt", "seance-1.txt", "bilan.txt")]
    assert [(m.series, m.position, m.origin) for m in places] == [("Stage de Mme Leroy", 2, "option"), ("Stage de Mme Leroy", 1, "option"), ("Stage de Mme Leroy", None, "option")]
    assert assigner.warnings() == ()


def test_without_manifest_or_series_the_file_name_decides():
    assigner = SeriesAssigner()
    assert assigner.membership("dupont-s02.txt") == SeriesMembership("dupont", 2, origin="name")
    assert assigner.membership("notes.txt") is None
    assert [(w.key, w.fields["file"]) for w in assigner.warnings()] == [("no_series", "notes.txt")]
    assert SeriesAssigner(warn_unplaced=False).warnings() == ()


def test_with_redact_series_are_pseudonyms_and_warnings_name_no_manifest_file(tmp_path):
    (tmp_path / "m.csv").write_text("fichier;série;thérapeute;client\ndupont-1.txt;Dupont;Mme Leroy;M. Dupont\nmartin-1.txt;Martin;;\ndurand-1.txt;Durand;;\n", encoding="utf-8")
    assigner = SeriesAssigner(read_manifest(tmp_path / "m.csv"), redact=True)
    dupont = assigner.membership("dupont-1.txt", shown="PERSONNE_1-1.txt")
    assert (dupont.series, dupont.therapist, dupont.client) == ("SERIE_1", None, None)
    assert assigner.membership("martin-1.txt").series == "SERIE_2"
    assert assigner.membership("dupont-1.txt").series == "SERIE_1"
    assert [dict(w.fields) for w in assigner.warnings()] == [{"manifest": str(tmp_path / "m.csv"), "place": "line 4", "file": "–"}]


@pytest.mark.parametrize(("count", "pooled"), [(1, 0), (3, 0), (4, 2), (7, 3), (10, 5), (40, 5)])
def test_a_long_enough_series_pools_its_early_and_recent_sessions(count, pooled):
    sessions = [figures(f"s{n}", SeriesMembership("X", position=n), 0.1 if n <= count // 2 else 0.9) for n in range(1, count + 1)]
    [trend] = build_trends(sessions)
    assert trend.pool_size == pooled
    open_questions = next(figure for figure in trend.figures if figure.metric.name == "open_question_share")
    if not pooled:
        assert trend.overall(open_questions) is open_questions.since_first[-1]
        return
    # Each session holds 10 questions: the pools hold 10 × pooled, and their shares are those of their sessions.
    assert (open_questions.early_value, open_questions.recent_value) == pytest.approx((0.1, 0.9))
    assert open_questions.early_to_recent.change == pytest.approx(0.8)
    assert trend.overall(open_questions) is open_questions.early_to_recent
    assert trend.to_dict()["pooled_sessions"] == pooled
