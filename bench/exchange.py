"""A district's 200 school 教基 workbooks read and validated (issue 26: ≤ 60 s), beside
openpyxl and calamine reading the same files in-process without any check, in one process.

    .venv/bin/python bench/exchange.py            # 200 workbooks (100 小学, 100 初中)
    .venv/bin/python bench/exchange.py --n 50

The workbooks are built by the tests' builder (``exchange/tests/workbooks.py``) in the
2022 layout, one per school of a fresh 东湖区 (SQLite in memory, migrated first; not timed).
"edugov" is the statistics import's phase 1 per workbook — the sandboxed read of every
sheet, the layout's anchors, header and 合计 checks, then the registry's row checks, scope
and stored-row queries — and "edugov, both phases" the whole import, written.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edugov.settings.test")


def _world(n: int):
    from edugov.conftest import make_user
    from edugov.core.context import acting
    from edugov.org.models import Unit
    from edugov.org.seed import seed_city
    from edugov.org.services import unit_save

    with acting(None):
        seed_city("nanchang")
        donghu = Unit.objects.get(code="360102")
        schools = []
        for i in range(n):
            itype = "primary" if i % 2 == 0 else "junior"
            code = f"{'21' if itype == 'primary' else '31'}36{i:06d}"
            unit = Unit(kind="school", code=code, name=f"学校{i}", parent=donghu)
            unit.institution_type, unit.ownership, unit.enrolment = itype, "public", 800
            schools.append(unit_save(unit=unit))
        user = make_user("bench_officer", "district_admin", donghu)
    return user, schools


def _workbooks(schools, folder: str) -> list[str]:
    from edugov.exchange.tests.conftest import junior_facts, primary_facts
    from edugov.exchange.tests.workbooks import build_workbook

    paths = []
    for unit in schools:
        make = primary_facts if unit.institution_type == "primary" else junior_facts
        path = os.path.join(folder, f"{unit.code}.xlsx")
        with open(path, "wb") as fh:
            fh.write(build_workbook(make(unit.code)))
        paths.append(path)
    return paths


def _timed(fn, paths) -> float:
    start = time.perf_counter()
    for path in paths:
        fn(path)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    import openpyxl
    from django.core.management import call_command
    from python_calamine import CalamineWorkbook

    from edugov.core.context import acting
    from edugov.core.io.importer import ImportReport
    from edugov.exchange.importers import WorkbookStatisticsImporter

    call_command("migrate", verbosity=0)
    user, schools = _world(args.n)
    folder = tempfile.mkdtemp()
    paths = _workbooks(schools, folder)
    size = sum(os.path.getsize(p) for p in paths)
    sheets = 0

    def openpyxl_read(path):
        nonlocal sheets
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for ws in book.worksheets:
            sheets += 1
            for _row in ws.iter_rows(values_only=True):
                pass
        book.close()

    def calamine_read(path):
        book = CalamineWorkbook.from_path(path)
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()

    def validate(path):
        importer = WorkbookStatisticsImporter(user)
        with open(path, "rb") as fh:
            sheet = importer.open(fh, os.path.basename(path), os.path.getsize(path))
            report: ImportReport = importer.validate(sheet)
        assert report.ok, report.errors[:3]

    def run(path):
        with open(path, "rb") as fh:
            report = WorkbookStatisticsImporter(user).run(
                fh, os.path.basename(path), os.path.getsize(path)
            )
        assert report.ok and report.created == 1, report.errors[:3]

    with acting(user):
        validate(paths[0])  # the fork server's start, once per process
        peer = _timed(openpyxl_read, paths)
        calamine = _timed(calamine_read, paths)
        checked = _timed(validate, paths)
        both = _timed(run, paths)
    for p in paths:
        os.unlink(p)
    os.rmdir(folder)
    n = len(paths)
    print(f"{n} workbooks ({sheets // n} sheets each, {size / n / 1024:.1f} KB each)")
    print(
        f"  openpyxl read_only, every cell, no check: {peer:6.2f} s  ({peer / n * 1000:.0f} ms each)"
    )
    print(
        f"  calamine in-process, every sheet:        {calamine:6.2f} s  ({calamine / n * 1000:.0f} ms each)"
    )
    print(
        f"  edugov, read + validated (phase 1):      {checked:6.2f} s  ({checked / n * 1000:.0f} ms each)"
    )
    print(
        f"  edugov, both phases (written):           {both:6.2f} s  ({both / n * 1000:.0f} ms each)"
    )
    print(f"  budget 60 s: {'met' if checked <= 60 else 'MISSED'}")


if __name__ == "__main__":
    main()
