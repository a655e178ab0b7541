"""Benchmark: one school's draw for 100,000 applicants, side by side with its peers.

    .venv/bin/python bench/lottery.py [N]

Peers: the standalone verifier's own draw (what a parent runs), a naive loop that hashes
the full concatenation per applicant, and ``random.shuffle`` — the last one only as a
reference speed: a library RNG stream is NOT acceptable for an official draw (DOMAIN.md
§5), because its output is not promised to be stable across versions or machines.
"""

from __future__ import annotations

import hashlib
import importlib.util
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

from edugov.engines.lottery import (
    Applicant,
    Commitment,
    Reveal,
    commit,
    draw,
    make_bundle,
    seed,
    verify_bundle,
)

ROOT = Path(__file__).resolve().parents[1]
SCHOOL = "东湖区育新学校"


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def naive(sigma: bytes, applicants: list[Applicant], seats: int) -> list[tuple]:
    # Plain loop, full concatenation hashed each time, tuples sorted; same output shape
    # as the engine (rank, id, class, key hex) so the comparison is fair.
    rows = []
    for a in applicants:
        k = hashlib.sha256(sigma + SCHOOL.encode() + b"\x1f" + a.id.encode()).digest()
        rows.append((a.priority_class, k, a.id))
    rows.sort()
    return [(r, aid, pc, k.hex()) for r, (pc, k, aid) in enumerate(rows, start=1)][:seats]


def shuffled(applicants: list[Applicant], seats: int) -> list[str]:
    # Reference speed only — NOT acceptable for an official draw.
    rnd = random.Random(42)
    by_class: dict[int, list[str]] = {}
    for a in applicants:
        by_class.setdefault(a.priority_class, []).append(a.id)
    order: list[str] = []
    for pc in sorted(by_class):
        ids = by_class[pc]
        rnd.shuffle(ids)
        order.extend(ids)
    return order[:seats]


def klass(r: int) -> int:
    return 1 if r < 3 else 2 if r < 8 else 3


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    seats = n // 10
    # Deterministic synthetic list: about 30% class 1, 50% class 2, 20% class 3.
    applicants = [Applicant(f"2026{i:07d}", klass((i * 7919) % 10)) for i in range(n)]
    parties = {"公证处": "notary-secret-1", "家长代表1": "parent-secret-1"}
    commitments = [Commitment(p, commit(s)) for p, s in parties.items()]
    reveals = [Reveal(p, s) for p, s in parties.items()]
    sigma = seed(reveals, commitments, "3187.42")

    spec = importlib.util.spec_from_file_location(
        "verify_lottery", ROOT / "scripts/verify_lottery.py"
    )
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    pairs = [(a.id, a.priority_class) for a in applicants]

    bundle = make_bundle(
        school=SCHOOL,
        seats=seats,
        applicants=applicants,
        commitments=commitments,
        reveals=reveals,
        public_number="3187.42",
    )
    # Same admitted list from every hash-based implementation, or the timing is moot.
    engine_ids = [p.applicant_id for p in draw(SCHOOL, seats, applicants, sigma).admitted]
    assert engine_ids == [r[1] for r in naive(sigma, applicants, seats)]
    assert engine_ids == [r[1] for r in script.run_draw(sigma, SCHOOL, seats, pairs)[1]]

    rows = [
        ("engine draw()", best_of(lambda: draw(SCHOOL, seats, applicants, sigma))),
        ("verify_lottery.py run_draw", best_of(lambda: script.run_draw(sigma, SCHOOL, seats, pairs))),
        ("naive hashlib loop + sort", best_of(lambda: naive(sigma, applicants, seats))),
        ("random.shuffle (NOT acceptable)", best_of(lambda: shuffled(applicants, seats))),
        ("engine make_bundle()", best_of(lambda: make_bundle(
            school=SCHOOL, seats=seats, applicants=applicants, commitments=commitments,
            reveals=reveals, public_number="3187.42"), repeat=1)),
        ("engine verify_bundle()", best_of(lambda: verify_bundle(bundle), repeat=1)),
    ]  # fmt: skip
    print(f"lottery, {n:,} applicants, {seats:,} seats, Python {sys.version.split()[0]}")
    for name, secs in rows:
        print(f"  {name:<34} {secs * 1000:9.1f} ms")


if __name__ == "__main__":
    main()
