"""numba kernels: the count pass and everything derived from count tables.

All scores here are scaled integers (see :mod:`.model`), with -1 for 缺考. A *column*
is a subject or, last, the total. The class-level count table is kept in CSR form:
group ``g = class * J + column`` owns entries ``indptr[g]:indptr[g+1]`` of ``score`` and
``count``, sorted by score. Dense tables put every column side by side on one bin axis:
column ``j`` owns bins ``offsets[j] : offsets[j] + ranges[j]``.

Kernels are compiled with ``cache=True`` so a fresh process loads machine code from
``__pycache__`` instead of spending seconds in LLVM. Only the kernels that touch every
candidate or every count are ``parallel=True``: the others handle tables of a few
thousand cells, where threads would cost more compile time than they save.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

#: Layout of the float statistics block per (unit, column): mean, std, min, max, then
#: the percentiles in the order given to :func:`stats_csr` / :func:`stats_dense`.
F_MEAN, F_STD, F_MIN, F_MAX, F_Q0 = 0, 1, 2, 3, 4
#: Layout of the integer block: present count, pass count, excellent count.
I_N, I_PASS, I_EXC = 0, 1, 2


@njit(cache=True)
def scale_marks(
    marks: np.ndarray, full: np.ndarray, any_half_full: bool, out: np.ndarray
) -> tuple[int, int, int, int]:
    """Validate float marks (NaN = absent) and write them scaled to ``out``.

    Returns (problem, row, column, scale): problem 0 = fine, 1 = below 0, 2 = above full
    marks, 3 = not a whole or half mark, for the first bad mark in row order. One pass
    to validate and find whether any half mark occurs, one to write: the numpy version
    made seven full-size temporaries.
    """
    n, k = marks.shape
    halves = any_half_full
    for i in range(n):
        for j in range(k):
            m = marks[i, j]
            if m != m:
                continue
            if m < 0:
                return 1, i, j, 0
            if m > full[j]:
                return 2, i, j, 0
            d = m * 2
            if d != np.floor(d):
                return 3, i, j, 0
            if m != np.floor(m):
                halves = True
    scale = 2 if halves else 1
    for i in range(n):
        for j in range(k):
            m = marks[i, j]
            out[i, j] = -1 if m != m else np.int16(round(m * scale))
    return 0, 0, 0, scale


@njit(cache=True)
def compute_totals(scores: np.ndarray, all_required: bool) -> np.ndarray:
    """Total per candidate; -1 when absent from every subject (or any, if all_required)."""
    n, k = scores.shape
    out = np.empty(n, np.int32)
    for i in range(n):
        t = 0
        present = 0
        for j in range(k):
            v = scores[i, j]
            if v >= 0:
                t += v
                present += 1
        if present == 0 or (all_required and present < k):
            out[i] = -1
        else:
            out[i] = t
    return out


@njit(cache=True)
def group_rows(codes: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Stable counting sort of row indices by code: (order, start) with group g at
    ``order[start[g]:start[g+1]]``. O(N + groups), no comparison sort."""
    start = np.zeros(n_groups + 1, np.int64)
    for i in range(len(codes)):
        start[codes[i] + 1] += 1
    for g in range(n_groups):
        start[g + 1] += start[g]
    pos = start[:-1].copy()
    order = np.empty(len(codes), np.int64)
    for i in range(len(codes)):
        g = codes[i]
        order[pos[g]] = i
        pos[g] += 1
    return order, start


def chunk_bounds(n_items: int, n_chunks: int) -> np.ndarray:
    """Split range(n_items) into contiguous chunks for prange.

    Kernels loop over chunks rather than items so that each thread allocates its
    scratch histogram once: zeroing a fresh array per class would cost more than the
    counting itself.
    """
    n_chunks = max(1, min(n_chunks, n_items))
    return np.linspace(0, n_items, n_chunks + 1).astype(np.int64)


def alloc(shape: int | tuple[int, ...], dtype: type) -> np.ndarray:
    """Allocate a large output in numpy, not inside a kernel.

    numpy asks the kernel for transparent huge pages on big arrays; numba's allocator
    does not, and first-touching 120 MB of 4 KB pages costs several times the work that
    fills them.
    """
    return np.empty(shape, dtype)


