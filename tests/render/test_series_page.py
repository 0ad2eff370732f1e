"""The report's series pages: one per series, linked from the index and from its sessions' pages, self-contained."""

from __future__ import annotations

import re
from types import MappingProxyType

import pytest
from click.testing import CliRunner

from analyser.cli.main import main
from analyser.profile.registry import TREND_METRICS
from analyser.render.html.series import render_series_page
from analyser.series import SeriesMembership, SessionFigures, build_trends
from analyser.series.trend import KEPT

from ..conftest import TEST_DATA

SERIES = TEST_DATA / "series"


def long_series(count: int, name: str = "Dupont") -> SessionFigures:
    sessions = []
    for number in range(1, count + 1):
        values = dict.fromkeys((metric.name for metric in KEPT), number % 7)
        values.update(open_question_share=(number % 10) / 10, questions=40, therapist_word_share=0.5, input_share=0.1, change_talk_share=None)
        values.update(complex_reflection_share=0.5, reflection_to_question=(number % 5) / 2)
        sessions.append(SessionFigures(f"s{number}", f"s{number}.txt", MappingProxyType(values), SeriesMembership(name, position=number)))
    [trend] = build_trends(sessions)
    return trend


def test_a_series_page_has_a_chart_and_a_table_per_figure():
    html = render_series_page(long_series(6), lang="fr", index_href="../index.html", session_hrefs={"s1": "../sessions/s1.html"})
    assert html.count('<svg id="chart-') == len(TREND_METRICS)
    assert html.count('<table class="series-values">') == len(TREND_METRICS)
    assert '<a href="../sessions/s1.html">s1</a>' in html and '<a href="../index.html">' in html
    assert "<script" not in html and "http" not in html.replace("http-equiv", "")
    # Bands are drawn on the banded figures only, and say their name in words.
    chart = html.split('<svg id="chart-open_question_share"', 1)[1].split("</svg>", 1)[0]
    assert chart.count('class="band-zone') == 3 and ">correct<" in chart
    assert 'class="band-zone' not in html.split('<svg id="chart-input_share"', 1)[1].split("</svg>", 1)[0]


def test_a_long_series_labels_at_most_about_twenty_sessions_and_folds_its_tables():
    html = render_series_page(long_series(200))
    chart = html.split('<svg id="chart-goal_talk"', 1)[1].split("</svg>", 1)[0]
    assert chart.count('class="series-point"') == 200
    assert 18 <= len(re.findall(r'class="axis-tick" x="[\d.]+" y="196.0"', chart)) <= 21
    assert "<details open>" not in html


def test_series_and_people_names_are_escaped():
    html = render_series_page(long_series(2, name='<script>alert(1)</script>"><img src=x>'))
    assert "<script>alert" not in html and "<img src=x>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.model
def test_the_report_gives_the_series_a_page_linked_from_the_index_and_its_sessions(tmp_path):
    out = tmp_path / "report"
    result = CliRunner().invoke(main, ["report", str(SERIES), "--manifest", str(SERIES / "manifest.csv"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out / "series" / "dupont.html"
    assert page.is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<section id="series-list">' in index and '<a href="series/dupont.html">Dupont — 4 séances</a>' in index
    sessions = sorted((out / "sessions").glob("*.html"))
    assert len(sessions) == 4
    for session in sessions:
        assert '<a href="../series/dupont.html">Série Dupont</a>' in session.read_text(encoding="utf-8")
        assert f'href="../sessions/{session.name}"' in page.read_text(encoding="utf-8")


@pytest.mark.model
def test_a_report_without_series_has_no_series_section(tmp_path):
    out = tmp_path / "report"
    result = CliRunner().invoke(main, ["report", str(SERIES / "dupont-s01.txt"), "--series", "X", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "series" / "x.html").is_file()
    out2 = tmp_path / "plain"
    result = CliRunner().invoke(main, ["report", str(TEST_DATA / "conversation" / "conversation.txt"), "-o", str(out2)])
    assert result.exit_code == 0, result.output
    assert 'id="series-list"' not in (out2 / "index.html").read_text(encoding="utf-8")
    assert not (out2 / "series").exists()


@pytest.mark.model
def test_with_redact_the_series_page_names_no_one(tmp_path):
    out = tmp_path / "report"
    result = CliRunner().invoke(main, ["report", str(SERIES), "--manifest", str(SERIES / "manifest.csv"), "--redact", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in (out / "series").iterdir()) == ["serie_1.html"]
    for path in [out / "index.html", out / "series" / "serie_1.html"]:
        html = path.read_text(encoding="utf-8")
        assert "SERIE_1" in html
        assert not {"Dupont", "Leroy"} & set(re.findall(r"[A-Z][a-z]+", html)), path.name
