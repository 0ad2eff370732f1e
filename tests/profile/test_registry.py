"""The metric registry: every row has what its outputs need, and the outputs follow its kinds, not the names."""

from __future__ import annotations

import pytest

from analyser.profile.bands import bands, minimum_counts
from analyser.profile.miti import RATIOS
from analyser.profile.numbers import format_clock, format_decimal, format_number, format_percent, rounded
from analyser.profile.registry import BANDED, BY_NAME, CATEGORY, COUNT, METRICS, MITI, RATE, RATIO, ROLES, SHARE, Metric
from analyser.render.report_text import ReportText
from analyser.resources import REPORT_LANGUAGES, report_labels
from analyser.rows import SESSION_COLUMNS, session_row

from ..sessions_by_hand import short_session


def missing(metric: Metric) -> list[str]:
    """What adding `metric` still lacks, beyond its registry row: its profile function, its band, its labels."""
    lacking = []
    if metric.banded and not metric.is_ratio:
        lacking.append("a kind and family of a coding ratio: only the ratios of RATIOS are read with their bands")
    if metric.is_ratio and metric.name not in RATIOS:
        lacking.append("a profile function in RATIOS (analyser/profile/miti.py)")
    if metric.banded and metric.name not in bands():
        lacking.append("a row of models/bands.tsv")
    for key in metric.label_keys:
        languages = [lang for lang in REPORT_LANGUAGES if key not in report_labels(lang)]
        if languages:
            lacking.append(f"the label {key} ({', '.join(languages)}) in models/report_labels.tsv")
    return lacking


@pytest.mark.parametrize("metric", METRICS, ids=lambda metric: metric.name)
def test_every_metric_has_its_profile_function_band_and_labels(metric):
    assert not missing(metric), f"{metric.name} lacks: " + "; ".join(missing(metric))


def test_a_new_banded_metric_is_told_everything_it_lacks():
    metric = Metric("silence_share", MITI, SHARE, lambda profile: None, banded=True)
    assert missing(metric) == [
        "a profile function in RATIOS (analyser/profile/miti.py)",
        "a row of models/bands.tsv",
        "the label short_silence_share (fr, en) in models/report_labels.tsv",
        "the label metric_silence_share (fr, en) in models/report_labels.tsv",
        "the label source_silence_share (fr, en) in models/report_labels.tsv",
    ]


def test_every_band_ratio_and_minimum_count_has_a_registry_row():
    assert set(bands()) == {metric.name for metric in BANDED}, "a band of models/bands.tsv without a banded registry row, or the reverse"
    assert set(RATIOS) == {metric.name for metric in METRICS if metric.is_ratio}, "a ratio of RATIOS without a registry row, or the reverse"
    assert set(minimum_counts()) <= set(RATIOS)


def test_names_are_unique_session_columns():
    assert len(BY_NAME) == len(METRICS)
    assert [column for column in SESSION_COLUMNS if column in BY_NAME] == [metric.name for metric in METRICS]


@pytest.mark.parametrize("timed", [False, True], ids=["untimed", "timed"])
def test_every_figure_reads_as_its_kind(timed):
    profile = short_session(timed=timed).profile
    for metric in METRICS:
        value = metric.read(profile)
        if metric.kind == CATEGORY:
            assert isinstance(value, str), metric.name
        elif metric.kind == COUNT:
            assert value is None or (isinstance(value, int) and value >= 0), metric.name
        elif metric.kind == SHARE:
            assert value is None or 0 <= value <= 1, metric.name
        else:
            assert value is None or (isinstance(value, float) and value >= 0), metric.name


@pytest.mark.parametrize("timed", [False, True], ids=["untimed", "timed"])
def test_the_csv_keeps_each_figure_as_the_json_does(timed):
    analysis = short_session(timed=timed)
    row, profile = session_row(analysis), analysis.profile.to_dict()
    balance = profile["turn_balance"]
    kept_in_json = {
        "duration_s": profile["duration_s"],
        "readability_therapist": profile["readability"]["therapist"],
        "opening_therapist_word_share": profile["opening"]["therapist_word_share"],
        **{f"{role}_{field}": value for role in ROLES for field, value in balance["roles"][role].items()},
        **{f"therapist_word_share_w{window:02d}": share for window, share in enumerate(balance["therapist_word_share_timeline"], start=1)},
        **{name: figures["value"] for name, figures in profile["coding"]["metrics"].items()},
    }
    assert {name: row[name] for name in kept_in_json} == kept_in_json


@pytest.mark.parametrize(
    ("kind", "name", "value", "shown"),
    [
        (SHARE, "open_question_share", 0.467, "47%"),
        (SHARE, "silence", 0.467, "47%"),  # a share is a percentage whatever its name
        (RATE, "collaboration_share", 7.63, "7.6"),  # and a rate is a number, even named "_share"
        (RATIO, "reflection_to_question", 0.966, "1.0"),
        (COUNT, "questions", 12, "12"),
        (SHARE, "input_share", None, "–"),
    ],
)
def test_percent_formatting_comes_from_the_kind(kind, name, value, shown):
    metric = Metric(name, MITI, kind, lambda profile: value)
    assert ReportText.for_lang("en").figure(metric, value) == shown


def test_r_q_keeps_two_decimals_so_that_it_never_reads_as_its_threshold():
    assert ReportText.for_lang("fr").figure(BY_NAME["reflection_to_question"], 0.966) == "0,97"


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        (rounded(0.123456, 4), 0.1235),
        (rounded(None, 4), None),
        (format_decimal(1.26, 1), "1.3"),
        (format_decimal(1.5, 2, mark=","), "1,50"),
        (format_decimal(None), "–"),
        (format_percent(0.4651), "47%"),
        (format_percent(0.4651, 1, mark=",", sign="\u00a0%"), "46,5\u00a0%"),
        (format_percent(None), "–"),
        (format_number(0.5), "0.5"),
        (format_number(1.0), "1"),
        (format_number(0.123456), "0.1235"),
        (format_clock(3725.4), "1:02:05"),
        (format_clock(None), "–"),
    ],
)
def test_numbers_are_written_one_way(shown, expected):
    assert shown == expected


@pytest.mark.parametrize("timed", [False, True], ids=["untimed", "timed"])
def test_every_figure_read_back_from_the_json_is_the_one_the_csv_keeps(timed):
    """`rapport trend` on JSON Lines reads figures back from the JSON profile: the same values as from the analysis."""
    analysis = short_session(timed=timed)
    profile = analysis.profile.to_dict()
    readable = [metric for metric in METRICS if metric.from_json is not None]
    assert {metric.name for metric in readable} >= {name for metric in METRICS if metric.trend for name in (metric.name, *metric.basis)}
    assert {metric.name: metric.from_json(profile) for metric in readable} == {metric.name: metric.value(analysis.profile) for metric in readable}


def test_trend_figures_have_a_margin_they_can_be_read_with():
    for metric in (metric for metric in METRICS if metric.trend):
        assert metric.kind in (SHARE, RATIO, COUNT), metric.name
        assert bool(metric.basis) == (metric.kind != COUNT), metric.name
        assert len(metric.basis) == 2 if metric.kind == RATIO else True, metric.name
        assert all(name in BY_NAME for name in metric.basis), metric.name