@njit(cache=True, parallel=True)
def count_pass(
    scores: np.ndarray,
    totals: np.ndarray,
    order: np.ndarray,
    identity: bool,
    class_start: np.ndarray,
    offsets: np.ndarray,
    ranges: np.ndarray,
    chunks: np.ndarray,
    slot: np.ndarray,
    buf_score: np.ndarray,
    buf_count: np.ndarray,
    nnz: np.ndarray,
) -> None:
    """The histogram kernel: (class, column, score) -> count, into per-class slots.

    Each class's rows are histogrammed into a small scratch table (all columns side by
    side, a few KB, so it stays in L1); only the bins between the class's min and max
    are scanned, and they are zeroed on the way out so the table is reused. Class c
    writes its entries from ``slot[c]`` on (see :func:`count_slots`) and its number of
    distinct scores per column to ``nnz[c * n_cols + j]``; :func:`compact` then packs
    the slots into CSR.
    """
    n_classes = len(class_start) - 1
    k = scores.shape[1]
    n_cols = k + 1
    n_bins = offsets[n_cols - 1] + ranges[n_cols - 1]
    max_size = 0
    for c in range(n_classes):
        max_size = max(max_size, class_start[c + 1] - class_start[c])
    off_t = offsets[k]
    for chunk in prange(len(chunks) - 1):
        hist = np.zeros(n_bins, np.int32)
        lo = np.empty(n_cols, np.int64)
        hi = np.empty(n_cols, np.int64)
        # The total spans ~10x the bins of a subject but a class has only a few dozen
        # distinct totals: remember them and sort them instead of scanning the range.
        distinct = np.empty(max_size, np.int64)
        for c in range(chunks[chunk], chunks[chunk + 1]):
            for j in range(n_cols):
                lo[j] = ranges[j]
                hi[j] = -1
            nd = 0
            for p in range(class_start[c], class_start[c + 1]):
                i = p if identity else order[p]
                for j in range(k):
                    v = scores[i, j]
                    if v >= 0:
                        hist[offsets[j] + v] += 1
                        lo[j] = min(lo[j], v)
                        hi[j] = max(hi[j], v)
                v = totals[i]
                if v >= 0:
                    if hist[off_t + v] == 0:
                        distinct[nd] = v
                        nd += 1
                    hist[off_t + v] += 1
            w = slot[c]
            for j in range(k):
                w0 = w
                off = offsets[j]
                for v in range(lo[j], hi[j] + 1):
                    h = hist[off + v]
                    buf_score[w] = v
                    buf_count[w] = h
                    hist[off + v] = 0
                    w += h != 0
                nnz[c * n_cols + j] = w - w0
            for t in range(1, nd):
                v = distinct[t]
                u = t - 1
                while u >= 0 and distinct[u] > v:
                    distinct[u + 1] = distinct[u]
                    u -= 1
                distinct[u + 1] = v
            for t in range(nd):
                v = distinct[t]
                buf_score[w + t] = v
                buf_count[w + t] = hist[off_t + v]
                hist[off_t + v] = 0
            nnz[c * n_cols + k] = nd


def count_slots(class_start: np.ndarray, n_cols: int) -> np.ndarray:
    """Start of each class's slot in the count buffers (plus the total size at the end).

    A class of m candidates has at most m distinct scores per column, so each class can
    write into its own pre-sized slot without any coordination between threads. The
    slot has one spare entry because the branch-free scan in :func:`count_pass` always
    writes one entry past the last kept one.
    """
    return class_start * n_cols + np.arange(len(class_start), dtype=np.int64)


@njit(cache=True, parallel=True)
def compact(
    slot: np.ndarray,
    indptr: np.ndarray,
    buf_score: np.ndarray,
    buf_count: np.ndarray,
    n_cols: int,
    chunks: np.ndarray,
    score: np.ndarray,
    count: np.ndarray,
) -> None:
    """Pack the per-class slots of :func:`count_pass` into the CSR arrays."""
    for chunk in prange(len(chunks) - 1):
        for c in range(chunks[chunk], chunks[chunk + 1]):
            src = slot[c]
            dst = indptr[c * n_cols]
            for t in range(indptr[(c + 1) * n_cols] - dst):
                score[dst + t] = buf_score[src + t]
                count[dst + t] = buf_count[src + t]


