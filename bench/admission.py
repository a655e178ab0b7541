"""Benchmark of the 中考 admission engine (issue 6, first three rows of the table).

    .venv/bin/python bench/admission.py            # full sizes, ~1–2 minutes
    .venv/bin/python bench/admission.py --quick    # 100k instead of 1M, seconds

One process, the same generated data for every contender:

1. serial dictatorship, 1M candidates × 12 choices × 600 programmes, compiled core warm
   (radix sort on the packed key + scan) — against the pure-Python reference at 1M and
   against the ``matching`` package (HospitalResident, which is DA and equals SD under a
   common priority) at the largest size it finishes in under a minute;
2. serial dictatorship, 70k × 6 × 60 programmes;
3. deferred acceptance with programme-specific priorities, 1M × 12;
4. the whole city run in the app (import already done): 70,000 demo candidates loaded
   from the database, matched, 70,000 results stored, cutoffs computed and stored — on
   SQLite and on PostgreSQL. Django can hold one settings module per process, so this
   row runs ``--app sqlite|postgres`` as a child process per database (the first time,
   it builds the demo org tree and the 70k demo session there; later runs reuse it);
plus the peak memory (max RSS) of the process after the 1M engine runs.

    .venv/bin/python bench/admission.py --app sqlite     # row 4 alone, one database
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numba import njit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from edugov.engines.admission import (  # noqa: E402
    Candidates,
    Programmes,
    common_ranking,
    core,
    parse_config,
    reference,
    run_admission,
)
from edugov.engines.admission.mechanisms import (  # noqa: E402
    deferred_acceptance,
    serial_dictatorship,
)

SUBJECTS = ["语文", "数学", "英语"]


@njit(cache=True)
def _preferences(n: int, k: int, p: int, seed: int) -> np.ndarray:
    # popularity-skewed lists (programme index ~ p·u²) so the top schools are contested,
    # as in a real city; distinct within a row
    np.random.seed(seed)
    out = np.full((n, k), -1, np.int32)
    seen = np.zeros(p, np.int64)
    for c in range(n):
        j = 0
        while j < k:
            u = np.random.random()
            q = int(p * u * u)
            if seen[q] != c + 1:
                seen[q] = c + 1
                out[c, j] = q
                j += 1
    return out


def make_market(n: int, k: int, p: int, seed: int = 1) -> dict[str, Any]:
    """Candidates with bell-shaped scores, dense exam numbers in shuffled row order,
    600 programmes with 90 % of N seats in total, and skewed preference lists."""
    rng = np.random.default_rng(seed)
    subj = np.clip(rng.normal(100, 25, (n, 3)), 0, 150).astype(np.int64)
    total = np.clip(subj.sum(axis=1) + rng.normal(250, 60, n), 0, 750).astype(np.int64)
    cands = Candidates.build(
        ids=2025_000_000 + rng.permutation(n),
        total=total,
        subjects=subj,
        bonus=rng.choice([0, 0, 0, 0, 5, 10], n),
    )
    seats = np.full(p, int(n * 0.9) // p, np.int64)
    progs = Programmes.build(codes=[f"P{i:04d}" for i in range(p)], open_seats=seats, n_subjects=3)
    prefs = np.ascontiguousarray(_preferences(n, k, p, seed))
    config = parse_config(
        {
            "subjects": SUBJECTS,
            "bonus_cap": 10,
            "tie_break": {"subjects": ["数学", "语文", "英语"]},
            "batch": [{"name": "统招", "max_choices": k}],
        }
    )
    key = common_ranking(cands, config).key
    return {
        "cands": cands,
        "progs": progs,
        "prefs": prefs,
        "seats": seats,
        "key": key,
        "config": config,
    }


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """(best, median, last result) of ``repeat`` warm calls."""
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times), out


def run_matching_package(
    prefs: np.ndarray, seats: np.ndarray, key: np.ndarray
) -> tuple[float, np.ndarray]:
    """Solve with ``matching``'s HospitalResident; returns (seconds, choice column).

    Hospitals rank everyone who listed them by the common key, so the resident-optimal
    stable matching equals serial dictatorship. The package deep-copies its player graph
    recursively, so it needs a deep recursion limit and a big thread stack.
    """
    from matching.games import HospitalResident

    result: dict[str, Any] = {}

    def solve() -> None:
        t = time.perf_counter()
        n = prefs.shape[0]
        rp = {c: [int(q) for q in prefs[c] if q >= 0] for c in range(n)}
        hp: dict[int, list[int]] = {q: [] for q in range(seats.size)}
        for c in np.argsort(key).tolist():
            for q in rp[c]:
                hp[q].append(c)
        game = HospitalResident.create_from_dictionaries(
            rp, hp, {q: int(seats[q]) for q in range(seats.size)}
        )
        matching = game.solve(optimal="resident")
        result["t"] = time.perf_counter() - t
        choice = np.full(n, -1, np.int32)
        for hospital, residents in matching.items():
            for r in residents:
                choice[r.name] = rp[r.name].index(hospital.name)
        result["choice"] = choice

    old = sys.getrecursionlimit()
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 29)
    th = threading.Thread(target=solve)
    th.start()
    th.join()
    threading.stack_size(0)
    sys.setrecursionlimit(old)
    return result["t"], result["choice"]


def programme_priorities(m: dict[str, Any], seed: int = 7) -> np.ndarray:
    """Each programme ranks by its own weighted sum of subjects and 投档分, then by the
    common order (ties broken by it)."""
    cands, prefs, progs = m["cands"], m["prefs"], m["progs"]
    rng = np.random.default_rng(seed)
    weights = np.concatenate(
        [rng.integers(0, 4, (progs.p, 3)), np.ones((progs.p, 1), np.int64)], axis=1
    )
    x = np.ascontiguousarray(
        np.concatenate([cands.subjects, (cands.total + cands.bonus)[:, None]], axis=1)
    )
    f = core.programme_scores(prefs, x, weights)
    pos = np.empty(cands.n, np.int64)
    pos[core.radix_argsort(m["key"])] = np.arange(cands.n)
    return ((int(f.max()) - f) << 21) | pos[:, None]


def main() -> None:
    """Run the benchmark and print the table."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="100k instead of 1M; smaller peers")
    ap.add_argument("--matching-n", type=int, default=None, help="size for the matching package")
    ap.add_argument("--no-app", action="store_true", help="skip row 4 (the in-app run)")
    args = ap.parse_args()
    big = 100_000 if args.quick else 1_000_000
    mn = args.matching_n or (2_000 if args.quick else 10_000)
    rows: list[tuple[str, str, str, str]] = []

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, numpy {np.__version__}", flush=True)  # fmt: skip
    t0 = time.perf_counter()
    m = make_market(big, 12, 600)
    print(f"generated {big:,} × 12 × 600 in {time.perf_counter() - t0:.1f} s", flush=True)
    prefs, seats, key = m["prefs"], m["seats"], m["key"]

    # 1. SD 1M × 12 × 600, compiled core warm (sort by packed key + scan)
    serial_dictatorship(prefs, seats, key)
    best, med, sd = timed(lambda: serial_dictatorship(prefs, seats, key), 7)
    rows.append(
        (
            f"SD {big // 1000}k×12×600 core (sort+scan)",
            f"{best * 1e3:.1f} ms",
            f"median {med * 1e3:.1f} ms",
            "≤ 120 ms",
        )
    )
    order = core.radix_argsort(key)
    b_sort, _, _ = timed(lambda: core.radix_argsort(key), 5)
    b_scan, _, _ = timed(lambda: core.sd_banded(order, prefs, seats, key, False, 12), 5)
    rows.append(
        ("  of which radix sort / scan", f"{b_sort * 1e3:.1f} / {b_scan * 1e3:.1f} ms", "", "")
    )
    b_np, _, _ = timed(lambda: np.argsort(key), 3)
    rows.append(("  (numpy argsort of the same key)", f"{b_np * 1e3:.1f} ms", "", ""))
    cands, progs, config = m["cands"], m["progs"], m["config"]
    run_admission(cands, progs, {"统招": prefs}, config)
    b_pipe, _, res = timed(lambda: run_admission(cands, progs, {"统招": prefs}, config), 3)
    same = bool(
        (res.choice == np.where(res.batch >= 0, res.choice, -1)).all() and (res.choice == sd).all()
    )
    rows.append(
        (
            f"  whole run_admission {big // 1000}k (keys, eligibility, SD, stats, hashes)",
            f"{b_pipe:.2f} s",
            f"same as core: {same}",
            "",
        )
    )

    # 3. DA with programme-specific priorities, 1M × 12
    programme_priorities(m)  # warm the scoring kernel
    t = time.perf_counter()
    pri = programme_priorities(m)
    t_pri = time.perf_counter() - t
    deferred_acceptance(prefs, seats, pri)
    best, med, _ = timed(lambda: deferred_acceptance(prefs, seats, pri), 3)
    rows.append(
        (
            f"DA programme priorities {big // 1000}k×12",
            f"{best * 1e3:.0f} ms",
            f"median {med * 1e3:.0f} ms (+{t_pri * 1e3:.0f} ms priorities)",
            "≤ 1 s",
        )
    )
    b_dac, _, dac = timed(lambda: deferred_acceptance(prefs, seats, key), 2)
    rows.append(
        (
            "  DA, common priority (= SD)",
            f"{b_dac * 1e3:.0f} ms",
            f"equals SD: {bool((dac == sd).all())}",
            "",
        )
    )
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(
        (
            f"peak memory (max RSS) after the {big // 1000}k runs",
            f"{maxrss_mb:.0f} MB",
            "whole process, data included",
            "< 1 GB",
        )
    )
    dac = pri = None  # free ~150 MB before the peers run

    # 2. SD 70k × 6 × 60
    m70 = make_market(70_000, 6, 60, seed=3)
    p70, s70, k70 = m70["prefs"], m70["seats"], m70["key"]
    serial_dictatorship(p70, s70, k70)
    best, med, _ = timed(lambda: serial_dictatorship(p70, s70, k70), 21)
    rows.append(
        (
            "SD 70k×6×60 core (sort+scan)",
            f"{best * 1e3:.2f} ms",
            f"median {med * 1e3:.2f} ms",
            "≤ 10 ms",
        )
    )
    run_admission(m70["cands"], m70["progs"], {"统招": p70}, m70["config"])
    b70, _, _ = timed(
        lambda: run_admission(m70["cands"], m70["progs"], {"统招": p70}, m70["config"]), 5
    )
    rows.append(("  whole run_admission 70k", f"{b70 * 1e3:.0f} ms", "", ""))

    # peers for row 1: pure-Python reference at full size, matching package where it finishes
    t = time.perf_counter()
    ref_order = reference.radix_argsort(key)
    ref = reference.sd_banded(ref_order, prefs, seats, key, False, 12)
    t_ref = time.perf_counter() - t
    rows.append(
        (
            f"SD {big // 1000}k pure-Python reference",
            f"{t_ref:.2f} s",
            f"same result: {bool((ref == sd).all())}",
            "peer",
        )
    )
    del ref, ref_order

    small = make_market(mn, 12, 600, seed=5)
    sp, ss, sk = small["prefs"], small["seats"], small["key"]
    serial_dictatorship(sp, ss, sk)
    b_small, _, sd_small = timed(lambda: serial_dictatorship(sp, ss, sk), 5)
    t = time.perf_counter()
    ref_small = reference.sd_banded(reference.radix_argsort(sk), sp, ss, sk, False, 12)
    t_ref_small = time.perf_counter() - t
    t_match, match_choice = run_matching_package(sp, ss, sk)
    agree = bool((match_choice == sd_small).all() and (ref_small == sd_small).all())
    rows.append(
        (
            f"SD {mn // 1000}k×12×600: core / reference / matching",
            f"{b_small * 1e3:.2f} ms / {t_ref_small:.2f} s / {t_match:.1f} s",
            f"all three agree: {agree}",
            "peer",
        )
    )

    da_n = 50_000 if args.quick else 100_000
    md = make_market(da_n, 12, 600, seed=9)
    pri_s = programme_priorities(md)
    deferred_acceptance(md["prefs"], md["seats"], pri_s)
    b_da_s, _, da_s = timed(lambda: deferred_acceptance(md["prefs"], md["seats"], pri_s), 3)
    t = time.perf_counter()
    da_ref = deferred_acceptance(md["prefs"], md["seats"], pri_s, backend="reference")
    t_da_ref = time.perf_counter() - t
    rows.append(
        (
            f"DA programme priorities {da_n // 1000}k: core / reference",
            f"{b_da_s * 1e3:.0f} ms / {t_da_ref:.2f} s",
            f"same result: {bool((da_ref == da_s).all())}",
            "peer",
        )
    )

    # 4. the whole city run in the app, on both databases
    if not args.no_app:
        rows.extend(app_rows())

    w = max(len(r[0]) for r in rows)
    print()
    print(f"{'case':<{w}}  {'time':>24}  {'':<44}  goal")
    for name, value, note, goal in rows:
        print(f"{name:<{w}}  {value:>24}  {note:<44}  {goal}")
    print(f"\ntotal benchmark wall time {time.perf_counter() - t0:.0f} s")


