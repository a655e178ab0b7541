"""Benchmark: the prepaid-fee reconciliation (issue 20) beside a pandas reference.

    PYTHONPATH=. /work/main/.venv/bin/python bench/training.py [--lines 1000000] [--institutions 1000]

One generated year of a supervising bank's statement lines (charges, releases for lessons
taught, refund requests and refunds, a balance per month), the same for both contenders.
edugov's ``reconcile`` works in ``Decimal`` from the lines as the importer stores them;
the reference is pandas over int64 fen (groupby sums, the last balance by day, the
required reserve rounded half-up in integers). Every institution's figures are compared
to the fen; any difference fails the run. Goal: ≤ 5 s for 1,000,000 lines over 1,000
institutions.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from edugov.engines.training import reconcile  # noqa: E402

KINDS = np.array(["charge", "release", "refund_request", "refund", "balance"])
AS_OF = date(2023, 12, 31)
RATIO_NUM, RATIO_DEN = 1, 10  # a guarantee account for every 5th institution: 10 %


def generate(n: int, institutions: int, seed: int = 20):
    rng = np.random.default_rng(seed)
    inst = rng.integers(0, institutions, n)
    kind = rng.choice(5, n, p=[0.35, 0.45, 0.04, 0.04, 0.12])
    fen = rng.integers(100, 500_000, n)  # 1.00 – 4,999.99 元
    lessons = rng.integers(1, 61, n)
    fen[kind == 1] //= 2  # releases and refunds are smaller than charges: money stays
    fen[kind == 3] //= 4
    fen[kind == 4] *= 40  # a month-end balance, sometimes short of the books
    day = rng.integers(0, 365, n)  # 2023: every line on or before AS_OF
    ref = rng.integers(0, 200, n)
    return inst, kind, fen, lessons, day, ref


def as_lines(inst, kind, fen, lessons, day, ref):
    base = date(2023, 1, 1)
    days = [base + timedelta(days=int(d)) for d in range(365)]
    # Decimal from the text a statement carries ("1234.56"), as the importer parses it.
    return [
        (f"I{i:04d}", days[d], KINDS[k], Decimal(f"{f // 100}.{f % 100:02d}"), int(n), f"R{r}")
        for i, k, f, n, d, r in zip(
            inst.tolist(),
            kind.tolist(),
            fen.tolist(),
            lessons.tolist(),
            day.tolist(),
            ref.tolist(),
            strict=True,
        )
    ]


def ratio(inst: str) -> Decimal:
    return Decimal(RATIO_NUM) / RATIO_DEN if int(inst[1:]) % 5 == 0 else Decimal(1)


def pandas_reference(inst, kind, fen, lessons, day, ref) -> pd.DataFrame:
    df = pd.DataFrame({"inst": inst, "kind": kind, "fen": fen, "day": day, "ref": ref})
    sums = df[df.kind.isin([0, 1, 3])].pivot_table(
        index="inst", columns="kind", values="fen", aggfunc="sum", fill_value=0
    )
    sums = sums.reindex(columns=[0, 1, 3], fill_value=0)
    out = pd.DataFrame(index=np.unique(inst))
    out["charged"], out["released"], out["refunded"] = sums[0], sums[1], sums[3]
    out = out.fillna(0).astype("int64")
    out["expected"] = out.charged - out.released - out.refunded
    bal = df[df.kind == 4].reset_index().sort_values(["inst", "day", "index"])
    out["balance"] = bal.groupby("inst").fen.last()
    guarantee = out.index % 5 == 0
    e = out.expected.clip(lower=0)
    # half-up in integers: floor((2·e·num + den) / (2·den))
    out["required"] = np.where(guarantee, (2 * e * RATIO_NUM + RATIO_DEN) // (2 * RATIO_DEN), e)
    out["shortfall"] = (out.required - out.balance).clip(lower=0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--institutions", type=int, default=1_000)
    ap.add_argument("--repeat", type=int, default=3, help="best of")
    args = ap.parse_args()
    arrays = generate(args.lines, args.institutions)
    lines = as_lines(*arrays)

    best = float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        positions = reconcile(lines, as_of=AS_OF, reserve_ratio=ratio, refund_days=15)
        best = min(best, time.perf_counter() - t0)
    t0 = time.perf_counter()
    ref = pandas_reference(*arrays)
    t_pandas = time.perf_counter() - t0

    bad = 0
    for i, row in ref.iterrows():
        p = positions[f"I{i:04d}"]
        got = {
            "charged": p.charged,
            "released": p.released,
            "refunded": p.refunded,
            "expected": p.expected,
            "balance": p.balance,
            "required": p.required,
            "shortfall": p.shortfall,
        }
        for name, value in got.items():
            if pd.isna(row[name]):
                bad += value is not None
            elif value * 100 != int(row[name]):
                bad += 1
    flagged = sum(1 for p in positions.values() if "shortfall" in p.flags)
    overdue = sum(len(p.overdue) for p in positions.values())
    print(f"{args.lines:,} statement lines over {args.institutions:,} institutions")
    print(f"  edugov reconcile (Decimal)  {best:6.2f} s  (best of {args.repeat}; goal ≤ 5 s)")
    print(f"  pandas reference (int fen)  {t_pandas:6.2f} s")
    print(f"  institutions compared: {len(ref)}, figures differing by any fen: {bad}")
    print(f"  shortfalls flagged: {flagged}, refunds overdue: {overdue}")
    if bad:
        sys.exit(1)


if __name__ == "__main__":
    main()
