"""Rank statistics the profile and the evaluation share: Spearman's correlation, with mean ranks for ties."""

from __future__ import annotations

from collections.abc import Sequence


def spearman(xs: Sequence[float | None], ys: Sequence[float | None]) -> float | None:
    """Spearman's rank correlation over the pairs where both values are known (ties get mean ranks).

    None with fewer than three pairs or when one side is constant.
    """
    pairs = [(x, y) for x, y in zip(xs, ys, strict=True) if x is not None and y is not None]
    if len(pairs) < 3:
        return None
    rx, ry = _ranks([x for x, _ in pairs]), _ranks([y for _, y in pairs])
    mean_x, mean_y = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mean_x) * (b - mean_y) for a, b in zip(rx, ry))
    var_x = sum((a - mean_x) ** 2 for a in rx)
    var_y = sum((b - mean_y) ** 2 for b in ry)
    if var_x == 0 or var_y == 0:
        return None
    return cov / (var_x * var_y) ** 0.5


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks
