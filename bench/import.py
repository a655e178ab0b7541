"""The generic importer at scale (issue 14): students and annual statistics through
``Importer.run`` — the sandboxed reader, both phases, one transaction — beside the
previous importer (``core/io/importer.py`` and module importers as of ``PREVIOUS``, read out of
git into a temporary module at bench time, so no copy of the old code lives in the app).

    .venv/bin/python bench/import.py                    # 100k rows, SQLite and PostgreSQL
    .venv/bin/python bench/import.py --db sqlite --n 20000 --no-old
    .venv/bin/python bench/import.py --memory           # peak RSS, 100k vs 1M statistics

Each measurement runs in a child process of its own (``--child``), on a fresh database
(SQLite in memory; PostgreSQL database ``bench_importer_<pid>`` on 127.0.0.1, dropped
after), so its max RSS is the import's peak. Queries are counted with
``connection.execute_wrapper`` (an ``executemany`` is one; PostgreSQL's COPY, one per
chunk, is not seen by Django and is added as one per chunk of new rows).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

YEARS = 100  # statistics rows per school: 2000 … 2099
#: The importer before issue 14 (the commit before the chunked importer landed).
PREVIOUS = "9ba0f0b"


def _child_env(db: str, name: str) -> dict[str, str]:
    # A million statistics rows are a ~150 MB CSV: over the default 50 MB upload limit,
    # which a bureau importing such files raises the same way.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "edugov.settings.test",
        "EDUGOV_IMPORT_MAX_BYTES": str(1024**3),
    }
    if db == "postgres":
        env.update(EDUGOV_DB="postgres", EDUGOV_PG_NAME=name)
    return env


def _old_importers():
    """main's importer and the two module importers built on it, as modules of their
    own (their registry decorator made a no-op so the app's registry stays intact)."""

    def show(path: str) -> str:
        return subprocess.run(
            ["git", "show", f"{PREVIOUS}:{path}"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    core = types.ModuleType("old_importer")
    core.__package__ = "edugov.core.io"  # its relative imports (readers) resolve to today's
    sys.modules["old_importer"] = core  # before exec: its dataclasses look themselves up
    # ``can_write`` was the old name of ``can`` (same signature), removed in issue 14.
    old_core = show("edugov/core/io/importer.py").replace(
        "from edugov.core.scoping import can_write",
        "from edugov.core.scoping import can as can_write",
    )
    exec(compile(old_core, "old_importer.py", "exec"), core.__dict__)
    out = {}
    for kind, path, cls in (
        ("students", "edugov/students/importers.py", "StudentImporter"),
        ("statistics", "edugov/registry/importers.py", "StatisticsImporter"),
    ):
        src = show(path).replace("from edugov.core.io.importer import", "from old_importer import")
        src = src.replace(
            "from edugov.core.io.registry import register_importer",
            "register_importer = lambda name: (lambda cls: cls)  # noqa: E731",
        )
        mod = types.ModuleType(f"old_{kind}")
        mod.__package__ = path.rsplit("/", 1)[0].replace("/", ".")
        sys.modules[mod.__name__] = mod
        exec(compile(src, f"old_{kind}.py", "exec"), mod.__dict__)
        out[kind] = getattr(mod, cls)
    return out


def _students_csv(n: int, codes: list[str], path: str) -> None:
    from edugov.engines.codes.checksums import id_check_char

    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        from edugov.students.importers import StudentImporter

        w.writerow([c.field for c in StudentImporter.columns])
        born = dt.date(2008, 9, 1)
        for i in range(n):
            first17 = f"360102{born + dt.timedelta(days=i // 1000):%Y%m%d}{i % 1000:03d}"
            idn = first17 + id_check_char(first17)
            w.writerow(
                ["G" + idn, "张小明", idn, "", "", codes[i % len(codes)], str(1 + i % 9),
                 f"{i % 20}班", "张大明", "13800000000", "东湖区八一大道 1 号", "在读"]
            )  # fmt: skip


def _statistics_csv(n: int, codes: list[str], path: str) -> None:
    from edugov.registry.importers import StatisticsImporter

    header = [c.field for c in StatisticsImporter.columns]
    fixed = {
        "g1": "45", "g2": "44", "classes_primary": "2", "max_class_size_primary": "45",
        "class_sizes_primary": "45,44", "teachers": "6", "teachers_bachelor": "5",
        "teachers_associate": "1", "teachers_pe": "1", "floor_area": "1200.5",
        "class_sizes_junior": "",
    }  # fmt: skip
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for i in range(n):
            row = {**fixed, "school_code": codes[i // YEARS], "year": str(2000 + i % YEARS)}
            w.writerow([row.get(h, "0") for h in header])


def _world(schools: int):
    """The cast's city and a district officer, plus ``schools`` schools in 东湖区 made
    in bulk (their tree path set by one UPDATE)."""
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    from edugov.conftest import make_user
    from edugov.core.context import acting
    from edugov.org.models import Unit, UnitKind
    from edugov.org.seed import seed_city

    with acting(None):
        seed_city("nanchang")
        donghu = Unit.objects.get(code="360102")
        Unit.objects.bulk_create(
            Unit(kind=UnitKind.SCHOOL, code=f"21{i:08d}", name=f"学校{i}", parent=donghu,
                 institution_type="primary", ownership="public", path="/pending/",
                 depth=donghu.depth + 1)
            for i in range(schools)
        )  # fmt: skip
        Unit.objects.filter(path="/pending/").update(
            path=Concat(Value(donghu.path), Cast("pk", CharField()), Value("/"))
        )
        user = make_user("bench_officer", "district_admin", donghu)
    return user, [f"21{i:08d}" for i in range(schools)]


def child(args) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from edugov.core.context import acting

    call_command("migrate", verbosity=0)
    schools = max(1, -(-args.n // YEARS)) if args.kind == "statistics" else 200
    user, codes = _world(schools)
    path = tempfile.mkstemp(suffix=".csv")[1]
    (_students_csv if args.kind == "students" else _statistics_csv)(args.n, codes, path)
    if args.algo == "old":
        cls = _old_importers()[args.kind]
    elif args.kind == "students":
        from edugov.students.importers import StudentImporter as cls
    else:
        from edugov.registry.importers import StatisticsImporter as cls
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    size = os.path.getsize(path)
    start, cpu = time.perf_counter(), time.process_time()
    with open(path, "rb") as fh, acting(user), connection.execute_wrapper(counter):
        report = cls(user).run(fh, "bench.csv", size)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    os.unlink(path)
    assert report.ok and report.created == args.n, report.errors[:3]
    copies = -(-args.n // 1000) if connection.vendor == "postgresql" and args.algo == "new" else 0
    print(json.dumps({
        "wall": wall, "cpu": cpu, "queries": count[0] + copies, "rows": args.n,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))  # fmt: skip


def run_child(db: str, kind: str, algo: str, n: int) -> dict:
    name = f"bench_importer_{os.getpid()}"
    if db == "postgres":
        subprocess.run(["dropdb", "-h", "127.0.0.1", "--if-exists", name], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", name], check=True)
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", "--db", db, "--kind", kind, "--algo", algo,
             "--n", str(n)],
            env=_child_env(db, name), capture_output=True, text=True, check=False,
        )  # fmt: skip
    finally:
        if db == "postgres":
            subprocess.run(["dropdb", "-h", "127.0.0.1", "--if-exists", name], check=False)
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--child", action="store_true")
    ap.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--kind", choices=["students", "statistics", "both"], default="both")
    ap.add_argument("--algo", choices=["new", "old"], default="new")
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--no-old", action="store_true", help="skip the previous importer")
    ap.add_argument("--memory", action="store_true", help="peak RSS, n vs 10 n statistics")
    args = ap.parse_args()
    if args.child:
        child(args)
        return
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f}, {os.cpu_count()} CPUs")
    if args.memory:
        for n in (args.n, args.n * 10):
            r = run_child("sqlite" if args.db == "both" else args.db, "statistics", "new", n)
            print(f"statistics {n:>9,} rows: {r['wall']:7.1f} s, peak RSS {r['maxrss_mb']:6.0f} MB")
        return
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    kinds = ["students", "statistics"] if args.kind == "both" else [args.kind]
    algos = ["new"] if args.no_old else ["new", "old"]
    print(
        f"{'db':9} {'kind':10} {'rows':>8} {'algo':4} {'wall s':>8} {'cpu s':>7} {'q/1000':>8} {'peak MB':>8}"
    )
    for db in dbs:
        for kind in kinds:
            for algo in algos:
                r = run_child(db, kind, algo, args.n)
                print(
                    f"{db:9} {kind:10} {args.n:>8,} {algo:4} {r['wall']:8.1f} {r['cpu']:7.1f} "
                    f"{r['queries'] * 1000 / r['rows']:8.1f} {r['maxrss_mb']:8.0f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
