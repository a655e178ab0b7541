"""numba kernels: the count pass and everything derived from count tables.

All scores here are scaled integers (see :mod:`.model`), with -1 for 缺考. A *column*
is a subject or, last, the total. The class-level count table (:class:`.CountTable`)
is kept grouped: group ``g = class * J + column`` owns entries ``begin[g]:end[g]`` of
``score`` and ``count``, sorted by score. Dense tables put every column side by side on one bin axis:
column ``j`` owns bins ``offsets[j] : offsets[j] + ranges[j]``.

Kernels are compiled with ``cache=True`` so a fresh process loads machine code from
``__pycache__`` instead of spending seconds in LLVM. Only the kernels that touch every
candidate or every count are ``parallel=True``: the others handle tables of a few
thousand cells, where threads would cost more compile time than they save.
"""

from __future__ import annotations

import numpy as np
from llvmlite import ir
from numba import njit, prange, types
from numba.extending import intrinsic

from . import stats
from .stats import U


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
    """Total per candidate; -1 when absent from every subject (or any, if all_required).
    For the SQL backends' results and the web module; the numba count pass sums the
    totals itself as it reads each row (same rule, :func:`settle_total`)."""
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
        out[i] = settle_total(t, present, k, all_required)
    return out


@njit(cache=True, inline="always")
def settle_total(total: int, present: int, k: int, all_required: bool) -> int:
    """The total policy for a candidate present in ``present`` of ``k`` subjects whose
    marks sum to ``total``: -1 (absent) when present in none or, if all_required, in
    fewer than all. Shared by :func:`compute_totals` and :func:`count_pass`."""
    return -1 if present == 0 or (all_required and present < k) else total


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


@njit(cache=True, parallel=True)
def regroup(
    codes: np.ndarray,
    n_groups: int,
    scores: np.ndarray,
    all_required: bool,
    where: np.ndarray,
    grouped: np.ndarray,
    totals: np.ndarray,
) -> np.ndarray:
    """Copy a sheet whose rows are not grouped by class into class order: a stable
    counting sort by class, O(N + classes), no comparison sort.

    Returns ``start``: the candidates of class c are rows ``start[c]:start[c+1]`` of
    ``grouped`` (output: the marks in class order). Row i of the sheet goes to
    ``where[i]`` (output); ``totals`` (output) are the candidates' totals in the
    sheet's row order (:func:`settle_total`), summed on the way since each row is read
    anyway. The outputs come from :func:`alloc`: written at random places, they need
    its huge pages (a TLB miss per row otherwise).

    Each of four row ranges counts its own codes, and range r's rows of class c go
    after those of ranges < r, so the ranges scatter in parallel and the order stays
    stable. The rows are read in sequence and each is written once to its place: the
    count pass then reads the marks in sequence twice, where reading them through an
    index cost a cache miss a row each time (0.23 s against 0.08 s at 1M × 9).
    """
    n, k = scores.shape
    n_parts = 4
    bounds = np.linspace(0, n, n_parts + 1).astype(np.int64)
    part_count = np.zeros((n_parts, n_groups), np.int64)
    for r in prange(n_parts):
        for i in range(bounds[r], bounds[r + 1]):
            part_count[r, codes[i]] += 1
    start = np.zeros(n_groups + 1, np.int64)
    part_pos = np.empty((n_parts, n_groups), np.int64)
    acc = 0
    for g in range(n_groups):
        start[g] = acc
        for r in range(n_parts):
            part_pos[r, g] = acc
            acc += part_count[r, g]
    start[n_groups] = acc
    for r in prange(n_parts):
        pos = part_pos[r]
        for i in range(bounds[r], bounds[r + 1]):
            g = codes[i]
            p = pos[g]
            pos[g] = p + 1
            where[i] = p
            total = 0
            present = 0
            for j in range(k):
                v = scores[U(i), U(j)]
                grouped[U(p), U(j)] = v
                if v >= 0:
                    total += v
                    present += 1
            totals[i] = settle_total(total, present, k, all_required)
    return start


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


