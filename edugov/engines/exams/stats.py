"""numba kernels: the statistics of one distribution given as (score, count) entries.

Shared by every level and every backend, so that a statistic is computed by the same
arithmetic whether the entries come from the numba count pass, from DuckDB or from
Spark: that is what makes the backends' results bit-identical.

The statistics of a (unit, column) are written to two rows: ``fo`` (float: mean, std,
min, max, then the percentiles) and ``io`` (int: present, pass, excellent).

Scores are integers (scaled, see :mod:`.model`), so the count, sum and sum of squares
are exact in int64 and the variance is (n·Σv² − (Σv)²) / n², rounded once: no
cancellation, and no float dependency chain in the loop. When the numerator could
overflow (n × the highest scaled score ≥ 3·10⁹: a million candidates whose totals
reach 1,500 marks in half marks) the two-pass float form, mean first, is used instead.

The functions called once per distribution are ``inline="always"``: a call to a
compiled numba function increments and decrements the reference count of each array
argument, atomically, on a count both threads share, which cost ~5 % of the count pass.

numba's ``cache=True`` keys a kernel on its own file only: the kernels of
:mod:`.kernels` inline these functions, so after editing this file delete the
package's ``__pycache__``, or they keep the old code.

Percentiles follow numpy's default ``method="linear"`` (Hyndman & Fan type 7, Excel's
PERCENTILE.INC): position h = (n-1)q in the sorted scores, linear interpolation between
the scores at floor(h) and floor(h)+1, with numpy's lerp formula.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

#: The reported percentiles, in percent.
PERCENTILES: tuple[int, ...] = (10, 25, 50, 75, 90)
#: The same as fractions, as the kernels take them.
QS = np.array(PERCENTILES, dtype=np.float64) / 100
#: Layout of the float statistics row per (unit, column): mean, std, min, max, then the
#: percentiles in the order of ``qs``.
F_MEAN, F_STD, F_MIN, F_MAX, F_Q0 = 0, 1, 2, 3, 4
#: Layout of the integer row: present count, pass count, excellent count.
I_N, I_PASS, I_EXC = 0, 1, 2
#: Rows of the ``qwork`` scratch (int64, shape (4, len(qs))): sorted positions below and
#: above each percentile, then the scores found at those positions.
Q_LO_POS, Q_HI_POS, Q_LO_VAL, Q_HI_VAL = 0, 1, 2, 3
#: Above this n · max score the exact integer variance could overflow int64.
EXACT_LIMIT = 3_000_000_000
#: Index type of the loops over every candidate and every count entry. numba guards
#: each signed index against a negative value (``a[-1]`` is the last item, as in
#: Python) with three instructions and a register; an unsigned index needs none. In
#: those loops the guards cost ~10 % of the whole analysis. Every index cast with
#: ``U`` is non-negative by construction.
U = np.uint64


@njit(cache=True)
def add_moments(
    m: tuple[int, int, int, int, int], h: int, v: int, thr_pass: int, thr_exc: int
) -> tuple[int, int, int, int, int]:
    """The moments (n, Σv, Σv², pass count, excellent count) after adding h scores v."""
    n, s1, s2, n_pass, n_exc = m
    hv = h * v
    return n + h, s1 + hv, s2 + hv * v, n_pass + h * (v >= thr_pass), n_exc + h * (v >= thr_exc)


@njit(cache=True, inline="always")
def quantile_targets(n: int, qs: np.ndarray, qwork: np.ndarray, gamma: np.ndarray) -> None:
    """Sorted positions either side of each percentile of n scores (n >= 1)."""
    for qi in range(len(qs)):
        h = (n - 1) * qs[qi]
        lo = int(np.floor(h))
        qwork[Q_LO_POS, qi] = lo
        qwork[Q_HI_POS, qi] = min(lo + 1, n - 1)
        gamma[qi] = h - lo


@njit(cache=True, inline="always")
def find_quantiles(
    vals: np.ndarray, a: int, cum: np.ndarray, m: int, qwork: np.ndarray, packed: bool
) -> None:
    """Scores at the target positions of :func:`quantile_targets`.

    The score at sorted position p is at the first entry whose cumulative count
    exceeds p, i.e. after as many entries as have ``cum <= p``. For the few dozen
    entries of a class that count is taken over all of them, branch-free (it
    vectorises); walking up to each target instead mispredicts a branch at nearly
    every one, which cost more than all the other class statistics together. Longer
    distributions (schools, districts) binary-search instead, since counting is
    O(targets x entries).

    Args:
        vals: entries' scores, the distribution's starting at ``a``.
        cum: cumulative counts of its ``m`` entries, ascending.
        packed: no entry has a zero count (everything but a dense row), so the position
            above a target is at most one entry further: no loop, no misprediction.
    """
    for qi in range(qwork.shape[1]):
        p = qwork[Q_LO_POS, qi]
        if m <= 64:
            idx = 0
            for t in range(m):
                idx += cum[U(t)] <= p
        else:
            idx = 0
            hi = m
            while idx < hi:  # conditional moves, not branches: the outcomes are random
                mid = (idx + hi) >> 1
                below = cum[U(mid)] <= p
                idx = mid + 1 if below else idx
                hi = hi if below else mid
        qwork[Q_LO_VAL, qi] = vals[U(a + idx)]
        # The position above is in the same entry or, past zero counts, the next one.
        p = qwork[Q_HI_POS, qi]
        if packed:
            idx += cum[U(idx)] <= p
        else:
            while cum[U(idx)] <= p:
                idx += 1
        qwork[Q_HI_VAL, qi] = vals[U(a + idx)]


@njit(cache=True, inline="always")
def finish_stats(
    vals: np.ndarray,
    cnts: np.ndarray,
    a: int,
    b: int,
    moments: tuple[int, int, int, int, int],
    qs: np.ndarray,
    qwork: np.ndarray,
    gamma: np.ndarray,
    cum: np.ndarray,
    unit: float,
    fo: np.ndarray,
    io: np.ndarray,
    g: int,
    packed: bool = True,
) -> None:
    """Write one distribution's statistics to row g of fo and io, from its integer
    moments (see :func:`add_moments`) and its entries.

    ``vals[a:b]`` / ``cnts[a:b]`` are its entries, ascending, with nonzero counts at
    both ends (zeros inside are allowed), and ``cum[:b-a]`` their cumulative counts:
    they give min, max and the percentiles, and the variance when the exact form
    could overflow. ``qwork`` and ``gamma`` are scratch (see :func:`quantile_targets`);
    ``packed`` says no entry has a zero count (see :func:`find_quantiles`). ``unit`` is
    the marks per scaled point (1 or 0.5, so the product is exact): the float
    statistics are written in marks.
    """
    n, s1, s2, n_pass, n_exc = moments
    r = U(g)  # the row
    io[r, I_N] = n
    io[r, I_PASS] = n_pass
    io[r, I_EXC] = n_exc
    if n == 0:
        for f in range(fo.shape[1]):
            fo[r, f] = np.nan
        return
    quantile_targets(n, qs, qwork, gamma)
    find_quantiles(vals, a, cum, b - a, qwork, packed)
    mean = s1 / n
    vmax = np.int64(vals[U(b - 1)])
    if n * vmax < EXACT_LIMIT:  # then s1² < 9e18 and n·s2 <= (n·vmax)² < 9e18
        var = (n * s2 - s1 * s1) / (n * n)
    else:
        m2 = 0.0
        for t in range(a, b):
            d = vals[t] - mean
            m2 += cnts[t] * d * d
        var = m2 / n
    fo[r, F_MEAN] = mean * unit
    fo[r, F_STD] = np.sqrt(var) * unit
    fo[r, F_MIN] = vals[U(a)] * unit
    fo[r, F_MAX] = vmax * unit
    for qi in range(len(gamma)):
        lo = qwork[Q_LO_VAL, qi]
        hi = qwork[Q_HI_VAL, qi]
        diff = hi - lo
        w = gamma[qi]
        fo[r, F_Q0 + qi] = (hi - diff * (1 - w) if w >= 0.5 else lo + diff * w) * unit


@njit(cache=True)
def hist_stats(
    vals: np.ndarray,
    cnts: np.ndarray,
    a: int,
    b: int,
    thr_pass: int,
    thr_exc: int,
    qs: np.ndarray,
    qwork: np.ndarray,
    gamma: np.ndarray,
    cum: np.ndarray,
    unit: float,
    fo: np.ndarray,
    io: np.ndarray,
    g: int,
) -> None:
    """Statistics of the entries ``vals[a:b]`` (ascending) with counts ``cnts[a:b]``
    (zeros allowed, as in a dense row), into row g of fo and io; ``cum`` is scratch of at
    least b - a entries. Ranges and row numbers rather than slices: a slice is a new
    array whose reference count every thread would update on the same cache line."""
    while a < b and cnts[a] == 0:
        a += 1
    while b > a and cnts[b - 1] == 0:
        b -= 1
    m = (0, 0, 0, 0, 0)
    for t in range(a, b):
        m = add_moments(m, np.int64(cnts[t]), np.int64(vals[t]), thr_pass, thr_exc)
        cum[t - a] = m[0]
    finish_stats(vals, cnts, a, b, m, qs, qwork, gamma, cum, unit, fo, io, g, False)


@njit(cache=True)
def stats_dense(
    hist: np.ndarray,
    offsets: np.ndarray,
    ranges: np.ndarray,
    thr_pass: np.ndarray,
    thr_exc: np.ndarray,
    qs: np.ndarray,
    unit: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Statistics for every (unit, column) of a dense (units, bins) table, in marks."""
    n_units = hist.shape[0]
    n_cols = len(offsets)
    fo = np.empty((n_units * n_cols, F_Q0 + len(qs)), np.float64)
    io = np.empty((n_units * n_cols, 3), np.int64)
    qwork = np.empty((4, len(qs)), np.int64)
    gamma = np.empty(len(qs))
    max_range = 0
    for j in range(n_cols):
        max_range = max(max_range, ranges[j])
    vals = np.arange(max_range)
    cum = np.empty(max_range, np.int64)
    for g in range(n_units * n_cols):
        u = g // n_cols
        j = g % n_cols
        row = hist[u, offsets[j] : offsets[j] + ranges[j]]
        hist_stats(
            vals, row, 0, ranges[j], thr_pass[j], thr_exc[j], qs, qwork, gamma, cum, unit, fo, io, g
        )
    return fo, io


@njit(cache=True, parallel=True)
def stats_groups(
    begin: np.ndarray,
    end: np.ndarray,
    score: np.ndarray,
    count: np.ndarray,
    n_cols: int,
    thr_pass: np.ndarray,
    thr_exc: np.ndarray,
    qs: np.ndarray,
    unit: float,
    chunks: np.ndarray,
    fo: np.ndarray,
    io: np.ndarray,
) -> None:
    """Statistics of every group of a :class:`.CountTable` (the class level, for the
    SQL backends; the numba count pass computes them as it counts)."""
    longest = 0
    for g in range(len(begin)):
        longest = max(longest, end[g] - begin[g])
    for chunk in prange(len(chunks) - 1):
        qwork = np.empty((4, len(qs)), np.int64)
        gamma = np.empty(len(qs))
        cum = np.empty(longest, np.int64)
        for g in range(chunks[chunk], chunks[chunk + 1]):
            j = g % n_cols
            hist_stats(
                score, count, begin[g], end[g], thr_pass[j], thr_exc[j], qs, qwork, gamma,
                cum, unit, fo, io, g,
            )  # fmt: skip
