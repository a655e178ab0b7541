"""Plain-Python reference twins of the compiled kernels in ``core.py``.

Written for obviousness, not speed: lists, ``sorted`` and textbook loops. They are the
oracle of the property tests and the "pure Python" column of the benchmark. Signatures and
results match ``core.py`` exactly (numpy arrays in, numpy arrays out).
"""

from __future__ import annotations

import numpy as np


def radix_argsort(keys: np.ndarray) -> np.ndarray:
    """Stable argsort via Python's ``sorted`` (stable, so equal keys keep index order)."""
    ks = keys.tolist()
    return np.array(sorted(range(len(ks)), key=ks.__getitem__), dtype=np.int64)


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
    """See ``core.build_targets``."""
    n = prefs.shape[0]
    out = [[-1] * kmax for _ in range(n)]
    pl, vm = prefs.tolist(), vmap.tolist()
    sc, fl, sj = score.tolist(), flags.tolist(), subjects.tolist()
    req, tmin, smin = t_req.tolist(), t_min.tolist(), t_smin.tolist()
    for c in range(n):
        if not active[c] or sc[c] < line or cgroup[c] < 0:
            continue
        for j, p in enumerate(pl[c][:kmax]):
            if p < 0:
                continue
            t = vm[p][int(cgroup[c])]
            if t < 0 or fl[c] & req[t] != req[t] or sc[c] < tmin[t]:
                continue
            if any(m >= 0 and v < m for v, m in zip(sj[c], smin[t], strict=True)):
                continue
            out[c][j] = t
    return np.array(out, dtype=np.int32).reshape(n, kmax)


def sd_banded(
    order: np.ndarray,
    tprefs: np.ndarray,
    cap: np.ndarray,
    grp: np.ndarray,
    overfill: bool,
    band: int,
) -> np.ndarray:
    """See ``core.sd_banded``."""
    n, k = tprefs.shape
    rows = tprefs.tolist()
    left = cap.tolist()
    choice = [-1] * n
    band = max(band, 1)
    for lo in range(0, k, band):
        last: dict[int, int] = {}
        for c in order.tolist():
            if choice[c] >= 0:
                continue
            for j in range(lo, min(k, lo + band)):
                t = rows[c][j]
                if t < 0:
                    continue
                if left[t] > 0:
                    left[t] -= 1
                    choice[c] = j
                    last[t] = int(grp[c])
                    break
                if overfill and last.get(t) == grp[c]:
                    choice[c] = j
                    break
    return np.array(choice, dtype=np.int32)


def da_banded(tprefs: np.ndarray, pri: np.ndarray, cap: np.ndarray, band: int) -> np.ndarray:
    """See ``core.da_banded``: textbook rounds of simultaneous proposals per band."""
    n, k = tprefs.shape
    rows, prio = tprefs.tolist(), pri.tolist()
    left = cap.tolist()
    choice = [-1] * n
    final = [False] * n
    band = max(band, 1)
    for lo in range(0, k, band):
        hi = min(k, lo + band)
        nxt = {c: lo for c in range(n) if not final[c]}
        held: dict[int, list[int]] = {}
        free = sorted(nxt)
        while free:
            proposals: dict[int, list[int]] = {}
            for c in free:
                while nxt[c] < hi:
                    j = nxt[c]
                    nxt[c] += 1
                    t = rows[c][j]
                    if t >= 0 and left[t] > 0:
                        choice[c] = j
                        proposals.setdefault(t, []).append(c)
                        break
            free = []
            for t, new in proposals.items():
                pool = held.get(t, []) + new
                pool.sort(key=lambda c: prio[c][choice[c]])
                held[t] = pool[: left[t]]
                for c in pool[left[t] :]:
                    choice[c] = -1
                    free.append(c)
            free.sort()
        for t, cs in held.items():
            left[t] -= len(cs)
            for c in cs:
                final[c] = True
    return np.array(choice, dtype=np.int32)


def programme_scores(prefs: np.ndarray, x: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """See ``core.programme_scores``."""
    w, xs = weights.tolist(), x.tolist()
    out = [
        [sum(a * b for a, b in zip(xs[c], w[p], strict=True)) if p >= 0 else 0 for p in row]
        for c, row in enumerate(prefs.tolist())
    ]
    return np.array(out, dtype=np.int64).reshape(prefs.shape)