@intrinsic
def _lowest_bit(typingctx, word):  # noqa: ARG001 (numba passes the typing context)
    """Index of the lowest set bit of a nonzero uint64: LLVM's cttz, one instruction
    (numba exposes no count-trailing-zeros of its own)."""
    if word != types.uint64:
        return None

    def codegen(context, builder, signature, args):  # noqa: ARG001
        return builder.cttz(args[0], ir.Constant(ir.IntType(1), 1))

    return types.int64(types.uint64), codegen


def word_layout(ranges: np.ndarray) -> np.ndarray:
    """First bitmap word of each column in :func:`count_pass`'s scratch table, plus the
    end: each column starts on a 64-bin boundary so that no word mixes two columns."""
    starts = np.zeros(len(ranges) + 1, np.int64)
    np.cumsum((ranges + 63) // 64, out=starts[1:])
    return starts


@njit(cache=True)
def drain_column(
    hist: np.ndarray,
    bits: np.ndarray,
    word_lo: int,
    word_hi: int,
    base: int,
    thr_pass: int,
    thr_exc: int,
    out_v: np.ndarray,
    out_c: np.ndarray,
    w: int,
    cum: np.ndarray,
    add_to: np.ndarray,
    add_base: int,
    at_or_below: np.ndarray,
) -> tuple[int, tuple[int, int, int, int, int]]:
    """Read a column of a scratch table back in ascending order, and clear it.

    The column's bins ``base + v`` are flagged in words ``word_lo:word_hi`` of the
    bitmap; walking the set bits visits only the non-empty bins. Each (v, count) is
    appended to out_v/out_c from ``w`` on and its cumulative count to ``cum`` from 0 on
    (also to ``at_or_below[base + v]``: the number scoring v or less); each count is
    added to ``add_to[add_base + v]`` (the next level's table); and the integer moments
    are summed on the way (:func:`.stats.add_moments`). Bins and bits are zeroed so the
    table can be reused.

    Returns:
        (end, moments).
    """
    one = np.uint64(1)
    w0 = w
    m = (0, 0, 0, 0, 0)
    for q in range(word_lo, word_hi):
        word = bits[U(q)]
        while word:
            b = q * 64 + _lowest_bit(word)
            v = b - base
            h = np.int64(hist[U(b)])
            hist[U(b)] = 0
            out_v[U(w)] = v
            out_c[U(w)] = h
            add_to[U(add_base + v)] += h
            m = stats.add_moments(m, h, v, thr_pass, thr_exc)
            cum[U(w - w0)] = m[0]
            at_or_below[U(b)] = m[0]
            w += 1
            word &= word - one
        bits[U(q)] = 0
    return w, m


@njit(cache=True, inline="always")
def close_school(
    s: int,
    hist: np.ndarray,
    bits: np.ndarray,
    word_start: np.ndarray,
    base: np.ndarray,
    offsets: np.ndarray,
    thr_pass: np.ndarray,
    thr_exc: np.ndarray,
    qs: np.ndarray,
    unit: float,
    scratch: tuple,
    district_part: np.ndarray,
    fo_school: np.ndarray,
    io_school: np.ndarray,
    scores: np.ndarray,
    totals: np.ndarray,
    order: np.ndarray,
    identity: bool,
    rows_lo: int,
    rows_hi: int,
    rank_school: np.ndarray,
) -> None:
    """A school's histogram (``hist``/``bits`` in the scratch layout) is complete: write
    its statistics (rows ``s * n_cols + j``), add it to its district's table
    (``district_part``, on the bin axis of ``offsets``) and rank its candidates (rows
    ``rows_lo:rows_hi`` of the class order, see :func:`count_pass`) within it. Clears
    the histogram."""
    at_or_below, pv, pc, cum, present, qwork, gamma = scratch
    n_cols = len(offsets)
    k = n_cols - 1
    for j in range(n_cols):
        m, moments = drain_column(
            hist, bits, word_start[j], word_start[j + 1], base[j], thr_pass[j], thr_exc[j],
            pv, pc, 0, cum, district_part, offsets[j], at_or_below,
        )  # fmt: skip
        present[j] = moments[0]
        stats.finish_stats(
            pv, pc, 0, m, moments, qs, qwork, gamma, cum, unit, fo_school, io_school,
            s * n_cols + j,
        )  # fmt: skip
    # Rank = 1 + those scoring higher = 1 + present - those at or below; "at_or_below" is
    # filled only at the school's own scores, the only bins its candidates look up.
    for p in range(rows_lo, rows_hi):
        i = p if identity else order[p]
        for j in range(n_cols):
            v = np.int64(scores[U(i), U(j)]) if j < k else np.int64(totals[U(i)])
            rank_school[U(i), U(j)] = 1 + present[j] - at_or_below[U(base[j] + v)] if v >= 0 else -1


@njit(cache=True, inline="always")
def school_scratch(n_scratch: int, n_cols: int, n_qs: int) -> tuple:
    """Per-thread scratch of :func:`close_school`: at_or_below, pv, pc, cum, present,
    qwork, gamma."""
    return (
        np.empty(n_scratch, np.int32),
        np.empty(n_scratch, np.int64),
        np.empty(n_scratch, np.int32),
        np.empty(n_scratch, np.int64),  # a column's entries never outnumber its bins
        np.empty(n_cols, np.int64),
        np.empty((4, n_qs), np.int64),
        np.empty(n_qs),
    )


def school_chunks(school_start: np.ndarray, n_chunks: int) -> np.ndarray:
    """Chunk bounds over schools (~n_chunks of them) that never cross a district, so
    that each chunk of :func:`count_pass` adds to one district's count table only.

    Args:
        school_start: schools of district d are ``school_start[d]:school_start[d+1]``.
    """
    total = max(1, int(school_start[-1]))
    bounds = [np.zeros(1, np.int64)]
    for d in range(len(school_start) - 1):
        a, b = int(school_start[d]), int(school_start[d + 1])
        if b > a:
            k = min(b - a, max(1, round((b - a) * n_chunks / total)))
            bounds.append(np.linspace(a, b, k + 1).astype(np.int64)[1:])
    return np.concatenate(bounds)


@njit(cache=True, parallel=True)
def count_pass(
    scores: np.ndarray,
    all_required: bool,
    totals: np.ndarray,
    row_start: np.ndarray,
    class_start: np.ndarray,
    chunks: np.ndarray,
    offsets: np.ndarray,
    word_start: np.ndarray,
    slot: np.ndarray,
    buf_score: np.ndarray,
    buf_count: np.ndarray,
    begin: np.ndarray,
    end: np.ndarray,
    thr_pass: np.ndarray,
    thr_exc: np.ndarray,
    qs: np.ndarray,
    unit: float,
    fo_class: np.ndarray,
    io_class: np.ndarray,
    fo_school: np.ndarray,
    io_school: np.ndarray,
    chunk_hist: np.ndarray,
    rank_school: np.ndarray,
) -> None:
    """The count pass, and everything that can be derived while a school is in cache.

    School by school, class by class: each candidate's total is computed (the rule of
    :func:`settle_total`, written to ``totals``: a separate serial pass over the scores
    cost more) and each class's rows are histogrammed into a small scratch table (all
    columns side by side, a few KB, so it stays in L1) with a bitmap of the bins in use.
    The entries are read back in score order by walking the set bits, so a class of 40
    touches its ~40 distinct scores per column rather than every bin between its lowest
    and highest (hundreds per subject, thousands for the total). On the way out they
    are:

    - written to the class count table, column j of class c at ``begin[g]:end[g]``
      with ``g = c * n_cols + j``. A chunk packs its classes one after the other from
      the slot of its first class (see :func:`count_slots`), so the space its classes
      did not need is left at the end of its range, never touched (no page faults for
      it), and the slots are used in place (see :class:`.CountTable`);
    - summed into the class statistics (rows g of fo_class / io_class, in marks:
      ``unit`` = 1 / scale), by the arithmetic of :mod:`.stats`;
    - added to the school's scratch table.

    At the end of a school its table gives the school statistics, the school rank of
    each of its candidates (``rank_school``, -1 where absent) and its share of the
    district count table: ``chunk_hist[chunk]`` on the bin axis of ``offsets``, one
    district per chunk (see :func:`school_chunks`).

    The SQL backends reach the same results from their count table through
    :func:`.stats.stats_groups` and :func:`derive_schools`.

    Args:
        all_required: the sheet's total policy (see :func:`settle_total`).
        scores: the marks **in class order**: the sheet's own array when its rows
            come grouped by class, else their copy in class order (:func:`regroup`).
        totals: output, one per candidate (scaled; -1 where absent), in the same
            order as ``scores``.
        rank_school: output, in the same order as ``scores``.
        row_start: candidates of class c are rows ``row_start[c]:row_start[c+1]``.
        class_start: classes of school s are ``class_start[s]:class_start[s+1]``.
        chunks: bounds over schools, from :func:`school_chunks`.
        word_start: the scratch layout, see :func:`word_layout`.
    """
    k = scores.shape[1]
    n_cols = k + 1
    base = word_start * 64  # first scratch bin of each column
    n_scratch = base[n_cols]
    no_order = np.zeros(0, np.int64)
    one = np.uint64(1)
    six, low = np.uint64(6), np.uint64(63)
    for chunk in prange(len(chunks) - 1):
        hist = np.zeros(n_scratch, np.int32)
        bits = np.zeros(word_start[n_cols], np.uint64)
        school_hist = np.zeros(n_scratch, np.int32)
        school_bits = np.zeros(word_start[n_cols], np.uint64)
        scratch = school_scratch(n_scratch, n_cols, len(qs))
        at_or_below, _, _, cum, _, qwork, gamma = scratch
        district_part = chunk_hist[chunk]
        w = slot[class_start[chunks[chunk]]]
        for s in range(chunks[chunk], chunks[chunk + 1]):
            for c in range(class_start[s], class_start[s + 1]):
                for p in range(row_start[c], row_start[c + 1]):
                    total = 0
                    present = 0
                    for j in range(k):
                        v = np.int64(scores[U(p), U(j)])
                        if v >= 0:
                            b = U(base[j] + v)
                            hist[b] += 1
                            bits[b >> six] |= one << (b & low)
                            total += v
                            present += 1
                    total = settle_total(total, present, k, all_required)
                    totals[U(p)] = total
                    if total >= 0:
                        b = U(base[k] + total)
                        hist[b] += 1
                        bits[b >> six] |= one << (b & low)
                for j in range(n_cols):
                    g = c * n_cols + j
                    begin[U(g)] = w
                    for q in range(word_start[j], word_start[j + 1]):
                        school_bits[U(q)] |= bits[U(q)]
                    w, moments = drain_column(
                        hist, bits, word_start[j], word_start[j + 1], base[j], thr_pass[j],
                        thr_exc[j], buf_score, buf_count, w, cum, school_hist, base[j],
                        at_or_below,  # only read for schools; their drain rewrites the bins
                    )  # fmt: skip
                    end[U(g)] = w
                    stats.finish_stats(
                        buf_score, buf_count, begin[g], w, moments, qs, qwork, gamma, cum,
                        unit, fo_class, io_class, g,
                    )  # fmt: skip
            close_school(
                s, school_hist, school_bits, word_start, base, offsets, thr_pass, thr_exc, qs,
                unit, scratch, district_part, fo_school, io_school, scores, totals, no_order,
                True, row_start[class_start[s]], row_start[class_start[s + 1]], rank_school,
            )  # fmt: skip


def count_slots(class_start: np.ndarray, n_cols: int) -> np.ndarray:
    """Start of each class's slot in the count buffers (plus the total size at the end).

    A class of m candidates has at most m distinct scores per column, so m x n_cols
    entries always suffice. A chunk of :func:`count_pass` packs its classes from its
    first class's slot on and so never passes the end of its last class's slot: threads
    need no coordination, and the space a chunk did not need is never touched.
    """
    return class_start * n_cols


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
    begin: np.ndarray,
    end: np.ndarray,
    score: np.ndarray,
    count: np.ndarray,
    class_start: np.ndarray,
    order: np.ndarray,
    identity: bool,
    row_start: np.ndarray,
    scores: np.ndarray,
    totals: np.ndarray,
    offsets: np.ndarray,
    word_start: np.ndarray,
    thr_pass: np.ndarray,
    thr_exc: np.ndarray,
    qs: np.ndarray,
    unit: float,
    chunks: np.ndarray,
    fo_school: np.ndarray,
    io_school: np.ndarray,
    chunk_hist: np.ndarray,
    rank_school: np.ndarray,
) -> None:
    """School statistics, school ranks and the district tables (``chunk_hist``) from a
    count table: the SQL backends' path; the numba count pass does this on the way,
    see :func:`count_pass`.

    A school's histogram is built from its classes' count tables in a scratch table
    with a bitmap of the bins in use (as in :func:`count_pass`), read back in order for
    the school's statistics and turned into "number above" for its candidates' ranks
    while it is in cache; no (schools x bins) table is ever materialised. Arguments as
    in :func:`count_pass`; ``chunks`` are bounds over schools.
    """
    n_cols = len(word_start) - 1
    base = word_start * 64
    one = np.uint64(1)
    for chunk in prange(len(chunks) - 1):
        hist = np.zeros(base[n_cols], np.int32)
        bits = np.zeros(word_start[n_cols], np.uint64)
        scratch = school_scratch(base[n_cols], n_cols, len(qs))
        district_part = chunk_hist[chunk]
        for s in range(chunks[chunk], chunks[chunk + 1]):
            for c in range(class_start[s], class_start[s + 1]):
                for j in range(n_cols):
                    g = c * n_cols + j
                    for t in range(begin[g], end[g]):
                        b = base[j] + score[t]
                        hist[b] += count[t]
                        bits[b >> 6] |= one << np.uint64(b & 63)
            close_school(
                s, hist, bits, word_start, base, offsets, thr_pass, thr_exc, qs, unit, scratch,
                district_part, fo_school, io_school, scores, totals, order, identity,
                row_start[class_start[s]], row_start[class_start[s + 1]], rank_school,
            )  # fmt: skip


