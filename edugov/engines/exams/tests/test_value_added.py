"""Value added and trend, checked against hand arithmetic and direct computation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from edugov.engines.exams.analysis import analyse
from edugov.engines.exams.synth import generate_sheet
from edugov.engines.exams.value_added import (
    match_candidates,
    school_trend,
    t_quantile,
    value_added,
)


@pytest.mark.parametrize(
    ("df", "expected"),
    [
        (1, 12.706204736174707),
        (2, 4.302652729749464),
        (10, 2.2281388519862744),
        (30, 2.0422724563012373),
        (1000, 1.9623390808264078),
    ],
)
def test_t_quantile_matches_published_values(df: int, expected: float) -> None:
    assert t_quantile(0.975, df) == pytest.approx(expected, rel=1e-10)
    assert t_quantile(0.025, df) == pytest.approx(-expected, rel=1e-10)


def test_regression_and_school_intervals_by_hand() -> None:
    prior = np.array([1, 2, 3, 4, 5, 6], dtype=float)
    current = np.array([2, 4, 5, 4, 6, 9], dtype=float)
    school = np.array([0, 0, 0, 1, 1, 1])
    va = value_added(prior, current, school)
    # x̄ = 3.5, ȳ = 5; Σdx·dy = 7.5+1.5+0-0.5+1.5+10 = 20; Σdx² = 17.5 -> slope 8/7,
    # intercept 5 - 8/7·3.5 = 1. Residuals: -1/7, 5/7, 4/7, -11/7, -5/7, 8/7.
    assert va.slope == pytest.approx(8 / 7, rel=1e-12)
    assert va.intercept == pytest.approx(1.0, rel=1e-12)
    np.testing.assert_allclose(va.residuals, np.array([-1, 5, 4, -11, -5, 8]) / 7, atol=1e-12)
    # School 0: mean 8/21; deviations -11/21, 7/21, 4/21 -> ss 186/441, sd = sqrt(93)/21.
    mean, sd = 8 / 21, math.sqrt(93) / 21
    half = 4.302652729749464 * sd / math.sqrt(3)
    assert va.school.mean[0] == pytest.approx(mean, rel=1e-12)
    assert va.school.sd[0] == pytest.approx(sd, rel=1e-12)
    assert va.school.ci_low[0] == pytest.approx(mean - half, rel=1e-10)
    assert va.school.ci_high[0] == pytest.approx(mean + half, rel=1e-10)
    assert va.school.mean[1] == pytest.approx(-mean, rel=1e-12)


def test_absent_candidates_are_left_out_and_singletons_get_no_interval() -> None:
    prior = np.array([1, 2, 3, 4, np.nan, 6, 7], dtype=float)
    current = np.array([2, 4, 5, 4, 6, 9, np.nan], dtype=float)
    school = np.array([0, 0, 0, 1, 1, 1, 2])
    klass = np.array([0, 0, 1, 2, 2, 3, 4])
    va = value_added(prior, current, school, klass)
    assert va.n == 5
    assert np.isnan(va.residuals[4]) and np.isnan(va.residuals[6])
    assert va.school.n.tolist() == [3, 2, 0]
    assert va.klass is not None and va.klass.n.tolist() == [2, 1, 1, 1, 0]
    assert np.isnan(va.klass.ci_low[1]) and not np.isnan(va.klass.ci_low[0])


def test_a_school_that_adds_value_is_found() -> None:
    rng = np.random.default_rng(5)
    prior = rng.normal(500, 80, 3000)
    school = rng.integers(0, 10, 3000)
    current = 20 + 0.95 * prior + rng.normal(0, 15, 3000) + np.where(school == 3, 12.0, 0.0)
    va = value_added(prior, current, school)
    best = int(np.argmax(va.school.mean))
    assert best == 3
    assert va.school.ci_low[3] > 0 > va.school.ci_high[np.argmin(va.school.mean)]


def test_match_candidates_by_student_id() -> None:
    ip, ic = match_candidates(np.array(["s3", "s1", "s2"]), np.array(["s2", "s4", "s3"]))
    assert sorted(zip(ip.tolist(), ic.tolist(), strict=True)) == [(0, 2), (2, 0)]


def test_school_trend_ranks_and_z_scores() -> None:
    first = analyse(generate_sheet(3000, seed=1))
    second = analyse(generate_sheet(3000, seed=2))
    trend = school_trend([first, second], ["期中", "期末"])
    assert trend.rank.shape == (len(trend.school), 2)
    for e, a in enumerate((first, second)):
        sh = a.sheet
        for s in range(len(sh.school_names)):
            row = np.flatnonzero(
                (trend.school == sh.school_names[s])
                & (trend.district == sh.district_names[sh.school_district[s]])
            )
            assert row.size == 1
            assert trend.rank[row[0], e] == a.school_rank_city[s]
            totals = a.total_marks()
            city = totals[~np.isnan(totals)]
            mine = totals[(sh.school == s) & ~np.isnan(totals)]
            z = (mine.mean() - city.mean()) / city.std()
            assert trend.z[row[0], e] == pytest.approx(z, rel=1e-9)
    both = ~np.isnan(trend.z).any(axis=1)
    np.testing.assert_allclose(trend.z_slope[both], trend.z[both, 1] - trend.z[both, 0], rtol=1e-12)
