"""Gap to standard for each school part, and the district-CV what-if.

The gap is what a part must *add* to its numerator (teachers, ㎡, 元, classrooms) for
an indicator to reach its standard: ``standard × students / scale − numerator``.
People and classrooms come in whole units, and so (by our choice, for readable reports)
do ㎡ and 元 — always rounded *up*, so that closing the gap really closes it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cv import grouped_weighted_cv
from .definitions import Direction, Indicator
from .rollup import REL_TOL, ratio


@dataclass(frozen=True)
class Gaps:
    """Per part (rows) and indicator (columns); 0 where the line is already met.

    ``to_standard``: numerator to add to reach 100 % of the standard.
    ``to_85pct``: numerator to add to reach the 85 % floor for the one allowed miss.
    ``school_total``: for a resource split from a school total, how much the *school*
    must add so that this part's share closes its gap (``to_standard / share``).
    """

    to_standard: np.ndarray
    to_85pct: np.ndarray
    school_total: np.ndarray


def _round_up(x: np.ndarray, whole: np.ndarray) -> np.ndarray:
    # Subtract a hair before ceil: with a local line of 1.1 per 100, 1.1 × 3000 / 100 is
    # 33.00000000000001 in binary and must need 33 teachers, not 34.
    tol = REL_TOL * np.maximum(np.abs(x), 1.0)
    rounded = np.where(whole, np.ceil(x - tol), x)
    return np.maximum(rounded, 0.0)


def compute_gaps(
    indicators: tuple[Indicator, ...],
    numerator: np.ndarray,
    denominator: np.ndarray,
    standard: np.ndarray,
    share: np.ndarray,
    *,
    min_ratio: float = 0.85,
) -> Gaps:
    """Gaps for every (part, indicator); arrays are (m, k) in ``indicators`` order.

    ``share`` is each part's share of the school total for the field (1 when the part
    reported the field itself). Only higher-is-better indicators can have a gap here;
    a lower-is-better one would need the denominator to grow, which is not a resource.
    """
    for ind in indicators:
        if ind.direction is not Direction.HIGHER:
            raise ValueError(f"{ind.code}: gaps are defined for higher-is-better indicators")
    scale = np.array([i.scale for i in indicators], dtype=float)
    whole = np.array([i.gap_whole for i in indicators], dtype=bool)
    required = standard * denominator / scale
    raw = required - numerator
    to_std = _round_up(raw, whole)
    to_85 = _round_up(min_ratio * required - numerator, whole)
    # Round the school-level addition from the unrounded part gap: rounding twice would
    # overstate it (e.g. 1.39 → 2 → 2/0.58 → 4, where 1.39/0.58 → 3 already suffices).
    with np.errstate(divide="ignore", invalid="ignore"):
        via_school = _round_up(np.where(share > 0, raw / share, np.nan), whole)
    school_total = np.where(share >= 1.0, to_std, via_school)
    school_total = np.where(to_std > 0, school_total, 0.0)
    return Gaps(to_std, to_85, school_total)


def what_if_cv(
    numerator: np.ndarray,
    denominator: np.ndarray,
    scale: np.ndarray,
    gaps: Gaps,
    close: np.ndarray,
    weights: np.ndarray,
    groups: np.ndarray,
    n_groups: int,
) -> np.ndarray:
    """District CVs after closing the gaps of the parts where ``close`` is True.

    Only the numerators move; the student weights stay, so the change in CV is purely
    the effect of bringing the lagging schools up to the standard.
    """
    num = numerator + np.where(close[:, None], gaps.to_standard, 0.0)
    values = ratio(num, denominator, scale)
    return grouped_weighted_cv(values, weights, groups, n_groups)
