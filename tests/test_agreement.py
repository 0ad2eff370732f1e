"""Agreement statistics, checked against values computed by hand."""

from __future__ import annotations

import pytest

from analyser.agreement import accuracy, cohen_kappa, confusion, detection, spearman


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
