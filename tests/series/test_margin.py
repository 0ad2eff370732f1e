"""When a change counts: beyond the margin of sampling and of the coding's measured error, never on the change alone."""

from __future__ import annotations

import math

import pytest

from analyser.profile.registry import BY_NAME, TREND_METRICS
from analyser.series.margin import DOWN, UNKNOWN, UP, WITHIN, Z, coding_errors, coding_scale, compare, pooled, sampling_variance, verdict

OPEN = BY_NAME["open_question_share"]
RQ = BY_NAME["reflection_to_question"]
RUPTURES = BY_NAME["ruptures"]


def share(value: float | None, questions: int) -> dict:
    return {"open_question_share": value, "questions": questions}


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        # The same change of share: within the margin on a handful of questions, beyond it on many.
        (share(0.2, 5), share(0.8, 5), WITHIN),
        (share(0.2, 200), share(0.8, 200), UP),
        (share(0.8, 200), share(0.2, 200), DOWN),
        # A small change is within the margin however many questions there are.
        (share(0.50, 400), share(0.55, 400), WITHIN),
        # No change at all, even with a margin of nothing but the coding's error.
        (share(0.5, 50), share(0.5, 50), WITHIN),
        # A session where the figure could not be measured: no verdict.
        (share(None, 0), share(0.8, 20), UNKNOWN),
    ],
    ids=["few-codes", "many-codes-up", "many-codes-down", "small-change", "no-change", "unmeasured"],
)
def test_a_share_changes_only_beyond_its_margin(before, after, expected):
    assert compare(OPEN, before, after).verdict == expected


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (0, 1, WITHIN),
        (1, 3, WITHIN),
        (0, 12, UP),
        (15, 0, DOWN),
    ],
)
def test_a_count_is_read_as_a_poisson_count(before, after, expected):
    assert compare(RUPTURES, {"ruptures": before}, {"ruptures": after}).verdict == expected


def test_the_margin_adds_sampling_and_coding_variances():
    before, after = share(0.3, 20), share(0.6, 30)
    error = coding_errors()["open_question_share"].error
    expected = Z * math.sqrt(
        sampling_variance(OPEN, before) + sampling_variance(OPEN, after) + (error * coding_scale(OPEN, before)) ** 2 + (error * coding_scale(OPEN, after)) ** 2
    )
    change = compare(OPEN, before, after)
    assert change.change == pytest.approx(0.3)
    assert change.margin == pytest.approx(expected)


@pytest.mark.parametrize(
    ("figures", "variance"),
    [
        # Agresti–Caffo: (p·n + 1) / (n + 2), over n + 2.
        (share(0.5, 10), 0.5 * 0.5 / 12),
        (share(0.0, 3), 0.2 * 0.8 / 5),
        # R:Q: the delta method with 0.5 added to each count.
        ({"reflection_to_question": 0.5, "reflections": 5, "questions": 10}, (5.5 / 10.5) ** 2 * (1 / 5.5 + 1 / 10.5)),
        # A count: its own variance.
        ({"ruptures": 3}, 3.0),
    ],
    ids=["share", "share-zero", "ratio", "count"],
)
def test_sampling_variance_of_each_kind(figures, variance):
    metric = BY_NAME[next(iter(figures))]
    assert sampling_variance(metric, figures) == pytest.approx(variance)


@pytest.mark.parametrize(("change", "margin", "expected"), [(0.3, 0.2, UP), (-0.3, 0.2, DOWN), (0.2, 0.2, WITHIN), (0.0, 0.0, WITHIN), (-0.1, 0.2, WITHIN)])
def test_verdict(change, margin, expected):
    assert verdict(change, margin) == expected


def test_every_trend_figure_has_a_measured_coding_error_and_a_margin():
    errors = coding_errors()
    for metric in TREND_METRICS:
        assert metric.name in errors, f"models/trend_error.tsv has no row for {metric.name}"
        assert errors[metric.name].sessions >= 2
    assert {metric.name for metric in TREND_METRICS} == set(errors)
    assert compare(RQ, {"reflection_to_question": 0.0, "reflections": 0, "questions": 4}, {"reflection_to_question": 1.0, "reflections": 4, "questions": 4}).margin > 0


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_place_a_coding_error_was_measured_on_is_said_in_each_language(lang):
    from analyser.resources import report_labels

    assert {f"error_source_{error.measured_on}" for error in coding_errors().values()} <= set(report_labels(lang))


@pytest.mark.parametrize(
    ("metric", "sessions", "expected"),
    [
        # A share weighs each session by its codes: 2 open of 10 and 9 open of 10 are 11 of 20.
        (OPEN, [share(0.2, 10), share(0.9, 10)], {"questions": 20, "open_question_share": 0.55}),
        # A session without questions holds none of the share's codes: it is left out.
        (OPEN, [share(0.5, 4), share(None, 0)], {"questions": 4, "open_question_share": 0.5}),
        (OPEN, [share(None, 0)], {"questions": 0, "open_question_share": None}),
        # A ratio is the sum of its numerators over the sum of its denominators, not a mean of ratios.
        (RQ, [{"reflection_to_question": 0.5, "reflections": 2, "questions": 4}, {"reflection_to_question": 4.0, "reflections": 4, "questions": 1}],
         {"reflections": 6, "questions": 5, "reflection_to_question": 1.2}),
        # A count is summed; one unknown session makes the pooled count unknown.
        (RUPTURES, [{"ruptures": 1}, {"ruptures": 3}], {"ruptures": 4}),
        (RUPTURES, [{"ruptures": 1}, {"ruptures": None}], {"ruptures": None}),
    ],
    ids=["share", "share-unmeasured-session", "share-nothing", "ratio", "count", "count-unknown"],
)
def test_pooled_sessions_sum_the_counts_behind_a_figure(metric, sessions, expected):
    assert pooled(metric, sessions) == pytest.approx(expected)


def test_pooling_narrows_the_margin_of_the_same_change():
    one = compare(OPEN, share(0.3, 10), share(0.6, 10))
    three = compare(OPEN, pooled(OPEN, [share(0.3, 10)] * 3), pooled(OPEN, [share(0.6, 10)] * 3))
    assert three.change == pytest.approx(one.change)
    assert three.margin < one.margin
