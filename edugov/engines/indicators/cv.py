"""Student-weighted coefficient of variation (校际差异系数), DOMAIN.md §4.

    X̄  = Σ Pᵢ·Xᵢ / P            (= Σ numeratorᵢ / P, times the indicator's scale)
    S   = sqrt( Σ (Pᵢ/P)·(Xᵢ − X̄)² )
    CV  = S / X̄

Pᵢ is the number of students of school i and P = Σ Pᵢ. The unweighted CV (every school
counting once) is the classic mistake: a 50-pupil village school would weigh as much as
a 3,000-pupil town school.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._columns import group_sum


def weighted_cv(
    values: Sequence[float] | np.ndarray, weights: Sequence[float] | np.ndarray
) -> float:
    """Student-weighted CV of ``values`` (one per school) with ``weights`` (students).

    Schools with weight 0 are ignored (their value may be NaN). Returns NaN when the total
    weight is 0 or the weighted mean is 0, because the CV is undefined there.

    Raises ``ValueError`` for mismatched lengths, negative or non-finite weights, or a
    non-finite value on a school that has students.
    """
    x = np.asarray(values, dtype=float).reshape(-1)
    w = np.asarray(weights, dtype=float).reshape(-1)
    if x.shape != w.shape:
        raise ValueError(f"values and weights differ in length: {x.size} vs {w.size}")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError("weights must be finite and non-negative")
    used = w > 0
    if not np.all(np.isfinite(x[used])):
        raise ValueError("values must be finite where the weight is positive")
    total = w[used].sum()
    if total == 0:
        return float("nan")
    x, w = x[used], w[used]
    mean = np.dot(w, x) / total
    if mean == 0:
        return float("nan")
    # Two-pass (deviations from the mean) rather than E[x²]−E[x]², which cancels badly
    # when the schools are nearly equal — exactly the case a passing county is in.
    var = np.dot(w, (x - mean) ** 2) / total
    return float(np.sqrt(var) / mean)


def grouped_weighted_cv(
    values: np.ndarray,
    weights: np.ndarray,
    groups: np.ndarray,
    n_groups: int | None = None,
) -> np.ndarray:
    """Weighted CV for many groups and many indicators at once.

    ``values`` is (n,) or (n, k) — k indicators per school; ``weights`` is (n,) or
    (n, k); ``groups`` holds a dense group id per row (e.g. district × year × level from
    :func:`group_index`). Returns (G,) or (G, k), NaN where a group has no weight or a
    zero mean. Rows with weight 0 are ignored. Cost: three ``np.bincount`` passes.
    """
    x = np.asarray(values, dtype=float)
    one_d = x.ndim == 1
    if one_d:
        x = x[:, None]
    w = np.asarray(weights, dtype=float)
    if w.ndim == 1:
        w = np.broadcast_to(w[:, None], x.shape)
    if w.shape != x.shape:
        raise ValueError(f"weights shape {w.shape} does not match values {x.shape}")
    if np.any(w < 0):
        raise ValueError("weights must be non-negative")
    g = np.asarray(groups, dtype=np.intp).reshape(-1)
    if g.size != x.shape[0]:
        raise ValueError("groups must have one id per row")
    n = int(g.max()) + 1 if n_groups is None and g.size else int(n_groups or 0)
    # Zero-weight rows may hold NaN (no students); keep them out of every sum.
    x = np.where(w > 0, x, 0.0)
    total = group_sum(g, w, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = group_sum(g, w * x, n) / total
        dev = x - mean[g]
        var = group_sum(g, w * dev * dev, n) / total
        cv = np.sqrt(var) / mean
    cv[(total == 0) | (mean == 0)] = np.nan
    return cv[:, 0] if one_d else cv


def unweighted_cv(values: Sequence[float] | np.ndarray) -> float:
    """Population CV with every school counted once — kept only to show the difference."""
    x = np.asarray(values, dtype=float)
    mean = x.mean() if x.size else 0.0
    return float(x.std() / mean) if mean else float("nan")
