"""Canonical hashing of inputs and results, so a run can be replayed and checked.

Canonical means independent of incidental row order: candidates are hashed in id order and
programmes in code order (preference entries are re-indexed to match), because a database
returns rows in whatever order it likes and that must not change the audit hash.
"""

from __future__ import annotations

import hashlib

import numpy as np

from . import core
from .model import Candidates, Programmes, Returns

# 1.2.0: RESULT.programmes.csv (and so result_sha256) holds a row for a programme a batch
# offered with no seat left and no file sent; a 1.1.0 run replays as a different version.
ENGINE_VERSION = "edugov-admission 1.2.0"


def _put(h: hashlib._Hash, label: str, arr: np.ndarray) -> None:
    # length-prefixed label, dtype and shape: two different inputs cannot hash alike by
    # sliding bytes from one array into the next
    a = np.ascontiguousarray(arr)
    a = a.astype(a.dtype.newbyteorder("<"), copy=False)
    head = f"{label}|{a.dtype.str}|{','.join(map(str, a.shape))}|".encode()
    h.update(len(head).to_bytes(4, "big") + head)
    h.update(a.tobytes())


def _put_text(h: hashlib._Hash, label: str, items: list[str]) -> None:
    data = "\x1f".join(items).encode("utf-8")
    head = f"{label}|text|{len(items)}|{len(data)}|".encode()
    h.update(len(head).to_bytes(4, "big") + head + data)


def inputs_sha256(
    cands: Candidates,
    progs: Programmes,
    prefs: dict[str, np.ndarray],
    returns: Returns | None,
) -> str:
    """SHA-256 of the canonicalised inputs (see module docstring)."""
    h = hashlib.sha256(b"edugov-admission-inputs/1\n")
    ids = cands.ids
    # DB exports are usually already in exam-number order; skip the gathers then
    ci = None if ids.size < 2 or (ids[1:] > ids[:-1]).all() else core.radix_argsort(ids)

    def by_id(a: np.ndarray) -> np.ndarray:
        return a if ci is None else np.take(a, ci, axis=0)

    _put(h, "candidates.ids", by_id(ids))
    _put(h, "candidates.total", by_id(cands.total))
    _put(h, "candidates.bonus", by_id(cands.bonus))
    _put(h, "candidates.junior", by_id(cands.junior))
    _put(h, "candidates.flags", by_id(cands.flags))
    _put(h, "candidates.subjects", by_id(cands.subjects))

    pi = np.array(sorted(range(progs.p), key=lambda i: progs.codes[i]), dtype=np.int64)
    identity = bool((pi == np.arange(progs.p)).all())
    new_index = np.empty(progs.p + 1, np.int32)
    new_index[pi] = np.arange(progs.p)
    new_index[progs.p] = -1  # so a −1 pad maps to −1 through index −1
    _put_text(h, "programmes.codes", [progs.codes[i] for i in pi])
    _put_text(h, "programmes.category", [progs.category[i] for i in pi])
    for name in ("open_seats", "sector", "required_flags", "min_score", "ratio", "subject_min"):
        _put(h, f"programmes.{name}", getattr(progs, name)[pi])
    qp = new_index[progs.quota_programme].astype(np.int64)
    qo = np.lexsort((progs.quota_junior, qp))
    _put(h, "quota.programme", qp[qo])
    _put(h, "quota.junior", progs.quota_junior[qo])
    _put(h, "quota.seats", progs.quota_seats[qo])

    for name in sorted(prefs):
        m = by_id(prefs[name].astype(np.int32, copy=False))
        if not identity:
            m = new_index[m]
        # trailing all-padding columns carry no information
        used = np.flatnonzero((m >= 0).any(axis=0))
        m = m[:, : (used[-1] + 1 if used.size else 0)]
        _put_text(h, "preferences.name", [name])
        _put(h, "preferences.matrix", m)

    if returns is not None and len(returns.batches):
        rows = sorted(
            f"{cid}\x1e{progs.codes[int(p)]}\x1e{b}"
            for cid, p, b in zip(
                np.asarray(returns.candidate_ids).tolist(),
                np.asarray(returns.programmes).tolist(),
                returns.batches,
                strict=True,
            )
        )
        _put_text(h, "returns", rows)
    return h.hexdigest()


def config_sha256(config_json: bytes) -> str:
    """SHA-256 of the canonical configuration JSON."""
    return hashlib.sha256(config_json).hexdigest()
