"""The batch pipeline: 提前批 → 指标到校 → 统招 → 征集 (or whatever order is configured).

Each batch sees the candidates not yet admitted, the seats still open, and one preference
list. Within a batch the steps are:

1. map each listed programme to the batch's virtual target (``p.open`` or
   ``p.quota[junior]``) and drop the choices the candidate is not eligible for;
2. match with the batch's mechanism against 投档 capacity = ⌊seats × 投档比例⌋;
3. apply the 退档 returns for this batch — a returned candidate leaves the batch unplaced
   and their seat is not re-offered in this round (一轮投档);
4. unless ``admit_beyond_plan``, keep at most ``seats`` of the remaining candidates per
   target, best first (plus the tied group under the overfill rule); the rest are returned
   as "over_plan" and also leave the batch;
5. after a quota batch, unfilled quota seats return to their programme's open seats.
"""

from __future__ import annotations

from types import ModuleType
from typing import Literal

import numpy as np

from . import core, reference
from .audit import ENGINE_VERSION, config_sha256, inputs_sha256
from .config import AdmissionConfig, BatchConfig
from .model import (
    SECTOR_PRIVATE,
    Candidates,
    InputError,
    Programmes,
    Returns,
    validate_preferences,
)
from .ranking import common_ranking, preference_order_priority, programme_priority
from .result import RETURN_BY_PROGRAMME, RETURN_OVER_PLAN, AdmissionResult, ProgrammeStats

Backend = Literal["compiled", "reference"]


def kernels(backend: Backend) -> ModuleType:
    """The kernel module for a backend name."""
    if backend == "compiled":
        return core
    if backend == "reference":
        return reference
    raise ValueError(f"unknown backend {backend!r}")


class _Targets:
    """Virtual programmes: targets 0..P−1 are ``p.open``, P.. are quota allocations."""

    def __init__(self, progs: Programmes) -> None:
        p, q = progs.p, progs.quota_programme.size
        self.p = p
        self.prog = np.concatenate([np.arange(p, dtype=np.int32), progs.quota_programme])
        self.junior = np.concatenate([np.full(p, -1, np.int32), progs.quota_junior])
        self.seats = np.concatenate([progs.open_seats, progs.quota_seats]).astype(np.int64)
        self.req = progs.required_flags[self.prog]
        self.min = progs.min_score[self.prog]
        self.smin = np.ascontiguousarray(progs.subject_min[self.prog])
        self.has_smin = (self.smin >= 0).any(axis=1) if q + p else np.zeros(0, bool)
        self.ratio = progs.ratio[self.prog]
        self.size = p + q


def _in_play(progs: Programmes, batch: BatchConfig) -> np.ndarray:
    cats = set(batch.categories)
    cat_ok = np.fromiter((c in cats for c in progs.category), bool, progs.p)
    sec_ok = np.zeros(progs.p, bool)
    if "public" in batch.sectors:
        sec_ok |= progs.sector != SECTOR_PRIVATE
    if "private" in batch.sectors:
        sec_ok |= progs.sector == SECTOR_PRIVATE
    return cat_ok & sec_ok


def _weights(progs: Programmes, config: AdmissionConfig) -> np.ndarray:
    w = np.zeros((progs.p, len(config.subjects) + 1), np.int64)
    index = {code: i for i, code in enumerate(progs.codes)}
    for code, items in config.priorities:
        if code not in index:
            raise InputError(f"priorities: unknown programme code {code!r}")
        for name, weight in items:
            col = len(config.subjects) if name == "total" else config.subject_index(name)
            w[index[code], col] = weight
    return w


def _returns_for(returns: Returns | None, batch: str, ids: np.ndarray) -> np.ndarray:
    """(row, programme) pairs of 退档 in this batch, as a (2, R) array."""
    if returns is None:
        return np.zeros((2, 0), np.int64)
    mask = np.array([b == batch for b in returns.batches], dtype=bool)
    rid = np.asarray(returns.candidate_ids, dtype=np.int64)[mask]
    rprog = np.asarray(returns.programmes, dtype=np.int64)[mask]
    if rid.size == 0:
        return np.zeros((2, 0), np.int64)
    srt = np.argsort(ids, kind="stable")
    at = np.minimum(np.searchsorted(ids[srt], rid), ids.size - 1)
    found = ids[srt][at] == rid
    if not found.all():
        raise InputError(f"returns: unknown candidate id {int(rid[~found][0])}")
    return np.stack([srt[at], rprog])


