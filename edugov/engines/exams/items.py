"""Item analysis by classical test theory (CTT) for one subject.

Definitions (DOMAIN.md §6; documented in docs/engines/exams.md):

- difficulty p = mean item score / item full marks (higher = easier);
- discrimination D (upper–lower): candidates ordered by subject total, descending,
  ties kept in input order; the upper and lower groups each hold
  g = floor(0.27 n + 0.5) candidates (at least 1); D = (mean item score of upper −
  mean of lower) / item full marks;
- point-biserial (item-rest): Pearson correlation between the item score and the
  total minus that item, so the item does not correlate with itself;
- Cronbach's α = k/(k−1) · (1 − Σ var(item) / var(total)), population variances (the
  ddof cancels in the ratio);
- α if item deleted: α of the other k−1 items;
- option distribution of multiple-choice items: count and share of each option letter
  overall and within the upper and lower groups (a distractor chosen more by the upper
  group than the lower one is a flag).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Share of candidates in each of the upper and lower groups (Kelley's 27%).
GROUP_FRACTION = 0.27


@dataclass(frozen=True)
class OptionCount:
    """How often one option of a multiple-choice item was chosen."""

    option: str
    count: int
    share: float
    upper_share: float
    lower_share: float


@dataclass(frozen=True, eq=False)
class ItemAnalysis:
    """Per-item statistics (arrays of length k) and the subject's reliability.

    ``options[i]`` is None for an item without option letters.
    """

    n: int
    group_size: int
    full_marks: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    difficulty: np.ndarray
    discrimination: np.ndarray
    point_biserial: np.ndarray
    alpha: float
    alpha_if_deleted: np.ndarray
    options: list[list[OptionCount] | None]


def cronbach_alpha(items: np.ndarray) -> float:
    """Cronbach's α of an (n, k) matrix of item scores (rows = candidates)."""
    items = np.asarray(items, dtype=np.float64)
    k = items.shape[1]
    if k < 2:
        return float("nan")
    var_total = items.sum(axis=1).var()
    if var_total == 0:
        return float("nan")
    return float(k / (k - 1) * (1 - items.var(axis=0).sum() / var_total))


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    dx = x - x.mean()
    dy = y - y.mean()
    denom = np.sqrt((dx * dx).sum() * (dy * dy).sum())
    return float((dx * dy).sum() / denom) if denom > 0 else float("nan")


def item_analysis(
    item_scores: np.ndarray,
    full_marks: Sequence[float],
    *,
    options: np.ndarray | None = None,
    group_fraction: float = GROUP_FRACTION,
) -> ItemAnalysis:
    """Analyse the items (小题) of one subject.

    Args:
        item_scores: (n, k) marks per candidate and item. A row that is all NaN is a
            candidate absent from the subject and is dropped; NaN in a row with other
            marks is an error (the marker must enter 0 for a blank answer).
        full_marks: full marks of each item.
        options: optional (n, k) array of chosen option letters ("" or None for a
            blank; items that are not multiple choice may be all None).
        group_fraction: size of the upper and lower groups (0.27).

    Raises:
        ValueError: on a partial row, a mark outside [0, full] or mismatched shapes.
    """
    x = np.asarray(item_scores, dtype=np.float64)
    full = np.asarray(full_marks, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != len(full):
        raise ValueError(f"item_scores must be (n, {len(full)}), got {x.shape}")
    missing = np.isnan(x)
    absent = missing.all(axis=1)
    partial = np.flatnonzero(missing.any(axis=1) & ~absent)
    if partial.size:
        r = int(partial[0])
        c = int(np.flatnonzero(missing[r])[0])
        raise ValueError(f"row {r}, item {c + 1}: no mark (enter 0 for a blank answer)")
    keep = ~absent
    x = x[keep]
    rows, cols = np.nonzero((x < 0) | (x > full))
    if rows.size:
        raise ValueError(f"item {int(cols[0]) + 1}: mark {x[rows[0], cols[0]]:g} out of range")
    n, k = x.shape
    if n == 0:
        raise ValueError("no candidate sat this subject")

    total = x.sum(axis=1)
    g = max(1, int(np.floor(group_fraction * n + 0.5)))
    order = np.argsort(-total, kind="stable")
    upper, lower = order[:g], order[n - g :]
    mean = x.mean(axis=0)
    discrimination = (x[upper].mean(axis=0) - x[lower].mean(axis=0)) / full
    point_biserial = np.array([_pearson(x[:, i], total - x[:, i]) for i in range(k)])
    alpha_if_deleted = np.array(
        [cronbach_alpha(np.delete(x, i, axis=1)) for i in range(k)] if k > 2 else [np.nan] * k
    )

    opts: list[list[OptionCount] | None] = [None] * k
    if options is not None:
        o = np.asarray(options)
        if o.dtype.kind != "U":
            o = np.asarray(options, dtype=object)
        if o.shape != (len(keep), k):
            raise ValueError(f"options must have shape {(len(keep), k)}, got {o.shape}")
        o = o[keep]
        for i in range(k):
            if o.dtype.kind == "U":
                # Already letters (the web app's packed answers): no per-cell Python.
                col = np.char.upper(np.char.strip(o[:, i]))
            else:
                col = np.array(["" if v is None else str(v).strip().upper() for v in o[:, i]])
            if not col.any():
                continue
            up, low = col[upper], col[lower]
            opts[i] = [
                OptionCount(
                    option=letter,
                    count=int((col == letter).sum()),
                    share=float((col == letter).mean()),
                    upper_share=float((up == letter).mean()),
                    lower_share=float((low == letter).mean()),
                )
                for letter in sorted(set(col.tolist()))
            ]

    return ItemAnalysis(
        n=n,
        group_size=g,
        full_marks=full,
        mean=mean,
        std=x.std(axis=0),
        difficulty=mean / full,
        discrimination=discrimination,
        point_biserial=point_biserial,
        alpha=cronbach_alpha(x),
        alpha_if_deleted=alpha_if_deleted,
        options=opts,
    )
