"""Agreement statistics, checked against values computed by hand."""

from __future__ import annotations

import pytest

from analyser.evaluation.agreement import accuracy, auc, cohen_kappa, confusion, detection, macro_f1
from analyser.profile.statistics import spearman


def test_detection_counts_and_scores():
    d = detection([True, True, True, False, False], [True, True, False, True, False])
    assert (d.true_positives, d.false_positives, d.false_negatives) == (2, 1, 1)
    assert d.precision == pytest.approx(2 / 3) and d.recall == pytest.approx(2 / 3) and d.f1 == pytest.approx(2 / 3)


def test_detection_without_predictions_has_no_precision():
    d = detection([True, False], [False, False])
    assert d.precision is None and d.recall == 0.0 and d.f1 is None


def test_cohen_kappa_by_hand():
    # Observed agreement 0.7; chance (0.5*0.6 + 0.5*0.4) = 0.5; kappa = 0.2 / 0.5.
    reference = ["open"] * 5 + ["closed"] * 5
    predicted = ["open"] * 4 + ["closed"] + ["open"] * 2 + ["closed"] * 3
    assert cohen_kappa(reference, predicted) == pytest.approx(0.4)


def test_cohen_kappa_undefined_and_perfect():
    assert cohen_kappa([], []) is None
    assert cohen_kappa(["open", "open"], ["open", "open"]) is None
    assert cohen_kappa(["open", "closed"], ["open", "closed"]) == pytest.approx(1.0)


def test_confusion_rows_are_reference():
    assert confusion(["a", "a", "b"], ["a", "b", "b"], ["a", "b"]) == [[1, 1], [0, 1]]


def test_accuracy():
    assert accuracy(["a", "b", "b", "a"], ["a", "b", "a", "a"]) == pytest.approx(0.75)
    assert accuracy([], []) is None


@pytest.mark.parametrize(
    ("xs", "ys", "expected"),
    [
        ([1, 2, 3, 4], [10, 20, 30, 40], 1.0),
        ([1, 2, 3, 4], [40, 30, 20, 10], -1.0),
        ([1, 2, 3, 4, 5], [2, 1, 4, 3, 5], 0.8),  # 1 - 6*4 / (5*24)
        ([1, 2, 2, 3], [1, 2, 3, 4], 0.9486833),  # ties get mean ranks
        ([1, None, 3, 4, 5], [5, 9, 4, 3, 1], -1.0),  # unknown values are left out
    ],
)
def test_spearman(xs, ys, expected):
    assert spearman(xs, ys) == pytest.approx(expected, abs=1e-6)


def test_spearman_undefined():
    assert spearman([1, 2], [1, 2]) is None
    assert spearman([1, 1, 1], [1, 2, 3]) is None


@pytest.mark.parametrize(
    ("reference", "predicted", "expected"),
    [
        (["change", "sustain", "neutral"], ["change", "sustain", "neutral"], 1.0),
        # change 2/3 (P 1, R 1/2), sustain 1, neutral 2/3 (P 1/2, R 1): mean 7/9.
        (["change", "change", "sustain", "neutral"], ["change", "neutral", "sustain", "neutral"], 7 / 9),
        # Never predicted: every F1 is undefined and counts as 0.
        (["change", "sustain", "neutral"], ["none", "none", "none"], 0.0),
        # sustain is used by neither coding: left out of the mean.
        (["change", "neutral"], ["change", "neutral"], 1.0),
        # sustain predicted but absent from the reference counts 0: (2/3 + 0) / 2.
        (["change", "change"], ["change", "sustain"], 1 / 3),
    ],
)
def test_macro_f1(reference, predicted, expected):
    assert macro_f1(reference, predicted, ("change", "sustain", "neutral")) == pytest.approx(expected)


def test_macro_f1_without_items():
    assert macro_f1([], [], ("change", "sustain", "neutral")) is None


@pytest.mark.parametrize(
    ("high", "low", "expected"),
    [
        ([3, 4], [1, 2], 1.0),
        ([1, 2], [3, 4], 0.0),
        ([1, 3], [2], 0.5),
        ([2, 3], [2, 1], 0.875),  # the tie 2 = 2 counts half: 3.5 / 4
        ([1, 1], [1], 0.5),  # all tied
        ([0.9, 0.4, 0.7], [0.4, 0.2], 5.5 / 6),
        ([None, 3, 1], [2, None], 0.5),  # unknown scores are left out
    ],
)
def test_auc(high, low, expected):
    assert auc(high, low) == pytest.approx(expected)


@pytest.mark.parametrize(("high", "low"), [([], [1]), ([1], []), ([None], [1, 2]), ([1], [None])])
def test_auc_undefined_without_both_classes(high, low):
    assert auc(high, low) is None
