"""Audited personal-data reads under load (issue 25): how many ``personal_data.view``
events per second 50 concurrent users append to the one hash chain on PostgreSQL, with
today's ``audit_record`` beside the previous one (``edugov/audit/services.py`` as of
``PREVIOUS``, read out of git into a temporary module at bench time, so no copy of the
old code lives in the app).

    .venv/bin/python bench/audit.py                       # 5 processes x 10 threads, 15 s each
    .venv/bin/python bench/audit.py --procs 50 --threads 1 --duration 20
    .venv/bin/python bench/audit.py --no-old

Each "user" loops over what the student detail view does for the audit: load its user
row and roles (as the session middleware does for every request), then append one
``personal_data.view`` event for a student with ``acting(user)``. Users are threads in
``--procs`` forked processes, each thread with its own connection (the GIL of one process
must not be what is measured). Both variants run on one fresh database
``bench_audit_<pid>`` on 127.0.0.1 (dropped after), the chain verified after each run.
Printed: events per second, the latency of one append (p50/p95/p99), and the load
average (the box is shared).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import subprocess
import sys
import threading
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: ``audit_record`` before issue 25: the chain head locked from its first UPDATE to the
#: commit, with the actor's roles read and the event built while it was held.
PREVIOUS = "98dd4b9"


def _old_services() -> types.ModuleType:
    src = subprocess.run(
        ["git", "show", f"{PREVIOUS}:edugov/audit/services.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    mod = types.ModuleType("old_audit_services")
    mod.__package__ = "edugov.audit"  # its relative imports resolve to today's models
    sys.modules[mod.__name__] = mod
    exec(compile(src, "old_audit_services.py", "exec"), mod.__dict__)
    return mod


def _setup_database(name: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{name}"')


def _drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _seed() -> tuple[int, list[tuple[int, str]]]:
    """A school principal and 1,000 student ids with names: what the events name."""
    from django.core.management import call_command

    from edugov.conftest import make_user
    from edugov.core.context import acting
    from edugov.org.models import Unit
    from edugov.org.seed import seed_city

    call_command("migrate", verbosity=0)
    with acting(None):
        seed_city("nanchang")
        user = make_user("bench_principal", "school_admin", Unit.objects.get(code="360102"))
    return user.pk, [(100_000 + i, f"学生{i:04d}") for i in range(1000)]


def _user_loop(record, user_id, students, deadline, out) -> None:
    from django.db import connection

    from edugov.accounts.models import User
    from edugov.core.context import acting

    times = []
    i = 0
    try:
        while time.monotonic() < deadline:
            t0 = time.perf_counter()
            user = User.objects.get(pk=user_id)  # a fresh row, as each request has
            # The session middleware has asked for the roles (the 2FA check) before any
            # view runs: not part of the audit's cost in either variant.
            user.role_codes()
            sid, name = students[i % len(students)]
            with acting(user, ip="10.0.0.1", request_id=f"bench-{os.getpid()}-{i}"):
                record(
                    "personal_data.view",
                    object_type="students.student",
                    object_id=sid,
                    object_repr=name,
                )
            times.append(time.perf_counter() - t0)
            i += 1
    finally:
        connection.close()
    out.extend(times)


def _process(variant, threads, user_id, students, duration, queue) -> None:
    from edugov.audit import services

    record = _old_services().audit_record if variant == "before" else services.audit_record
    deadline = time.monotonic() + duration
    results: list[list[float]] = [[] for _ in range(threads)]
    pool = [
        threading.Thread(target=_user_loop, args=(record, user_id, students, deadline, results[n]))
        for n in range(threads)
    ]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    queue.put([x for r in results for x in r])


def _run(variant, procs, threads, user_id, students, duration) -> dict:
    from django.db import connections

    from edugov.audit.models import AuditEvent
    from edugov.audit.verify import verify_chain

    connections.close_all()  # the children must not share the parent's socket
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    before = AuditEvent.objects.count()
    connections.close_all()
    t0 = time.monotonic()
    children = [
        ctx.Process(target=_process, args=(variant, threads, user_id, students, duration, queue))
        for _ in range(procs)
    ]
    for c in children:
        c.start()
    times = sorted(x for _ in children for x in queue.get())
    for c in children:
        c.join()
    elapsed = time.monotonic() - t0
    appended = AuditEvent.objects.count() - before
    assert appended == len(times), (appended, len(times))
    report = verify_chain()
    assert report.ok, report

    def pct(p):
        return times[min(len(times) - 1, int(p * len(times)))] * 1000 if times else 0.0

    return {
        "variant": variant,
        "events": appended,
        "per_second": appended / duration,
        "wall": elapsed,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "chain": report.checked,
        "load": os.getloadavg(),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--procs", type=int, default=5)
    p.add_argument("--threads", type=int, default=10, help="users per process")
    p.add_argument("--duration", type=float, default=15.0, help="seconds per variant")
    p.add_argument("--no-old", action="store_true", help="today's code only")
    args = p.parse_args()

    name = f"bench_audit_{os.getpid()}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="edugov.settings.test", EDUGOV_DB="postgres", EDUGOV_PG_NAME=name
    )
    _setup_database(name)
    try:
        import django

        django.setup()
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("SHOW synchronous_commit")
            sync = cur.fetchone()[0]
        user_id, students = _seed()
        users = args.procs * args.threads
        print(
            f"audited reads, {users} users ({args.procs} processes x {args.threads} threads), "
            f"{args.duration:.0f} s each, PostgreSQL (synchronous_commit={sync}), "
            f"load before {os.getloadavg()[0]:.2f}"
        )
        variants = ["after"] if args.no_old else ["before", "after"]
        print(
            f"{'variant':8} {'events':>7} {'ev/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}  load"
        )
        for variant in variants:
            r = _run(variant, args.procs, args.threads, user_id, students, args.duration)
            print(
                f"{r['variant']:8} {r['events']:7d} {r['per_second']:7.0f} {r['p50']:7.1f} "
                f"{r['p95']:7.1f} {r['p99']:7.1f}  {' '.join(f'{x:.2f}' for x in r['load'])}"
            )
        print(f"chain verified after each run ({r['chain']} events in all)")
    finally:
        from django.db import connections

        connections.close_all()
        _drop_database(name)


if __name__ == "__main__":
    main()
