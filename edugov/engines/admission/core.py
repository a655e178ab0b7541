"""Compiled core: the loops that run once per candidate or per proposal.

Everything here is ``@njit(cache=True)`` so the first call in a fresh process loads machine
code from ``__pycache__`` instead of compiling. ``reference.py`` holds a line-for-line plain
Python twin of each kernel; the property tests check that the two agree.

Conventions shared by all kernels:
* ``tprefs`` is N×K int32 of *target* (virtual programme) indices, −1 where the choice is
  padding or not open to this candidate in this batch.
* ``cap`` is int64 seats per target. Kernels never modify their inputs.
* A returned ``choice[c]`` is the column of ``tprefs`` the candidate was placed at, or −1.
"""

from __future__ import annotations

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.core import cgutils
from numba.extending import intrinsic


@intrinsic
def _prefetch_row(typingctx, arr, row):  # type: ignore[no-untyped-def]
    """Hint the CPU to fetch ``arr[row, 0]`` into cache (LLVM ``llvm.prefetch``).

    SD visits candidates in score order, i.e. rows of the preference matrix in random
    order: at 1M × 12 every row is a cache (and TLB) miss, and the scan stalls on each one.
    Asking for the row a few dozen candidates ahead overlaps those misses; on the
    reference machine this alone cut the 1M scan from ~100 ms to ~35 ms.
    """
    sig = types.void(arr, row)

    def codegen(context, builder, signature, args):  # type: ignore[no-untyped-def]
        aryty = signature.args[0]
        ary = context.make_array(aryty)(context, builder, args[0])
        zero = context.get_constant(types.intp, 0)
        ptr = cgutils.get_item_pointer(context, builder, aryty, ary, [args[1], zero])
        i8p = ir.IntType(8).as_pointer()
        i32 = ir.IntType(32)
        fnty = ir.FunctionType(ir.VoidType(), [i8p, i32, i32, i32])
        fn = cgutils.get_or_insert_function(builder.module, fnty, "llvm.prefetch.p0i8")
        # read access, high temporal locality, data cache
        builder.call(
            fn,
            [
                builder.bitcast(ptr, i8p),
                ir.Constant(i32, 0),
                ir.Constant(i32, 3),
                ir.Constant(i32, 1),
            ],
        )
        return context.get_dummy_value()

    return sig, codegen


@njit(cache=True)
def radix_argsort(keys: np.ndarray) -> np.ndarray:
    """Stable argsort of non-negative int64 keys: one MSD radix pass, then in-cache sorts.

    A comparison argsort of 1M int64 takes ~70 ms on the reference machine, more than half
    the 0.12 s budget for a whole SD run. One counting pass on the top 12 bits of the
    packed key (in practice the 投档分) splits a million candidates into buckets of about a
    thousand, which then fit in L1/L2: each is finished by an LSD radix sort on byte
    digits (insertion sort when tiny). Only that first pass touches main memory.
    """
    n = keys.size
    order = np.empty(n, np.int64)
    if n == 0:
        return order
    kmax = keys.max()
    bits = 0
    while bits < 63 and (kmax >> bits) > 0:
        bits += 1
    width = min(bits, 12)
    shift = bits - width
    nb = (1 << width) + 1
    start = np.zeros(nb, np.int64)
    for i in range(n):
        start[(keys[i] >> shift) + 1] += 1
    for b in range(1, nb):
        start[b] += start[b - 1]
    fill = start.copy()
    sk = np.empty(n, np.int64)
    for i in range(n):
        k = keys[i]
        d = k >> shift
        j = fill[d]
        fill[d] = j + 1
        sk[j] = k
        order[j] = i
    passes = (shift + 7) // 8
    biggest = 0
    for b in range(nb - 1):
        biggest = max(biggest, start[b + 1] - start[b])
    tk = np.empty(biggest, np.int64)
    ti = np.empty(biggest, np.int64)
    hist = np.zeros((max(passes, 1), 256), np.int64)
    pos = np.empty(256, np.int64)
    for b in range(nb - 1):
        lo = start[b]
        m = start[b + 1] - lo
        if m <= 1:
            continue
        if m <= 24:
            for a in range(lo + 1, lo + m):
                k = sk[a]
                v = order[a]
                q = a - 1
                # strict > keeps equal keys in input order (stability)
                while q >= lo and sk[q] > k:
                    sk[q + 1] = sk[q]
                    order[q + 1] = order[q]
                    q -= 1
                sk[q + 1] = k
                order[q + 1] = v
            continue
        hist[:, :] = 0
        for a in range(lo, lo + m):
            k = sk[a]
            for p in range(passes):
                hist[p, (k >> (8 * p)) & 255] += 1
        in_place = True  # where the bucket's current order lives: sk/order or tk/ti
        for p in range(passes):
            acc = 0
            constant = False
            for d in range(256):
                if hist[p, d] == m:
                    constant = True
                pos[d] = acc
                acc += hist[p, d]
            if constant:
                continue
            sh = 8 * p
            if in_place:
                for a in range(lo, lo + m):
                    k = sk[a]
                    d = (k >> sh) & 255
                    j = pos[d]
                    pos[d] = j + 1
                    tk[j] = k
                    ti[j] = order[a]
            else:
                for a in range(m):
                    k = tk[a]
                    d = (k >> sh) & 255
                    j = pos[d]
                    pos[d] = j + 1
                    sk[lo + j] = k
                    order[lo + j] = ti[a]
            in_place = not in_place
        if not in_place:
            for a in range(m):
                sk[lo + a] = tk[a]
                order[lo + a] = ti[a]
    return order