@njit(cache=True)
def csr_from_rows(
    klass: np.ndarray,
    column: np.ndarray,
    score: np.ndarray,
    count: np.ndarray,
    n_classes: int,
    n_cols: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Turn unordered GROUP BY rows (from SQL) into the same CSR the kernel builds."""
    n_groups = n_classes * n_cols
    indptr = np.zeros(n_groups + 1, np.int64)
    for r in range(len(klass)):
        indptr[klass[r] * n_cols + column[r] + 1] += 1
    for g in range(n_groups):
        indptr[g + 1] += indptr[g]
    pos = indptr[:-1].copy()
    out_s = np.empty(len(klass), np.int32)
    out_c = np.empty(len(klass), np.int32)
    for r in range(len(klass)):
        g = klass[r] * n_cols + column[r]
        out_s[pos[g]] = score[r]
        out_c[pos[g]] = count[r]
        pos[g] += 1
    # Groups hold at most one class's distinct scores, so insertion sort is cheap.
    for g in range(n_groups):
        for t in range(indptr[g] + 1, indptr[g + 1]):
            s = out_s[t]
            c = out_c[t]
            u = t - 1
            while u >= indptr[g] and out_s[u] > s:
                out_s[u + 1] = out_s[u]
                out_c[u + 1] = out_c[u]
                u -= 1
            out_s[u + 1] = s
            out_c[u + 1] = c
    return indptr, out_s, out_c


@njit(cache=True)
def _hist_stats(
    vals: np.ndarray,
    cnts: np.ndarray,
    thr_pass: int,
    thr_exc: int,
    qs: np.ndarray,
    fo: np.ndarray,
    io: np.ndarray,
) -> None:
    """Statistics of one distribution given as ascending values with counts.

    Percentiles follow numpy's default ``method="linear"`` (Hyndman & Fan type 7, the
    same as Excel's PERCENTILE.INC): position h = (n-1)q in the sorted scores, linear
    interpolation between the neighbours, with numpy's lerp formula.
    """
    n = 0
    s = 0
    first = -1
    last = -1
    for t in range(len(cnts)):
        c = cnts[t]
        if c:
            n += c
            s += c * vals[t]
            if first < 0:
                first = t
            last = t
    io[I_N] = n
    if n == 0:
        for f in range(len(fo)):
            fo[f] = np.nan
        io[I_PASS] = 0
        io[I_EXC] = 0
        return
    mean = s / n
    # Two passes (mean first) rather than sum of squares: no cancellation, no overflow
    # for provincial volumes.
    m2 = 0.0
    n_pass = 0
    n_exc = 0
    for t in range(first, last + 1):
        c = cnts[t]
        if c:
            d = vals[t] - mean
            m2 += c * d * d
            if vals[t] >= thr_pass:
                n_pass += c
            if vals[t] >= thr_exc:
                n_exc += c
    fo[F_MEAN] = mean
    fo[F_STD] = np.sqrt(m2 / n)
    fo[F_MIN] = vals[first]
    fo[F_MAX] = vals[last]
    io[I_PASS] = n_pass
    io[I_EXC] = n_exc
    # One walk up the cumulative counts serves all percentiles: their ranks ascend.
    t = first
    below = 0  # scores strictly before bin t
    for qi in range(len(qs)):
        h = (n - 1) * qs[qi]
        lo = int(np.floor(h))
        gamma = h - lo
        hi = min(lo + 1, n - 1)
        while below + cnts[t] <= lo:
            below += cnts[t]
            t += 1
        a = vals[t]
        t2 = t
        below2 = below
        while below2 + cnts[t2] <= hi:
            below2 += cnts[t2]
            t2 += 1
        b = vals[t2]
        diff = b - a
        fo[F_Q0 + qi] = b - diff * (1 - gamma) if gamma >= 0.5 else a + diff * gamma


@njit(cache=True)
def stats_dense(
    hist: np.ndarray,
    offsets: np.ndarray,
    ranges: np.ndarray,
    thr_pass: np.ndarray,
    thr_exc: np.ndarray,
    qs: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Statistics for every (unit, column) of a dense (units, bins) table."""
    n_units = hist.shape[0]
    n_cols = len(offsets)
    fo = np.empty((n_units * n_cols, F_Q0 + len(qs)), np.float64)
    io = np.empty((n_units * n_cols, 3), np.int64)
    max_range = 0
    for j in range(n_cols):
        max_range = max(max_range, ranges[j])
    vals = np.arange(max_range)
    for g in range(n_units * n_cols):
        u = g // n_cols
        j = g % n_cols
        a = offsets[j]
        row = hist[u, a : a + ranges[j]]
        _hist_stats(vals[: ranges[j]], row, thr_pass[j], thr_exc[j], qs, fo[g], io[g])
    return fo, io


@njit(cache=True, parallel=True)
def roll_up_csr(
    indptr: np.ndarray,
    score: np.ndarray,
    count: np.ndarray,
    child_start: np.ndarray,
    n_cols: int,
    offsets: np.ndarray,
    n_bins: int,
) -> np.ndarray:
    """Dense (parent, bins) table from the class CSR; a parent's classes are contiguous."""
    n_parents = len(child_start) - 1
    out = np.zeros((n_parents, n_bins), np.int32)
    for p in prange(n_parents):
        for c in range(child_start[p], child_start[p + 1]):
            for j in range(n_cols):
                g = c * n_cols + j
                off = offsets[j]
                for t in range(indptr[g], indptr[g + 1]):
                    out[p, off + score[t]] += count[t]
    return out


@njit(cache=True)
def roll_up_dense(hist: np.ndarray, child_start: np.ndarray) -> np.ndarray:
    """Sum contiguous child rows of a dense table into parent rows."""
    n_parents = len(child_start) - 1
    n_bins = hist.shape[1]
    out = np.zeros((n_parents, n_bins), hist.dtype)
    for p in range(n_parents):
        for c in range(child_start[p], child_start[p + 1]):
            for b in range(n_bins):
                out[p, b] += hist[c, b]
    return out


@njit(cache=True)
def counts_above(hist: np.ndarray, offsets: np.ndarray, ranges: np.ndarray) -> np.ndarray:
    """Per bin, how many in the same unit and column scored strictly higher."""
    n_units = hist.shape[0]
    out = np.empty_like(hist)
    for u in range(n_units):
        for j in range(len(offsets)):
            acc = 0
            for b in range(offsets[j] + ranges[j] - 1, offsets[j] - 1, -1):
                out[u, b] = acc
                acc += hist[u, b]
    return out


@njit(cache=True, parallel=True)
def derive_schools(
    indptr: np.ndarray,
    score: np.ndarray,
    count: np.ndarray,
    class_start: np.ndarray,
    row_order: np.ndarray,
    identity: bool,
    row_start: np.ndarray,
    scores: np.ndarray,
    totals: np.ndarray,
    school_district: np.ndarray,
    above_city: np.ndarray,
    above_district: np.ndarray,
    offsets: np.ndarray,
    ranges: np.ndarray,
    thr_pass: np.ndarray,
    thr_exc: np.ndarray,
    qs: np.ndarray,
    chunks: np.ndarray,
    fo_class: np.ndarray,
    io_class: np.ndarray,
    fo_school: np.ndarray,
    io_school: np.ndarray,
    ranks: np.ndarray,
) -> None:
    """Class and school statistics and every candidate's ranks, school by school.

    Fused so that a school's histogram is built from its classes' count tables, used
    for the school's statistics and turned into "number above" for its candidates'
    ranks while it is still in cache; no (schools x bins) table is ever materialised.

    Args:
        class_start: classes of school s are ``class_start[s]:class_start[s+1]``.
        row_order, identity, row_start: candidates of class c are
            ``row_order[row_start[c]:row_start[c+1]]`` (or that range itself when
            ``identity``, i.e. the rows are already grouped by class).
        above_city, above_district: "number above" tables, (1, bins) and (D, bins).

    Outputs (allocated by the caller, see :func:`alloc`): class and school float and
    int statistics, (units * columns, ...) as in :func:`stats_dense`, and ranks of shape
    (N, columns, 3) for city, district, school, -1 where absent.
    """
    n_cols = len(offsets)
    k = n_cols - 1
    n_bins = offsets[k] + ranges[k]
    vals = np.arange(n_bins)
    for chunk in prange(len(chunks) - 1):
        hist = np.zeros(n_bins, np.int32)
        above = np.empty(n_bins, np.int32)
        lo = np.empty(n_cols, np.int64)
        hi = np.empty(n_cols, np.int64)
        for s in range(chunks[chunk], chunks[chunk + 1]):
            for j in range(n_cols):
                lo[j] = ranges[j]
                hi[j] = -1
            for c in range(class_start[s], class_start[s + 1]):
                for j in range(n_cols):
                    g = c * n_cols + j
                    a = indptr[g]
                    b = indptr[g + 1]
                    _hist_stats(
                        score[a:b], count[a:b], thr_pass[j], thr_exc[j], qs,
                        fo_class[g], io_class[g],
                    )  # fmt: skip
                    if b > a:
                        lo[j] = min(lo[j], score[a])
                        hi[j] = max(hi[j], score[b - 1])
                    off = offsets[j]
                    for t in range(a, b):
                        hist[off + score[t]] += count[t]
            # Only the school's occupied range [lo, hi] is scanned, and only those bins
            # of "above" are filled: the school's candidates never look outside it.
            for j in range(n_cols):
                g = s * n_cols + j
                a = offsets[j] + lo[j]
                b = offsets[j] + hi[j] + 1
                if b <= a:
                    a = b = offsets[j]
                _hist_stats(
                    vals[lo[j] : lo[j] + b - a], hist[a:b], thr_pass[j], thr_exc[j], qs,
                    fo_school[g], io_school[g],
                )  # fmt: skip
                acc = 0
                for bin_ in range(b - 1, a - 1, -1):
                    above[bin_] = acc
                    acc += hist[bin_]
                    hist[bin_] = 0
            d = school_district[s]
            for p in range(row_start[class_start[s]], row_start[class_start[s + 1]]):
                i = p if identity else row_order[p]
                for j in range(n_cols):
                    v = scores[i, j] if j < k else totals[i]
                    if v < 0:
                        ranks[i, j, 0] = -1
                        ranks[i, j, 1] = -1
                        ranks[i, j, 2] = -1
                    else:
                        bin_ = offsets[j] + v
                        ranks[i, j, 0] = 1 + above_city[0, bin_]
                        ranks[i, j, 1] = 1 + above_district[d, bin_]
                        ranks[i, j, 2] = 1 + above[bin_]
