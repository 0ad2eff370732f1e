"""Agreement statistics between a coder and a reference: precision/recall/F1, Cohen's kappa, Spearman, AUC."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from analyser.profile.numbers import rounded


@dataclass(frozen=True, slots=True)
class Detection:
    """Precision, recall and F1 of one code against the reference."""

    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float | None:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else None

    @property
    def recall(self) -> float | None:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": rounded(self.precision, 4),
            "recall": rounded(self.recall, 4),
            "f1": rounded(self.f1, 4),
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
        }


def detection(reference: Sequence[bool], predicted: Sequence[bool]) -> Detection:
    """Compare two presence codings of the same items."""
    pairs = Counter(zip(reference, predicted, strict=True))
    return Detection(pairs[True, True], pairs[False, True], pairs[True, False])


def macro_f1(reference: Sequence[str], predicted: Sequence[str], classes: Sequence[str]) -> float | None:
    """Mean F1 over `classes`, each scored as one class against the rest.

    An undefined F1 (a class never predicted, or predicted but absent from the reference) counts as 0;
    a class neither coding uses is left out. None when no class is left.
    """
    scores = []
    for kind in classes:
        found = detection([r == kind for r in reference], [p == kind for p in predicted])
        if found.true_positives + found.false_positives + found.false_negatives:
            scores.append(found.f1 or 0.0)
    return sum(scores) / len(scores) if scores else None


def confusion(reference: Sequence[str], predicted: Sequence[str], classes: Sequence[str]) -> list[list[int]]:
    """Rows are the reference classes, columns the predicted ones, in the order of `classes`."""
    pairs = Counter(zip(reference, predicted, strict=True))
    return [[pairs[r, p] for p in classes] for r in classes]


def accuracy(reference: Sequence[str], predicted: Sequence[str]) -> float | None:
    """Share of items coded the same; None when there are none."""
    if not reference:
        return None
    return sum(r == p for r, p in zip(reference, predicted, strict=True)) / len(reference)


def cohen_kappa(reference: Sequence[str], predicted: Sequence[str]) -> float | None:
    """Cohen's kappa of two codings of the same items; None when undefined (no items, or chance agreement is 1)."""
    n = len(reference)
    if n == 0:
        return None
    observed = sum(r == p for r, p in zip(reference, predicted, strict=True)) / n
    ref_counts, pred_counts = Counter(reference), Counter(predicted)
    expected = sum(ref_counts[c] * pred_counts[c] for c in ref_counts) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def auc(scores_high: Sequence[float | None], scores_low: Sequence[float | None]) -> float | None:
    """Probability that a random `high` item scores above a random `low` one, ties counting half.

    The area under the ROC curve of the score as a classifier of high vs low (Mann-Whitney U / n_high n_low):
    1.0 separates them perfectly, 0.5 is chance, below 0.5 points the other way. None scores are left out.

    Args:
        scores_high: the score of each item of the `high` class.
        scores_low: the score of each item of the `low` class.

    Returns:
        The AUC, or None when one class has no known score.
    """
    high = [s for s in scores_high if s is not None]
    low = [s for s in scores_low if s is not None]
    if not high or not low:
        return None
    wins = sum(1.0 if h > lo else 0.5 if h == lo else 0.0 for h in high for lo in low)
    return wins / (len(high) * len(low))
