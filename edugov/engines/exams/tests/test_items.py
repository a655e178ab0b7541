"""Item analysis on a 6-candidate x 4-item example worked by hand.

Items 1-3 are multiple choice worth 1 mark (keys A, B, C); item 4 is worth 2.

    cand  i1 i2 i3 i4  total   options
    A      1  1  1  2    5     A B C
    B      1  1  0  2    4     A B A
    C      1  0  1  1    3     A D C
    D      0  1  0  1    2     B B A
    E      1  0  0  0    1     A "" B
    F      0  0  0  1    1     C D A
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from edugov.engines.exams.items import cronbach_alpha, item_analysis

X = np.array(
    [
        [1, 1, 1, 2],
        [1, 1, 0, 2],
        [1, 0, 1, 1],
        [0, 1, 0, 1],
        [1, 0, 0, 0],
        [0, 0, 0, 1],
    ],
    dtype=float,
)
FULL = [1, 1, 1, 2]
OPTIONS = np.array(
    [
        ["A", "B", "C", None],
        ["A", "B", "A", None],
        ["A", "D", "C", None],
        ["B", "B", "A", None],
        ["A", "", "B", None],
        ["C", "D", "A", None],
    ],
    dtype=object,
)


def test_difficulty_is_mean_over_full_marks() -> None:
    r = item_analysis(X, FULL)
    # i1: 4/6, i2: 3/6, i3: 2/6, i4: (2+2+1+1+0+1)/6 = 7/6 over 2 marks = 7/12.
    np.testing.assert_allclose(r.difficulty, [4 / 6, 3 / 6, 2 / 6, 7 / 12], rtol=1e-12)


def test_upper_lower_27_percent_discrimination() -> None:
    r = item_analysis(X, FULL)
    # g = floor(0.27 * 6 + 0.5) = floor(2.12) = 2. Totals 5,4,3,2,1,1: upper = {A, B},
    # lower = {E, F}.
    assert r.group_size == 2
    # i1: (1+1)/2 - (1+0)/2 = 0.5;  i2: 1 - 0 = 1;  i3: (1+0)/2 - 0 = 0.5;
    # i4: ((2+2)/2 - (0+1)/2) / 2 marks = 1.5 / 2 = 0.75.
    np.testing.assert_allclose(r.discrimination, [0.5, 1.0, 0.5, 0.75], rtol=1e-12)


def test_item_rest_point_biserial() -> None:
    r = item_analysis(X, FULL)
    # i1: x = 1,1,1,0,1,0 (mean 2/3); rest = total - x = 4,3,2,2,0,1 (mean 2).
    #   Σdx·dr = (1/3)(2) + (1/3)(1) + (1/3)(-2) + (-2/3)(-1) = 1
    #   Σdx² = 4/9 + 4/9 + 4/9 = 4·(1/9) + 2·(4/9) = 4/3;  Σdr² = 4+1+0+0+4+1 = 10
    #   r = 1 / sqrt(4/3 · 10) = sqrt(3/40)
    assert r.point_biserial[0] == pytest.approx(math.sqrt(3 / 40), rel=1e-12)
    # i4: x = 2,2,1,1,0,1 (mean 7/6); rest = 3,2,2,1,1,0 (mean 3/2).
    #   Σdx·dr = (7.5 + 2.5 - 0.5 + 0.5 + 3.5 + 1.5) / 6 = 15/6 = 2.5
    #   Σdx² = 6 · var = 6 · 17/36 = 17/6;  Σdr² = 2.25+0.25·4+2.25 = 5.5
    assert r.point_biserial[3] == pytest.approx(2.5 / math.sqrt(17 / 6 * 5.5), rel=1e-12)


def test_cronbach_alpha_by_hand() -> None:
    # Item variances (population): 2/9, 1/4, 2/9, 17/36 -> sum 42/36 = 7/6.
    # Totals 5,4,3,2,1,1: mean 8/3, E[t²] = 56/6, var = 28/3 - 64/9 = 20/9.
    # α = 4/3 · (1 - (7/6)/(20/9)) = 4/3 · 57/120 = 19/30.
    assert cronbach_alpha(X) == pytest.approx(19 / 30, rel=1e-12)
    r = item_analysis(X, FULL)
    assert r.alpha == pytest.approx(19 / 30, rel=1e-12)
    # Without i4: variances 2/9 + 1/4 + 2/9 = 25/36; totals 3,2,2,1,1,0 have variance
    # 19/6 - 9/4 = 11/12; α = 3/2 · (1 - (25/36)/(11/12)) = 3/2 · 8/33 = 4/11.
    assert r.alpha_if_deleted[3] == pytest.approx(4 / 11, rel=1e-12)


def test_option_distribution_overall_and_by_group() -> None:
    r = item_analysis(X, FULL, options=OPTIONS)
    i1 = {o.option: o for o in r.options[0]}
    assert {k: v.count for k, v in i1.items()} == {"A": 4, "B": 1, "C": 1}
    assert i1["A"].share == pytest.approx(4 / 6)
    assert i1["A"].upper_share == 1.0 and i1["A"].lower_share == 0.5
    assert i1["C"].lower_share == 0.5
    i2 = {o.option: o.count for o in r.options[1]}
    assert i2 == {"": 1, "B": 3, "D": 2}  # "" is a blank answer
    assert r.options[3] is None  # item 4 is not multiple choice


def test_absent_rows_are_dropped_and_partial_rows_rejected() -> None:
    with_absent = np.vstack([X, [np.nan] * 4])
    r = item_analysis(with_absent, FULL)
    assert r.n == 6 and r.alpha == pytest.approx(19 / 30)
    partial = np.vstack([X, [1, np.nan, 0, 0]])
    with pytest.raises(ValueError, match="row 6, item 2"):
        item_analysis(partial, FULL)
    with pytest.raises(ValueError, match="out of range"):
        item_analysis(np.vstack([X, [1, 1, 1, 3]]), FULL)


def test_negative_discrimination_is_reported_as_negative() -> None:
    # An item the weakest get right and the strongest get wrong.
    x = X.copy()
    x[:, 2] = [0, 0, 0, 1, 1, 1]
    r = item_analysis(x, FULL)
    assert r.discrimination[2] < 0 and r.point_biserial[2] < 0