@njit(cache=True, parallel=True)
def rank_city_district(
    scores: np.ndarray,
    totals: np.ndarray,
    klass: np.ndarray,
    class_school: np.ndarray,
    school_district: np.ndarray,
    above_city: np.ndarray,
    above_district: np.ndarray,
    offsets: np.ndarray,
    rank_city: np.ndarray,
    rank_district: np.ndarray,
    where: np.ndarray,
    school_grouped: np.ndarray,
    rank_school: np.ndarray,
) -> None:
    """Every candidate's city and district rank: 1 + the number above their score in
    the "number above" tables ((1, bins) and (D, bins), :func:`counts_above`); -1
    where absent.

    Walked in the sheet's own row order, whatever it is: the inputs and outputs are
    read and written in sequence, and the only lookups (a class's school, a school's
    district, the two small tables) stay in cache. Rows that are not grouped by class
    cost no more here than grouped ones, except for their school ranks: the count pass
    wrote those in class order (``school_grouped``), and here each row's are fetched
    from its place ``where[i]`` (:func:`regroup`) into ``rank_school``; a read at a
    random place is cheaper than the count pass writing there. With ``where`` empty
    the school ranks are in place already."""
    n = scores.shape[0]
    k = scores.shape[1]
    n_cols = k + 1
    gather = len(where) > 0
    bounds = np.linspace(0, n, 9).astype(np.int64)
    for c in prange(8):
        if gather:  # a loop of its own: in the loop below, too few reads were in flight
            for i in range(bounds[c], bounds[c + 1]):
                p = where[i]
                for j in range(n_cols):
                    rank_school[U(i), U(j)] = school_grouped[U(p), U(j)]
        for i in range(bounds[c], bounds[c + 1]):
            d = school_district[class_school[klass[i]]]
            for j in range(n_cols):
                v = np.int64(scores[U(i), U(j)]) if j < k else np.int64(totals[U(i)])
                if v < 0:
                    rank_city[U(i), U(j)] = -1
                    rank_district[U(i), U(j)] = -1
                else:
                    b = U(offsets[j] + v)
                    rank_city[U(i), U(j)] = 1 + above_city[0, b]
                    rank_district[U(i), U(j)] = 1 + above_district[U(d), b]
