"""The student-weighted CV of DOMAIN.md §4, by hand and by property."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from edugov.engines.indicators import (
    evaluate_youzhi,
    grouped_weighted_cv,
    unweighted_cv,
    weighted_cv,
)

from .factories import school


def test_it_reproduces_a_hand_computed_weighted_cv_for_a_small_county():
    # 东湖区, three primary schools, indicator 1 (qualified teachers per 100 pupils):
    #   A: 1000 pupils, 50 teachers -> X = 5.0
    #   B:  500 pupils, 20 teachers -> X = 4.0
    #   C:  100 pupils,  7 teachers -> X = 7.0
    # P = 1600, Σ numerator = 77, so X̄ = 100 · 77 / 1600 = 4.8125 = 77/16
    #   A: (1000/1600) · (5.0 − 4.8125)² = 0.625  · 0.03515625 = 0.02197265625
    #   B: ( 500/1600) · (4.0 − 4.8125)² = 0.3125 · 0.66015625 = 0.206298828125
    #   C: ( 100/1600) · (7.0 − 4.8125)² = 0.0625 · 4.78515625 = 0.299072265625
    # S² = 0.52734375 = 135/256, S = √135 / 16
    # CV = S / X̄ = (√135 / 16) / (77 / 16) = √135 / 77 ≈ 0.150895
    expected = math.sqrt(135) / 77
    assert weighted_cv([5.0, 4.0, 7.0], [1000, 500, 100]) == pytest.approx(expected, rel=1e-12)

    rows = [
        school("A", students_primary=1000, qualified_teachers_primary=50),
        school("B", students_primary=500, qualified_teachers_primary=20),
        school("C", students_primary=100, qualified_teachers_primary=7),
    ]
    res = evaluate_youzhi(rows)
    cv = res.districts.cv[0, res.codes.index("yz_qualified_teachers")]
    assert cv == pytest.approx(expected, rel=1e-12)

    # Unweighted: mean 16/3, deviations −1/3, −4/3, 5/3 -> variance 42/27 = 14/9,
    # CV = (√14 / 3) / (16 / 3) = √14 / 16 ≈ 0.2339 — the common bug, clearly different.
    assert unweighted_cv([5.0, 4.0, 7.0]) == pytest.approx(math.sqrt(14) / 16, rel=1e-12)
    assert abs(cv - math.sqrt(14) / 16) > 0.05


def test_the_weighted_mean_is_sigma_numerator_over_sigma_students():
    # X̄ must equal Σ numeratorᵢ / P (·100), not the mean of the school ratios.
    values = np.array([5.0, 4.0, 7.0])
    weights = np.array([1000.0, 500.0, 100.0])
    numerators = values * weights / 100
    mean = 100 * numerators.sum() / weights.sum()
    s = math.sqrt(float(np.sum(weights / weights.sum() * (values - mean) ** 2)))
    assert weighted_cv(values, weights) == pytest.approx(s / mean)
    assert mean != pytest.approx(values.mean())


def test_it_ignores_schools_without_students_and_rejects_bad_weights():
    assert weighted_cv([5.0, np.nan, 4.0], [10, 0, 10]) == pytest.approx(
        weighted_cv([5, 4], [1, 1])
    )
    assert math.isnan(weighted_cv([], []))
    assert math.isnan(weighted_cv([0.0, 0.0], [3, 4]))
    with pytest.raises(ValueError):
        weighted_cv([1.0, 2.0], [1.0, -1.0])
    with pytest.raises(ValueError):
        weighted_cv([1.0, 2.0], [1.0])
    with pytest.raises(ValueError):
        weighted_cv([1.0, np.nan], [1.0, 1.0])


def test_the_grouped_cv_matches_the_scalar_cv_for_each_group_and_indicator():
    rng = np.random.default_rng(7)
    n, k, g = 300, 7, 12
    values = rng.gamma(4.0, 1.0, size=(n, k))
    weights = rng.integers(0, 3000, size=n).astype(float)
    groups = rng.integers(0, g, size=n)
    got = grouped_weighted_cv(values, weights, groups, g)
    assert got.shape == (g, k)
    for gi in range(g):
        sel = groups == gi
        for j in range(k):
            assert got[gi, j] == pytest.approx(weighted_cv(values[sel, j], weights[sel]), rel=1e-10)


def test_a_group_with_no_students_has_no_cv():
    got = grouped_weighted_cv(np.array([1.0, 2.0, 3.0]), np.array([1.0, 1.0, 0.0]), [0, 0, 1], 2)
    assert not math.isnan(got[0])
    assert math.isnan(got[1])


_values = st.lists(
    st.floats(min_value=0.0, max_value=1e6, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(_values, st.floats(min_value=0.5, max_value=5000))
def test_equal_weights_give_the_population_cv(values, w):
    x = np.array(values)
    assume(x.mean() > 1e-6)
    expected = x.std(ddof=0) / x.mean()
    assert weighted_cv(x, np.full(x.size, w)) == pytest.approx(expected, rel=1e-9, abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(min_value=0.0, max_value=1e6, allow_nan=False),
            st.integers(min_value=0, max_value=5000),
        ),
        min_size=1,
        max_size=40,
    ),
    st.floats(min_value=1e-3, max_value=1e3),
)
def test_the_cv_is_non_negative_and_invariant_to_scaling_the_values(pairs, factor):
    x = np.array([p[0] for p in pairs])
    w = np.array([p[1] for p in pairs], dtype=float)
    assume(w.sum() > 0 and np.dot(w, x) / w.sum() > 1e-6)
    cv = weighted_cv(x, w)
    assert cv >= 0
    assert weighted_cv(x * factor, w) == pytest.approx(cv, rel=1e-9, abs=1e-12)
