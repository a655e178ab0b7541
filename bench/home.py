"""Server time of the home page (the 领导驾驶舱) on the full demo, cold and warm (issue 15:
≤ 150 ms for the city leader, cold).

    # once: the full demo in a scratch SQLite file (the `make demo` steps, without serving)
    export EDUGOV_SQLITE_PATH=/tmp/demo.sqlite3 DJANGO_SETTINGS_MODULE=edugov.settings.demo
    .venv/bin/python manage.py migrate --no-input -v0 && .venv/bin/python manage.py load_demo
    # then
    .venv/bin/python bench/home.py --db /tmp/demo.sqlite3 [--user city_admin] [--runs 7]
                                   [--warm 10] [--start server|bare] [--profile] [--sql]

The parent logs ``--user`` in once (a session as the login page leaves it, with a verified
second factor) and starts ``--runs`` child processes. Each child is a server just started —
``--start server`` (default): ``django.setup()`` and ``import edugov.wsgi``, as gunicorn's
workers and ``runserver`` do before they accept a request (its ``warm_up``); ``--start
bare``: ``django.setup()`` only — then its **first** request is the home page (cold: no
figure, permission or content-type cache, a new database connection), then ``--warm`` more
(warm). Times are the Django test client's ``get("/")``: middleware, view and template, no
network; wall and CPU time of the process (the box is shared: CPU time is the request's own
cost when other jobs hold the cores). Queries are counted with
``connection.execute_wrapper`` in one more child (its first and second request), so the
timed requests carry no counting. ``--profile`` prints cProfile's top functions of a cold
request; ``--sql`` the queries of a cold request with their times.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(db: str) -> None:
    os.environ["EDUGOV_SQLITE_PATH"] = db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edugov.settings.demo")
    import django

    django.setup()


def _session(username: str) -> str:
    """A session for ``username`` as the login page leaves it (times, epoch, 2FA)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from edugov.accounts.models import User
    from edugov.accounts.security import SESSION_EPOCH, SESSION_LOGIN_AT, SESSION_SEEN_AT

    user = User.objects.get(username=username)
    store = SessionStore()
    now = timezone.now().timestamp()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "edugov.accounts.backends.RoleBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[SESSION_LOGIN_AT] = now
    store[SESSION_SEEN_AT] = now
    store[SESSION_EPOCH] = user.session_epoch
    if user.requires_2fa():
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return store.session_key


def _child(args) -> None:
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic here
    _setup(args.db)
    if args.start == "server":
        import edugov.wsgi  # noqa: F401 (what gunicorn and runserver load before serving)
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.cookies[settings.SESSION_COOKIE_NAME] = args.session
    if args.start == "server":
        # A server's handler builds its middleware when it is created (WSGIHandler), the
        # test client's on its first request (whitenoise indexes the static files then).
        client.handler.load_middleware()

    def get():
        response = client.get("/")
        if response.status_code != 200 or b'data-testid="overview"' not in response.content:
            raise SystemExit(f"home page answered {response.status_code}, not the leader's page")
        return response

    def timed() -> tuple[float, float]:
        """Wall and CPU milliseconds: the box is shared, and CPU time is what the
        request itself cost when other jobs hold the cores."""
        t0, c0 = time.perf_counter(), time.process_time()
        get()
        return (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000

    out: dict = {}
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        get()
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(45)
        return
    queries: list[tuple[str, float]] = []

    def counting(execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((sql, (time.perf_counter() - t0) * 1000))

    if args.sql:
        with connection.execute_wrapper(counting):
            get()
        for sql, ms in queries:
            print(f"{ms:7.2f} ms  {sql[:220]}", file=sys.stderr)
        print(f"{len(queries)} queries, {sum(ms for _, ms in queries):.1f} ms", file=sys.stderr)
        return
    if args.count:
        # A process of its own counts, so no timed request carries the wrapper's cost.
        for label in ("cold", "warm"):
            queries.clear()
            with connection.execute_wrapper(counting):
                get()
            out[label] = len(queries)
    else:
        out["cold"] = timed()
        out["warm"] = [timed() for _ in range(args.warm)]
    print(json.dumps(out))


def _run_child(args, session: str, *extra: str) -> dict | None:
    cmd = [sys.executable, __file__, "--child", "--db", args.db, "--session", session]
    cmd += ["--warm", str(args.warm), "--start", args.start, *extra]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(done.stderr or done.stdout)
    if done.stderr:
        print(done.stderr, file=sys.stderr)
    return json.loads(done.stdout) if done.stdout.strip() else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the demo's SQLite file")
    parser.add_argument("--user", default="city_admin")
    parser.add_argument("--runs", type=int, default=7, help="cold processes")
    parser.add_argument("--warm", type=int, default=10, help="warm requests per process")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sql", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--session", help=argparse.SUPPRESS)
    parser.add_argument("--count", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--start",
        choices=("server", "bare"),
        default="server",
        help="server: load edugov.wsgi first, as gunicorn and runserver do (default); "
        "bare: django.setup() only",
    )
    args = parser.parse_args()
    if args.child:
        return _child(args)
    _setup(args.db)
    session = _session(args.user)
    if args.profile or args.sql:
        _run_child(args, session, "--profile" if args.profile else "--sql")
        return
    cold, warm = [], []
    for _ in range(args.runs):
        result = _run_child(args, session)
        cold.append(result["cold"])
        warm.extend(result["warm"])
    counts = _run_child(args, session, "--count")
    print(
        f"home page of {args.user}, start {args.start}: {args.runs} fresh processes, "
        f"{args.warm} warm requests each; wall / CPU ms"
    )
    for label, rows in (("cold", cold), ("warm", warm)):
        walls, cpus = [w for w, _ in rows], [c for _, c in rows]
        print(
            f"{label}  median {statistics.median(walls):6.1f} / {statistics.median(cpus):6.1f}"
            f"   min {min(walls):6.1f} / {min(cpus):6.1f}   max {max(walls):6.1f} / {max(cpus):6.1f}"
        )
    print("cold runs (wall):", ", ".join(f"{w:.0f}" for w, _ in cold))
    print(f"queries: cold {counts['cold']}, warm {counts['warm']}")
    print(f"load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