def run_admission(
    candidates: Candidates,
    programmes: Programmes,
    preferences: dict[str, np.ndarray],
    config: AdmissionConfig,
    returns: Returns | None = None,
    *,
    backend: Backend = "compiled",
) -> AdmissionResult:
    """Run every configured batch in order and return the outcome with its audit hashes.

    ``preferences`` maps a preference-list name (``batch.preferences``, default the batch
    name) to an N×K int32 matrix of programme indices, −1 padded, rows aligned with
    ``candidates``. ``backend="reference"`` runs the plain-Python kernels (tests only).
    """
    k_mod = kernels(backend)
    n = candidates.n
    if candidates.subjects.shape[1] != len(config.subjects) and n:
        raise InputError(f"candidates.subjects must have {len(config.subjects)} columns")
    if programmes.subject_min.shape[1] != len(config.subjects):
        raise InputError(f"programmes.subject_min must have {len(config.subjects)} columns")
    prefs = validate_preferences(preferences, n, programmes.p)
    widest: dict[str, int] = {}
    for b in config.batches:
        if b.preference_list not in prefs:
            raise InputError(f"batch {b.name}: no preference list {b.preference_list!r}")
        widest[b.preference_list] = max(widest.get(b.preference_list, 0), b.max_choices)
    # a list shared by several batches may be as long as the longest K among them; each
    # batch reads its own first K columns
    for name, k in widest.items():
        extra = prefs[name][:, k:] >= 0
        if extra.any():
            row = int(np.argmax(extra.any(axis=1)))
            raise InputError(f"preference list {name!r}: row {row} lists more than {k} choices")
    weights = _weights(programmes, config)
    config_json = config.canonical_json()

    tg = _Targets(programmes)
    ranking = common_ranking(candidates, config)
    order = k_mod.radix_argsort(ranking.key)
    overfill = config.tie_break.final == "overfill"

    left = tg.seats.copy()
    placed = np.zeros(n, bool)
    out_batch = np.full(n, -1, np.int32)
    out_target = np.full(n, -1, np.int32)
    out_choice = np.full(n, -1, np.int32)
    ret_batch = np.full(n, -1, np.int32)
    ret_prog = np.full(n, -1, np.int32)
    ret_reason = np.zeros(n, np.int8)
    stats: list[ProgrammeStats] = []
    n_junior = 1 + max(
        int(candidates.junior.max(initial=-1)), int(programmes.quota_junior.max(initial=-1))
    )

    for bi, batch in enumerate(config.batches):
        plist = prefs[batch.preference_list]
        kb = min(batch.max_choices, plist.shape[1])
        in_play = _in_play(programmes, batch)
        if batch.kind == "open":
            vmap = np.where(in_play, np.arange(tg.p), -1).astype(np.int32)[:, None]
            cgroup = np.zeros(n, np.int32)
        else:
            vmap = np.full((tg.p, max(n_junior, 1)), -1, np.int32)
            qi = np.flatnonzero(in_play[programmes.quota_programme])
            vmap[programmes.quota_programme[qi], programmes.quota_junior[qi]] = tg.p + qi
            cgroup = candidates.junior
        tprefs = k_mod.build_targets(
            plist, kb, ~placed, cgroup, vmap, ranking.score, candidates.flags,
            candidates.subjects, tg.req, tg.min, tg.smin, tg.has_smin, batch.min_line,
        )  # fmt: skip
        ratio = np.where(tg.ratio > 0, tg.ratio, batch.ratio)
        cap = left * ratio // 1000
        band = batch.band_width(kb)
        use_da = batch.priority == "programme" or config.tie_break.final == "preference_order"
        if use_da:
            if batch.priority == "programme":
                pri = programme_priority(
                    ranking, order, candidates, plist[:, :kb], weights, k_mod.programme_scores
                )
            else:
                pri = preference_order_priority(ranking, tprefs)
            choice = k_mod.da_banded(tprefs, pri, cap, band)
        else:
            choice = k_mod.sd_banded(order, tprefs, cap, ranking.group, overfill, band)

        rows = np.flatnonzero(choice >= 0)
        tgt = tprefs[rows, choice[rows]].astype(np.int64)
        key = pri[rows, choice[rows]] if use_da else ranking.key[rows]
        sent = np.bincount(tgt, minlength=tg.size)

        # 退档: only applies where this run really sent that candidate to that programme
        keep = np.ones(rows.size, bool)
        rr = _returns_for(returns, batch.name, candidates.ids)
        if rr.shape[1]:
            pos_of = np.full(n, -1, np.int64)
            pos_of[rows] = np.arange(rows.size)
            at = pos_of[rr[0]]
            hit = at >= 0
            hit[hit] = tg.prog[tgt[at[hit]]] == rr[1][hit]
            keep[at[hit]] = False
            ret_batch[rows[at[hit]]] = bi
            ret_prog[rows[at[hit]]] = rr[1][hit]
            ret_reason[rows[at[hit]]] = RETURN_BY_PROGRAMME
        returned = np.bincount(tgt[~keep], minlength=tg.size)

        over = np.zeros(rows.size, bool)
        if not batch.admit_beyond_plan:
            over = _over_plan(tgt, key, ranking.group[rows], keep, left, overfill)
            ret_batch[rows[over]] = bi
            ret_prog[rows[over]] = tg.prog[tgt[over]]
            ret_reason[rows[over]] = RETURN_OVER_PLAN
        admit = keep & ~over
        a_rows, a_tgt = rows[admit], tgt[admit]
        placed[a_rows] = True
        out_batch[a_rows] = bi
        out_target[a_rows] = a_tgt
        out_choice[a_rows] = choice[a_rows]
        admitted = np.bincount(a_tgt, minlength=tg.size)
        cutoff = _cutoffs(a_tgt, key[admit], a_rows, tg.size)

        playing = np.flatnonzero(in_play[tg.prog] & ((tg.junior < 0) == (batch.kind == "open")))
        # One row for every target the batch offered, a full one included (0 seats, 0
        # sent): a reader of RESULT.programmes.csv must be able to tell "offered, but
        # already full" from "not offered in this batch" (until 1.2.0 the row was missing).
        for t in playing.tolist():
            stats.append(
                ProgrammeStats(
                    batch=bi, programme=int(tg.prog[t]), junior=int(tg.junior[t]),
                    seats=int(left[t]), capacity=int(cap[t]), sent=int(sent[t]),
                    returned=int(returned[t]),
                    over_plan=int(sent[t] - returned[t] - admitted[t]),
                    admitted=int(admitted[t]), cutoff=int(cutoff[t]),
                )
            )  # fmt: skip
        left = np.maximum(left - admitted, 0)
        if batch.kind == "quota" and config.return_unfilled_quota:
            q = playing[tg.junior[playing] >= 0]
            np.add.at(left, tg.prog[q], left[q])
            left[q] = 0

    prog_of = np.full(n, -1, np.int32)
    prog_of[out_target >= 0] = tg.prog[out_target[out_target >= 0]]
    return AdmissionResult(
        candidate_ids=candidates.ids,
        batch_names=tuple(b.name for b in config.batches),
        programme_codes=programmes.codes,
        batch=out_batch,
        programme=prog_of,
        quota=(out_target >= tg.p),
        choice=out_choice,
        returned_batch=ret_batch,
        returned_programme=ret_prog,
        returned_reason=ret_reason,
        stats=tuple(stats),
        inputs_sha256=inputs_sha256(candidates, programmes, prefs, returns),
        config_sha256=config_sha256(config_json),
        engine_version=ENGINE_VERSION,
        config_json=config_json,
    )