@njit(cache=True)
def build_targets(
    prefs: np.ndarray,
    kmax: int,
    active: np.ndarray,
    cgroup: np.ndarray,
    vmap: np.ndarray,
    score: np.ndarray,
    flags: np.ndarray,
    subjects: np.ndarray,
    t_req: np.ndarray,
    t_min: np.ndarray,
    t_smin: np.ndarray,
    t_has_smin: np.ndarray,
    line: int,
) -> np.ndarray:
    """Map listed programmes to this batch's virtual targets, dropping ineligible choices.

    ``vmap[p, cgroup[c]]`` is the target a candidate reaches by listing programme p (the
    open target in an open batch, their own junior school's quota target in a quota batch).
    A choice survives only if the candidate holds every required flag and clears the
    batch line, the programme line and each subject minimum. Columns keep their positions
    so a placement's column is the candidate's real choice number.
    """
    n = prefs.shape[0]
    k = min(kmax, prefs.shape[1])
    ns = subjects.shape[1]
    out = np.full((n, kmax), -1, np.int32)
    for c in range(n):
        if not active[c] or score[c] < line:
            continue
        g = cgroup[c]
        if g < 0:
            continue
        for j in range(k):
            p = prefs[c, j]
            if p < 0:
                continue
            t = vmap[p, g]
            if t < 0:
                continue
            if (flags[c] & t_req[t]) != t_req[t]:
                continue
            if score[c] < t_min[t]:
                continue
            if t_has_smin[t]:
                ok = True
                for s in range(ns):
                    m = t_smin[t, s]
                    if m >= 0 and subjects[c, s] < m:
                        ok = False
                        break
                if not ok:
                    continue
            out[c, j] = t
    return out


@njit(cache=True)
def sd_banded(
    order: np.ndarray,
    tprefs: np.ndarray,
    cap: np.ndarray,
    grp: np.ndarray,
    overfill: bool,
    band: int,
) -> np.ndarray:
    """Serial dictatorship over bands of ``band`` choices, placements final per band.

    With a common priority, DA restricted to one band is exactly SD on that band, so this
    one loop is SD (band = K), Boston (band = 1) and Chen–Kesten φᵉ (band = e).
    ``order`` lists candidates best first. With ``overfill``, a candidate tied (same
    ``grp``) with the last one admitted to a now-full target in the same band is admitted
    too; ties carried across bands do not overfill, because in Boston-like rounds an
    earlier round's applicants outrank a later round's regardless of score.
    """
    n, k = tprefs.shape
    ahead = 32  # candidates of lookahead for the prefetch: enough to cover DRAM latency
    left = cap.copy()
    choice = np.full(n, -1, np.int32)
    last = np.full(cap.size, -1, np.int64)
    if band < 1:
        band = 1
    lo = 0
    while lo < k:
        hi = min(k, lo + band)
        if overfill:
            last[:] = -1
        for i in range(n):
            if i + ahead < n:
                _prefetch_row(tprefs, order[i + ahead])
            c = order[i]
            # nobody is placed before the first band, so skip a random read there
            if lo > 0 and choice[c] >= 0:
                continue
            for j in range(lo, hi):
                t = tprefs[c, j]
                if t < 0:
                    continue
                if left[t] > 0:
                    left[t] -= 1
                    choice[c] = j
                    if overfill:
                        # grp is only read under overfill: it is another random access
                        last[t] = grp[c]
                    break
                if overfill and last[t] == grp[c]:
                    choice[c] = j
                    break
        lo = hi
    return choice


