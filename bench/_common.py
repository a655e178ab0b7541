"""What the PostgreSQL benches share: pointing Django at a bench database, dropping and
recreating it, the demo's org tree and accounts, and timing a call. Each bench keeps what
is its own (its data, its peer, its figures)."""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def use_postgres(db: str) -> None:
    """Point Django at ``db`` on PostgreSQL, before it is imported."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "edugov.settings.test"
    os.environ["EDUGOV_DB"] = "postgres"
    os.environ["EDUGOV_PG_NAME"] = db


def recreate_database(db: str) -> None:
    """Drop and create ``db`` from the maintenance database — never a ``test*`` one:
    other people's test runs live there."""
    import psycopg

    if db.startswith("test") or db in ("postgres", "template0", "template1"):
        raise SystemExit(f"refusing to drop {db!r}")
    host = os.environ.get("EDUGOV_PG_HOST", "127.0.0.1")
    user = os.environ.get("EDUGOV_PG_USER", "postgres")
    with psycopg.connect(host=host, user=user, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')


def seed_org(schools: int = 0) -> None:
    """The city's tree, the demo's schools (1,797, or ``schools`` when more: the extra
    ones are branch schools of primary schools) and the demo's accounts; idempotent."""
    from django.db import transaction
    from django.utils import timezone

    from edugov.accounts.models import Role, RoleAssignment, User
    from edugov.demo.generator import DEMO_PASSWORD, _insert_tree, build_schools, demo_users
    from edugov.org.models import Unit, UnitKind
    from edugov.org.seed import seed_city

    with transaction.atomic():
        city = seed_city("nanchang")
        if not Unit.objects.filter(kind=UnitKind.SCHOOL).exists():
            units = build_schools(random.Random(2023), city)
            primaries = [u for u in units if u.institution_type == "primary"]
            for i, model in enumerate(primaries[: max(0, schools - len(units))]):
                units.append(
                    Unit(
                        kind=UnitKind.SCHOOL,
                        code=f"2136{900001 + i:06d}",
                        name=f"{model.name}分校",
                        parent=model.parent,
                        institution_type="primary",
                        ownership=model.ownership,
                        urban_rural=model.urban_rural,
                        enrolment=model.enrolment,
                    )
                )
            _insert_tree(units)
        roles = {r.code: r for r in Role.objects.all()}
        for username, display, role, unit in demo_users(city):
            if User.objects.filter(username=username).exists():
                continue
            user = User(
                username=username,
                display_name=display,
                unit=unit,
                must_change_password=False,
                password_changed_at=timezone.now(),
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            RoleAssignment.objects.create(user=user, role=roles[role])


def timed(fn, runs: int = 9) -> tuple[float, float, float]:
    """``fn`` run ``runs`` times: the first, the best and the median, in milliseconds."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times[0], min(times), statistics.median(times)


def print_rows(rows: list[tuple[str, str, str, str]], goal_width: int = 9) -> None:
    """(label, value, note, goal) rows, aligned."""
    width = max(len(r[0]) for r in rows)
    for label, value, note, goal in rows:
        print(f"  {label:<{width}}  {value:>9}  {goal:<{goal_width}}  {note}")
