"""Build the load-test database: the Nanchang demo on PostgreSQL, scaled to 1M students.

    .venv/bin/python bench/load_data.py --fresh [--students 1000000] [--db edugov_load]

Steps: (with ``--fresh``) drop and recreate the database, ``migrate``, ``load_demo``;
then spread the students over the demo's primary, junior, nine-year, complete-secondary
and senior schools in proportion to their enrolment, write them with one ``COPY`` (rows
built in batches of 20,000, encrypted in worker processes while the COPY streams), then
``VACUUM ANALYZE``. Prints the time of each step and the database size.

Every row is valid as the app sees it:

* the ID number has a district area code (the school's district; a zone's legal district;
  a random district for a city-run school), a birth date that fits the grade and a GB 11643
  check character from ``engines.codes.id_check_char``; the 学籍号 is "G" + the ID number;
* birth date, sex and both blind indexes come from ``students.models.derived_fields``, the
  function ``Student.clean`` itself uses, and any error it reports aborts the build;
* personal fields are encrypted with the model field's own ``get_prep_value``, so the
  stored envelope is exactly what a ``save()`` writes.

The plaintext is deterministic (fixed seed, fixed school year); the ciphertext is not,
because every envelope has a random nonce, as in the app.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# The generator is shared with ``make demo`` (edugov/demo/students.py).
from edugov.demo.students import (  # noqa: E402
    GRADES,
    SCHOOL_YEAR,
    area_codes,
    plaintext_batches,
)

BATCH = 20_000


def _env(db: str) -> None:
    """Point Django at the load database before it is imported."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "edugov.settings.demo"
    os.environ["EDUGOV_DB"] = "postgres"
    os.environ["EDUGOV_PG_NAME"] = db


