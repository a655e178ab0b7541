"""The kernels' edge cases: the overflow-safe variance, both percentile searches, the
16-bit count buffer's limit, district-aligned chunks and the thresholds the count pass
is given."""

from __future__ import annotations

import numpy as np
import pytest

from edugov.engines.exams import stats
from edugov.engines.exams.analysis import analyse
from edugov.engines.exams.backends import count_duckdb, count_numpy
from edugov.engines.exams.kernels import compute_totals, school_chunks
from edugov.engines.exams.model import ScoreSheet, Thresholds
from edugov.engines.exams.synth import generate_sheet


def row_stats(vals: np.ndarray, cnts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    fo = np.empty((1, stats.F_Q0 + len(stats.QS)))
    io = np.empty((1, 3), np.int64)
    qwork, gamma = np.empty((4, len(stats.QS)), np.int64), np.empty(len(stats.QS))
    cum = np.empty(len(vals), np.int64)
    stats.hist_stats(vals, cnts, 0, len(vals), 90, 127, stats.QS, qwork, gamma, cum, 1.0, fo, io, 0)
    return fo[0], io[0]


def expected(vals: np.ndarray, cnts: np.ndarray) -> np.ndarray:
    marks = np.repeat(vals, cnts).astype(np.float64)
    return np.array(
        [
            marks.mean(),
            marks.std(),
            marks.min(),
            marks.max(),
            *np.percentile(marks, stats.PERCENTILES),
        ]
    )


@pytest.mark.parametrize(
    ("n_total", "vmax"),
    [
        (40, 150),  # a class: exact integer variance, counting search
        (1_200_000, 3000),  # n x max >= 3e9: the two-pass float variance, binary search
    ],
)
def test_hist_stats_match_numpy_in_both_regimes(n_total: int, vmax: int) -> None:
    rng = np.random.default_rng(n_total)
    vals = np.arange(vmax + 1)
    cnts = np.bincount(
        np.clip(rng.normal(vmax * 0.6, vmax * 0.15, n_total).round(), 0, vmax).astype(np.int64),
        minlength=vmax + 1,
    ).astype(np.int32)
    cnts[-1] = max(cnts[-1], 1)  # the maximum is present, so the overflow guard applies
    n = int(cnts.sum())
    assert (n * vmax >= stats.EXACT_LIMIT) == (n_total > 1_000_000)
    fo, io = row_stats(vals, cnts)
    np.testing.assert_allclose(fo, expected(vals, cnts), rtol=1e-12, atol=0)
    assert io.tolist() == [n, int(cnts[90:].sum()), int(cnts[127:].sum())]


def test_percentile_searches_agree_at_the_switch_between_them() -> None:
    """64 entries are counted, 65 binary-searched: both must find the same scores."""
    rng = np.random.default_rng(7)
    for m in (1, 2, 63, 64, 65, 66, 200):
        vals = np.sort(rng.choice(1000, m, replace=False))
        cnts = rng.integers(1, 4, m).astype(np.int32)
        fo, _ = row_stats(vals, cnts)
        np.testing.assert_allclose(fo, expected(vals, cnts), rtol=1e-12, atol=0, err_msg=str(m))


def test_a_class_larger_than_16_bits_of_counts() -> None:
    """70,000 candidates in one class with the same mark: the count buffer must widen."""
    n = 70_000
    sheet = ScoreSheet.from_codes(
        exam_no=np.arange(n),
        klass=np.zeros(n, np.int64),
        class_school=[0],
        school_district=[0],
        scores=np.full((n, 2), 5.0),
        subjects=["语文", "数学"],
        full_marks=[150, 150],
    )
    counts = count_numpy(sheet)
    assert counts.count.dtype == np.int32
    assert counts.as_csr()[2].tolist() == [n, n, n]
    assert counts.equals(count_duckdb(sheet))


def test_school_chunks_never_cross_a_district_and_cover_every_school() -> None:
    school_start = np.array([0, 5, 5, 300, 301], np.int64)  # district 1 has no school
    bounds = school_chunks(school_start, 16)
    assert bounds[0] == 0 and bounds[-1] == 301
    assert np.all(np.diff(bounds) > 0)  # no empty chunk
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        district = np.searchsorted(school_start, a, side="right") - 1
        assert b <= school_start[district + 1], (a, b)


def test_the_count_pass_uses_the_thresholds_it_is_given() -> None:
    """The numba pass computes class and school statistics as it counts; with other
    thresholds they must still equal the SQL path's, which derives them afterwards."""
    sheet = generate_sheet(3000, seed=5)
    strict = Thresholds(pass_fraction=0.75, excellent_fraction=0.95)
    fused = analyse(sheet, thresholds=strict)
    assert fused.equals(analyse(sheet, engine="duckdb", thresholds=strict))
    assert not np.array_equal(fused.levels["class"].pass_n, analyse(sheet).levels["class"].pass_n)


@pytest.mark.parametrize("policy", ["present_sum", "all_required"])
def test_the_count_pass_totals_follow_the_policy(policy: str) -> None:
    """The numba pass computes the totals as it counts (no separate pass): they must be
    compute_totals' under either policy, partly absent candidates included."""
    sheet = generate_sheet(4000, seed=9, absent_rate=0.2, total_policy=policy)
    partly = ((sheet.scores < 0).any(axis=1) & (sheet.scores >= 0).any(axis=1)).sum()
    assert partly > 100  # the policies differ on these
    totals = count_numpy(sheet).school_pass.totals
    np.testing.assert_array_equal(totals, compute_totals(sheet.scores, policy == "all_required"))
