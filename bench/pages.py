"""Server time of the big list pages (issue 25: a principal's student list ≤ 40 ms, a
city-wide one ≤ 80 ms) on the 1M-student PostgreSQL database of ``bench/load_data.py``.

    PYTHONPATH=<the code to measure> .venv/bin/python bench/pages.py --db bench_1m [--runs 25]
        [--page principal=donghu_principal:/students/] [--profile NAME] [--sql NAME]

The code measured is whatever ``edugov`` the PYTHONPATH gives (printed first), so the same
script times main's code and a branch's on the same database: the script never adds its
own checkout to the path. One process: ``django.setup()`` and ``import edugov.wsgi`` (a
server's start), a session per user as the login page leaves it, then for each page three
warm-up requests and ``--runs`` timed ones through the Django test client (middleware, view,
template; no network). Wall and CPU milliseconds are both reported, with the load average:
the box is shared, and the CPU time is the request's own cost when other jobs hold the
cores. Queries and their time come from one more request with ``execute_wrapper``, so
that no timed request carries the counting.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

PAGES = [
    ("principal", "donghu_principal", "/students/"),
    ("city-wide", "jichu_staff", "/students/"),
]


def _setup(db: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "edugov.settings.demo"
    os.environ["EDUGOV_DB"] = "postgres"
    os.environ["EDUGOV_PG_NAME"] = db
    import django

    django.setup()
    import edugov.wsgi  # noqa: F401 (a server's start: warm_up)


def _session(username: str) -> str:
    """A session for ``username`` as the login page leaves it (times, epoch, 2FA)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from edugov.accounts.models import User
    from edugov.accounts.security import SESSION_EPOCH, SESSION_LOGIN_AT, SESSION_SEEN_AT

    user = User.objects.get(username=username)
    if user.requires_2fa():
        raise SystemExit(f"{username} needs a second factor: pick a password-only account")
    store = SessionStore()
    now = timezone.now().timestamp()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "edugov.accounts.backends.RoleBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[SESSION_LOGIN_AT] = now
    store[SESSION_SEEN_AT] = now
    store[SESSION_EPOCH] = user.session_epoch
    store.create()
    return store.session_key


def _client(username: str):
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.cookies[settings.SESSION_COOKIE_NAME] = _session(username)
    client.handler.load_middleware()
    return client


def _get(client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return response


def measure(name: str, username: str, url: str, runs: int) -> dict:
    import re

    from django.db import connection

    client = _client(username)
    for _ in range(3):
        response = _get(client, url)
    count = re.search(r'data-testid="row-count">([^<]*)<', response.content.decode())
    wall, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        _get(client, url)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    queries: list[float] = []

    def counting(execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((time.perf_counter() - t0) * 1000)

    with connection.execute_wrapper(counting):
        _get(client, url)
    return {
        "page": name,
        "user": username,
        "url": url,
        "rows": count.group(1).strip() if count else "?",
        "wall_ms": statistics.median(wall),
        "wall_min": min(wall),
        "wall_max": max(wall),
        "cpu_ms": statistics.median(cpu),
        "queries": len(queries),
        "sql_ms": sum(queries),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", default="bench_1m")
    p.add_argument("--runs", type=int, default=25)
    p.add_argument(
        "--page",
        action="append",
        default=[],
        help="name=username:url (replaces the default pages)",
    )
    p.add_argument("--profile", help="print cProfile's top functions of this page's request")
    p.add_argument("--sql", help="print the queries of this page's request with their times")
    args = p.parse_args(argv)
    pages = PAGES
    if args.page:
        pages = []
        for spec in args.page:
            name, _, rest = spec.partition("=")
            user, _, url = rest.partition(":")
            pages.append((name, user, url))
    _setup(args.db)
    import edugov

    print(f"code: {os.path.dirname(edugov.__file__)}   db: {args.db}")
    for name, user, url in pages:
        if args.profile == name or args.sql == name:
            client = _client(user)
            for _ in range(3):
                _get(client, url)
            if args.profile == name:
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                profiler.enable()
                _get(client, url)
                profiler.disable()
                pstats.Stats(profiler).sort_stats(
                    os.environ.get("BENCH_SORT", "cumulative")
                ).print_stats(40)
            else:
                from django.db import connection

                def show(execute, sql, params, many, context):
                    t0 = time.perf_counter()
                    try:
                        return execute(sql, params, many, context)
                    finally:
                        print(f"{(time.perf_counter() - t0) * 1000:8.2f} ms  {sql[:200]}")

                with connection.execute_wrapper(show):
                    _get(client, url)
            continue
        if args.profile or args.sql:
            continue
        load0 = os.getloadavg()[0]
        r = measure(name, user, url, args.runs)
        load1 = os.getloadavg()[0]
        print(
            f"{r['page']:<10} {r['user']:<17} {r['url']:<12} wall {r['wall_ms']:7.1f} ms "
            f"({r['wall_min']:.1f}–{r['wall_max']:.1f})  cpu {r['cpu_ms']:7.1f} ms  "
            f"{r['queries']:3d} queries {r['sql_ms']:6.1f} ms  load {load0:.1f}–{load1:.1f}  "
            f"[{r['rows']}]"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