def recreate_database(db: str, host: str, user: str) -> None:
    """Drop and create ``db`` from the maintenance database (never a test_* one: other
    people's test runs live there)."""
    import psycopg

    if db.startswith("test") or db in ("postgres", "template0", "template1"):
        raise SystemExit(f"refusing to drop {db!r}")
    with psycopg.connect(host=host, user=user, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')


def school_shares(total: int) -> list[tuple[Any, int]]:
    """(school, student count) for every school with 学籍 grades, proportional to its
    enrolment, largest remainder so the counts add up to ``total`` exactly."""
    from edugov.org.models import Unit, UnitKind

    schools = list(
        Unit.objects.filter(kind=UnitKind.SCHOOL, institution_type__in=list(GRADES))
        .select_related("parent", "parent__legal_district")
        .order_by("pk")
    )
    weight = sum(s.enrolment or 0 for s in schools)
    exact = [total * (s.enrolment or 0) / weight for s in schools]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(schools)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return list(zip(schools, counts, strict=True))


_FIELDS: dict[str, Any] = {}


def _init_worker(db: str) -> None:
    """Pool initializer: Django configured, the encrypted fields looked up once."""
    _env(db)
    import django

    django.setup()
    from edugov.students.models import Student

    for name in Student.personal_fields:
        _FIELDS[name] = Student._meta.get_field(name)


def encrypt_batch(args: tuple[list[tuple], list[str], dt.datetime]) -> list[tuple]:
    """Plaintext rows -> COPY rows in ``columns`` order, derived and encrypted the way
    ``Student.clean`` and ``EncryptedTextField`` do it."""
    from edugov.students.models import derived_fields

    plain, columns, stamp = args
    out: list[tuple] = []
    for school_id, idn, grade, klass, status, name, guardian, phone, address in plain:
        values, errors = derived_fields(
            student_number="G" + idn, id_number=idn, birth_date=None, sex=""
        )
        if errors:
            raise ValueError(f"generated an invalid student: {sorted(errors)}")
        row: dict[str, Any] = {
            **values,
            "school_id": school_id,
            "name": name,
            "grade": grade,
            "class_name": klass,
            "guardian_name": guardian,
            "guardian_phone": phone,
            "home_address": address,
            "status": status,
            "created_at": stamp,
            "updated_at": stamp,
        }
        for field_name, field in _FIELDS.items():
            row[field.column] = field.get_prep_value(row[field_name])
        out.append(tuple(row[c] for c in columns))
    return out


def copy_columns() -> list[str]:
    """Every concrete column but the primary key, from the model itself, so a column
    added to ``Student`` makes this script fail loudly instead of writing a NULL."""
    from edugov.students.models import Student

    return [f.column for f in Student._meta.concrete_fields if not f.primary_key]


def load_students(
    db: str, total: int, batch: int, workers: int, skip: frozenset = frozenset()
) -> int:
    """Generate, encrypt (in ``workers`` processes) and COPY ``total`` students, leaving
    out any whose ID number is in ``skip`` (the demo's own students: same generator)."""
    from django.db import connection

    from edugov.students.models import Student

    columns = copy_columns()
    known = {
        "school_id",
        "student_number",
        "student_number_index",
        "name",
        "id_number",
        "id_number_index",
        "birth_date",
        "sex",
        "grade",
        "class_name",
        "guardian_name",
        "guardian_phone",
        "home_address",
        "status",
        "created_at",
        "updated_at",
    }
    if set(columns) - known:
        raise SystemExit(
            f"Student has new columns this script does not fill: {set(columns) - known}"
        )
    stamp = dt.datetime(SCHOOL_YEAR, 9, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    table = Student._meta.db_table
    col_sql = ", ".join(f'"{c}"' for c in columns)
    written = 0
    by_parent, districts = area_codes()
    shares = school_shares(total)
    print(f"  {len(shares)} schools, {sum(1 for _, n in shares if n)} with students")
    batches = (
        ([r for r in plain if r[1] not in skip], columns, stamp)
        for plain in plaintext_batches(shares, by_parent, districts, batch)
    )
    # fork: the workers inherit the configured Django and never touch the database.
    connection.close()
    ctx = mp.get_context("fork")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(db,)) as pool:
        connection.ensure_connection()
        raw = connection.connection
        # One COPY statement: atomic on its own, and no per-row round trip.
        copy_sql = f'COPY "{table}" ({col_sql}) FROM STDIN'
        with raw.cursor() as cur, cur.copy(copy_sql) as copy:
            # imap keeps the order (the ids follow the schools) while the workers
            # encrypt the next batches during the COPY of this one.
            for rows in pool.imap(encrypt_batch, batches):
                for r in rows:
                    copy.write_row(r)
                written += len(rows)
                print(f"\r  {written:>9,} students", end="", flush=True)
    print()
    return written


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", default="edugov_load")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--user", default="postgres")
    p.add_argument("--students", type=int, default=1_000_000)
    p.add_argument("--batch", type=int, default=BATCH)
    p.add_argument("--workers", type=int, default=max(os.cpu_count() or 1, 1))
    p.add_argument("--fresh", action="store_true", help="drop and recreate the database first")
    args = p.parse_args(argv)
    _env(args.db)
    os.environ["EDUGOV_PG_HOST"] = args.host
    os.environ["EDUGOV_PG_USER"] = args.user

    t0 = time.perf_counter()
    if args.fresh:
        recreate_database(args.db, args.host, args.user)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from edugov.core.context import acting
    from edugov.students.models import Student

    call_command("migrate", "--no-input", verbosity=0)
    with acting(None):
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    t_demo = time.perf_counter()
    # load_demo writes a few thousand students itself (edugov/demo/students.py, which
    # other demo modules read); the bulk load comes on top, up to --students in all,
    # without the ID numbers the demo already used (the generator is the same).
    demo = frozenset(Student.objects.values_list("id_number", flat=True))
    if not args.fresh and len(demo) > 10_000:
        raise SystemExit("students already loaded: run with --fresh to rebuild")

    written = load_students(args.db, args.students - len(demo), args.batch, args.workers, skip=demo)
    t_copy = time.perf_counter()
    with connection.cursor() as cur:
        # VACUUM as well as ANALYZE: a freshly COPYed table has an empty visibility map,
        # so no index-only scan is possible until autovacuum gets round to it, possibly in
        # the middle of a load run. Measure the steady state instead.
        cur.execute("VACUUM ANALYZE")
    t_end = time.perf_counter()

    from edugov.audit.services import audit_record

    with acting(None):
        # The bulk load bypasses the services; one event says so, keeping the chain whole.
        audit_record("bench.load_data", detail=f"{written} students (bench/load_data.py)")
    with connection.cursor() as cur:
        cur.execute("SELECT pg_size_pretty(pg_database_size(%s))", [args.db])
        size = cur.fetchone()[0]
    print(f"demo (migrate + load_demo): {t_demo - t0:7.1f} s")
    print(f"students ({written:,}, encrypt + COPY): {t_copy - t_demo:7.1f} s")
    print(f"VACUUM ANALYZE: {t_end - t_copy:7.1f} s")
    print(f"total: {t_end - t0:7.1f} s   database {args.db}: {size}")


if __name__ == "__main__":
    main()
