"""Benchmark: edugov's risk engine beside a vectorised numpy implementation of the same
model, on the same synthetic schools.

    PYTHONPATH=. .venv/bin/python bench/risk.py [--schools 100000]

The peer is what a data team would write (one weighted mean over arrays, triggers as
boolean masks); it gives no per-school explanation. Both tiers are checked equal first.
A city has a few hundred private schools: the question is only whether the explanation
per school costs anything that matters.
"""

from __future__ import annotations

import argparse
import random
import time

import numpy as np

from edugov.engines.risk import DEFAULT_CONFIG, TIERS, Linear, Mapped, classify


def schools(n: int, seed: int = 2023) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        out.append(
            {
                "debt_ratio": rng.uniform(10, 120),
                "cash_months": rng.uniform(0, 15),
                "audit_opinion": rng.choice(("标准无保留",) * 8 + ("保留", "否定")),
                "enrolment_drop": rng.uniform(-20, 40),
                "complaints_per_100": rng.uniform(0, 3),
                "safety_findings": rng.randint(0, 4),
                "inspection": rng.choice(("合格",) * 8 + ("基本合格", "不合格")),
                "wage_arrears": rng.random() < 0.02,
                "licence_expired": rng.random() < 0.02,
                "account_unsupervised": rng.random() < 0.02,
            }
        )
    return out


def numpy_tiers(rows: list[dict]) -> list[str]:
    cfg = DEFAULT_CONFIG
    total = np.zeros(len(rows))
    weight = 0.0
    for code, scale in cfg.scales.items():
        w = float(cfg.weights.get(code, 0))
        weight += w
        if isinstance(scale, Linear):
            v = np.array([r[code] for r in rows], dtype=float)
            pts = np.clip((v - scale.good) / (scale.bad - scale.good) * 100, 0, 100).round(2)
        elif isinstance(scale, Mapped):
            table = dict(scale.points_by_value)
            pts = np.array([table[r[code]] for r in rows])
        else:
            pts = np.array([100.0 if r[code] else 0.0 for r in rows])
        total += w * pts
    score = (total / weight).round(2)
    red, orange, yellow = cfg.thresholds
    tier = np.where(score >= red, 0, np.where(score >= orange, 1, np.where(score >= yellow, 2, 3)))
    for t in cfg.triggers:
        fired = np.array([r[t.code] in t.values for r in rows])
        tier = np.where(fired, 0, tier)
    return [TIERS[i] for i in tier]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--schools", type=int, default=100_000)
    args = ap.parse_args()
    rows = schools(args.schools)
    t0 = time.perf_counter()
    ours = [classify(r, DEFAULT_CONFIG) for r in rows]
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    peer = numpy_tiers(rows)
    t_peer = time.perf_counter() - t0
    assert [r.tier for r in ours] == peer, "tiers differ"
    t0 = time.perf_counter()
    for r in ours:
        r.explanation()
    t_expl = time.perf_counter() - t0
    n = args.schools
    print(f"{n:,} schools, tiers equal: { {t: peer.count(t) for t in TIERS} }")
    print(f"edugov engine.classify   {t_ours:7.3f} s  {n / t_ours:>10,.0f} schools/s")
    print(f"  + explanation (JSON)   {t_expl:7.3f} s")
    print(f"numpy vectorised (peer)  {t_peer:7.3f} s  {n / t_peer:>10,.0f} schools/s")


if __name__ == "__main__":
    main()
