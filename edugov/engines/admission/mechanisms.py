"""The four matching mechanisms as standalone functions on plain arrays.

These are the building blocks ``run_admission`` uses, exposed for the benchmark, for the
policy what-if, and for anyone who wants one mechanism without the batch machinery.

Common arguments: ``prefs`` is N×K int32 of programme indices (−1 = no choice);
``capacity`` is int64 seats per programme; ``key`` is the common priority, int64,
non-negative, unique, lower is better (see ``ranking.common_ranking``). Every function
returns ``choice``: the 0-based column each candidate was placed at, or −1.
"""

from __future__ import annotations

import numpy as np

from .batches import Backend, kernels


def _prep(prefs: np.ndarray, capacity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return (
        np.ascontiguousarray(prefs, dtype=np.int32),
        np.ascontiguousarray(capacity, dtype=np.int64),
    )


def banded_serial_dictatorship(
    prefs: np.ndarray,
    capacity: np.ndarray,
    key: np.ndarray,
    band: int,
    *,
    group: np.ndarray | None = None,
    backend: Backend = "compiled",
) -> np.ndarray:
    """Common-priority matching on bands of ``band`` choices, final after each band.

    Sorting by ``key`` is part of the call. With ``group`` given, candidates tied on
    ``group`` with the last one admitted to a programme are admitted too (overfill).
    """
    k = kernels(backend)
    prefs, capacity = _prep(prefs, capacity)
    key = np.ascontiguousarray(key, dtype=np.int64)
    order = k.radix_argsort(key)
    grp = key if group is None else np.ascontiguousarray(group, dtype=np.int64)
    return k.sd_banded(order, prefs, capacity, grp, group is not None, band)


def serial_dictatorship(
    prefs: np.ndarray,
    capacity: np.ndarray,
    key: np.ndarray,
    *,
    group: np.ndarray | None = None,
    backend: Backend = "compiled",
) -> np.ndarray:
    """平行志愿: each candidate in key order takes their best choice with a seat left."""
    return banded_serial_dictatorship(
        prefs, capacity, key, max(prefs.shape[1], 1), group=group, backend=backend
    )


def boston(
    prefs: np.ndarray,
    capacity: np.ndarray,
    key: np.ndarray,
    *,
    group: np.ndarray | None = None,
    backend: Backend = "compiled",
) -> np.ndarray:
    """顺序志愿: round r considers only r-th choices; seats given in a round are final."""
    return banded_serial_dictatorship(prefs, capacity, key, 1, group=group, backend=backend)


def chen_kesten(
    prefs: np.ndarray,
    capacity: np.ndarray,
    key: np.ndarray,
    e: int,
    *,
    group: np.ndarray | None = None,
    backend: Backend = "compiled",
) -> np.ndarray:
    """Chen–Kesten φᵉ under a common priority (e = 1 is Boston, e ≥ K is SD = DA)."""
    return banded_serial_dictatorship(prefs, capacity, key, e, group=group, backend=backend)


def deferred_acceptance(
    prefs: np.ndarray,
    capacity: np.ndarray,
    priority: np.ndarray,
    *,
    band: int | None = None,
    backend: Backend = "compiled",
) -> np.ndarray:
    """Student-proposing DA with programme-specific priorities.

    ``priority`` is either N×K (priority of each candidate at their j-th choice) or N (a
    common key, broadcast). Lower is better; keys must be unique within a programme.
    ``band`` turns it into Chen–Kesten φᵉ with programme priorities.
    """
    k = kernels(backend)
    prefs, capacity = _prep(prefs, capacity)
    pri = np.asarray(priority, dtype=np.int64)
    if pri.ndim == 1:
        pri = np.repeat(pri[:, None], prefs.shape[1], axis=1)
    pri = np.ascontiguousarray(pri)
    return k.da_banded(prefs, pri, capacity, band or max(prefs.shape[1], 1))