def _over_plan(
    tgt: np.ndarray,
    key: np.ndarray,
    grp: np.ndarray,
    keep: np.ndarray,
    plan: np.ndarray,
    overfill: bool,
) -> np.ndarray:
    """Mask of kept candidates beyond their target's plan, worst first.

    Under the overfill rule a candidate fully tied with the plan-th one is not cut: the
    tied group is taken whole, as it was when it was sent.
    """
    over = np.zeros(tgt.size, bool)
    idx = np.flatnonzero(keep)
    if idx.size == 0:
        return over
    counts = np.bincount(tgt[idx], minlength=plan.size)
    if not (counts > plan).any():
        return over
    srt = idx[np.lexsort((key[idx], tgt[idx]))]
    t_s = tgt[srt]
    start = np.zeros(plan.size + 1, np.int64)
    start[1:] = np.cumsum(counts)
    rank = np.arange(srt.size) - start[t_s]
    cut = rank >= plan[t_s]
    if overfill:
        has_last = (plan > 0) & (counts > plan)
        last_grp = np.full(plan.size, -1, np.int64)
        ts = np.flatnonzero(has_last)
        last_grp[ts] = grp[srt[start[ts] + plan[ts] - 1]]
        cut &= grp[srt] != last_grp[t_s]
    over[srt[cut]] = True
    return over


def _cutoffs(tgt: np.ndarray, key: np.ndarray, rows: np.ndarray, size: int) -> np.ndarray:
    """Row of the worst-ranked admitted candidate per target (−1 where none).

    Keys are unique per target, so the row whose key equals its target's maximum is the
    cutoff; this avoids sorting the million admitted candidates.
    """
    out = np.full(size, -1, np.int64)
    if tgt.size:
        worst = np.full(size, -1, np.int64)
        np.maximum.at(worst, tgt, key)
        hit = key == worst[tgt]
        out[tgt[hit]] = rows[hit]
    return out