@njit(cache=True)
def _sift_down(hk: np.ndarray, hc: np.ndarray, base: int, size: int) -> None:
    i = 0
    while True:
        left = 2 * i + 1
        if left >= size:
            return
        big = left
        if left + 1 < size and hk[base + left + 1] > hk[base + left]:
            big = left + 1
        if hk[base + big] <= hk[base + i]:
            return
        tk = hk[base + i]
        tc = hc[base + i]
        hk[base + i] = hk[base + big]
        hc[base + i] = hc[base + big]
        hk[base + big] = tk
        hc[base + big] = tc
        i = big


@njit(cache=True)
def _sift_up(hk: np.ndarray, hc: np.ndarray, base: int, i: int) -> None:
    while i > 0:
        parent = (i - 1) // 2
        if hk[base + parent] >= hk[base + i]:
            return
        tk = hk[base + i]
        tc = hc[base + i]
        hk[base + i] = hk[base + parent]
        hc[base + i] = hc[base + parent]
        hk[base + parent] = tk
        hc[base + parent] = tc
        i = parent


@njit(cache=True)
def da_banded(tprefs: np.ndarray, pri: np.ndarray, cap: np.ndarray, band: int) -> np.ndarray:
    """Student-proposing deferred acceptance on bands of choices (Chen–Kesten φᵉ).

    ``pri[c, j]`` is the priority of candidate c at their j-th choice, lower is better and
    unique per target (ties are broken before calling). Each target keeps its tentatively
    held candidates in a max-heap of ``cap`` slots so rejecting the worst is O(log cap);
    a full DA (band ≥ K) costs O(N·K·log cap) in the worst case. After each band the held
    candidates become final and the seats they hold are removed.
    """
    n, k = tprefs.shape
    nt = cap.size
    left = cap.copy()
    choice = np.full(n, -1, np.int32)
    final = np.zeros(n, np.bool_)
    nxt = np.zeros(n, np.int32)
    if band < 1:
        band = 1
    lo = 0
    while lo < k:
        hi = min(k, lo + band)
        off = np.zeros(nt + 1, np.int64)
        for t in range(nt):
            off[t + 1] = off[t] + max(left[t], 0)
        hk = np.empty(off[nt], np.int64)
        hc = np.empty(off[nt], np.int64)
        size = np.zeros(nt, np.int64)
        for c0 in range(n):
            if final[c0]:
                continue
            nxt[c0] = lo
            c = c0
            while c >= 0:
                j = nxt[c]
                if j >= hi:
                    break
                nxt[c] = j + 1
                t = tprefs[c, j]
                if t < 0 or left[t] <= 0:
                    continue
                key = pri[c, j]
                base = off[t]
                if size[t] < left[t]:
                    hk[base + size[t]] = key
                    hc[base + size[t]] = c
                    _sift_up(hk, hc, base, size[t])
                    size[t] += 1
                    choice[c] = j
                    c = -1
                elif key < hk[base]:
                    out = hc[base]
                    hk[base] = key
                    hc[base] = c
                    _sift_down(hk, hc, base, size[t])
                    choice[c] = j
                    choice[out] = -1
                    c = out
        for t in range(nt):
            base = off[t]
            for s in range(size[t]):
                final[hc[base + s]] = True
            left[t] -= size[t]
        lo = hi
    return choice


@njit(cache=True)
def programme_scores(prefs: np.ndarray, x: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """F[c, j] = x[c] · weights[prefs[c, j]]: each programme's own weighted score.

    A loop rather than a gathered (N, K, S) numpy temporary, which at 1M × 12 would cost
    hundreds of megabytes.
    """
    n, k = prefs.shape
    ns = x.shape[1]
    out = np.zeros((n, k), np.int64)
    for c in range(n):
        for j in range(k):
            p = prefs[c, j]
            if p < 0:
                continue
            acc = 0
            for s in range(ns):
                acc += x[c, s] * weights[p, s]
            out[c, j] = acc
    return out


@njit(cache=True)
def first_duplicate_row(prefs: np.ndarray) -> int:
    """Index of the first row listing a programme twice, or −1 (validation, K is small)."""
    n, k = prefs.shape
    for c in range(n):
        for a in range(k):
            p = prefs[c, a]
            if p < 0:
                continue
            for b in range(a + 1, k):
                if prefs[c, b] == p:
                    return c
    return -1