APP_SQLITE = "/tmp/edugov_bench_admissions.sqlite3"
APP_PG_NAME = "edugov_bench_admissions"


def _app_env(db: str) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "edugov.settings.demo"}
    if db == "postgres":
        env.update(EDUGOV_DB="postgres", EDUGOV_PG_NAME=APP_PG_NAME)
    else:
        env.update(EDUGOV_DB="sqlite", EDUGOV_SQLITE_PATH=APP_SQLITE)
    return env


def app_run(db: str) -> dict[str, Any]:
    """Row 4 inside this process (``--app DB``): set up once, then time run_compute."""
    import json

    import django

    os.environ.update(_app_env(db))
    if db == "postgres":
        import psycopg

        with psycopg.connect(
            host=os.environ.get("EDUGOV_PG_HOST", "127.0.0.1"),
            user=os.environ.get("EDUGOV_PG_USER", "postgres"),
            password=os.environ.get("EDUGOV_PG_PASSWORD", ""),
            dbname="postgres",
            autocommit=True,
        ) as conn:
            if not conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (APP_PG_NAME,)
            ).fetchone():
                conn.execute(f'CREATE DATABASE "{APP_PG_NAME}"')
    django.setup()
    from django.core.management import call_command

    from edugov.admissions.demo import YEAR, build_session
    from edugov.admissions.models import AdmissionSession, Candidate, Run
    from edugov.admissions.services import run_compute, run_save
    from edugov.core.context import acting
    from edugov.demo.generator import load_demo
    from edugov.org.models import Unit, UnitKind

    call_command("migrate", verbosity=0)
    with acting(None):
        if not Unit.objects.filter(kind=UnitKind.SCHOOL).exists():
            load_demo()
        city = Unit.objects.get(kind=UnitKind.CITY)
        session = AdmissionSession.objects.filter(city=city, year=YEAR).first()
        if session is None:
            t = time.perf_counter()
            session = build_session(city)
            print(
                f"  ({db}: set-up import of the demo session {time.perf_counter() - t:.0f} s)",
                file=sys.stderr,
            )
        run = run_save(run=Run(session=session, name="bench", config={}))
        timings = [run_compute(run=run) for _ in range(3)]
        Run.objects.filter(pk=run.pk).delete()
    best = min(timings, key=lambda t: t["total"])
    out = {
        "db": db,
        "candidates": Candidate.objects.filter(session=session).count(),
        "first": timings[0],
        "best": best,
    }
    print(json.dumps(out))
    return out


def app_rows() -> list[tuple[str, str, str, str]]:
    """Row 4 for both databases, each in a child process."""
    import json
    import subprocess

    rows = []
    for db in ("sqlite", "postgres"):
        proc = subprocess.run(
            [sys.executable, __file__, "--app", db],
            capture_output=True,
            text=True,
            env=_app_env(db),
            timeout=1800,
        )
        if proc.returncode != 0:
            rows.append((f"app run 70k, {db}", "failed", proc.stderr.strip()[-44:], "≤ 10 s"))
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        b = r["best"]
        rows.append(
            (
                f"app run {r['candidates'] // 1000}k on {db} (load+match+store+cutoffs)",
                f"{b['total']:.2f} s",
                f"{b['load']:.1f}+{b['match']:.1f}+{b['store']:.1f}+{b['cutoffs']:.1f} s; "
                f"first {r['first']['total']:.1f} s",
                "≤ 10 s",
            )
        )
    return rows


if __name__ == "__main__":
    if "--app" in sys.argv:
        app_run(sys.argv[sys.argv.index("--app") + 1])
    else:
        main()
