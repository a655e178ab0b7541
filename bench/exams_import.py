"""Score import at city scale: N candidates × 9 subjects through the real import path.

Times the two phases of ``academics.importers.scores_import`` (validate the whole CSV,
then write it in one transaction) and the analysis job that follows, on the database
the settings point at, and prints the peak RSS. It needs the demo org tree (any
database where ``make demo`` ran; a scratch copy keeps the demo intact):

    cp var/dev.sqlite3 /tmp/bench.sqlite3
    EDUGOV_SQLITE_PATH=/tmp/bench.sqlite3 .venv/bin/python bench/exams_import.py --n 1000000

The exam it creates is deleted at the end (``--keep`` keeps it).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import resource
import sys
import time
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edugov.settings.dev")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

from edugov.academics import importers  # noqa: E402
from edugov.academics.analysis import exam_analyse  # noqa: E402
from edugov.academics.importers import ScoreImport, _rows  # noqa: E402
from edugov.academics.models import Exam  # noqa: E402
from edugov.academics.services import SubjectSpec, exam_clear_scores, exam_save  # noqa: E402
from edugov.accounts.models import User  # noqa: E402
from edugov.core.context import acting  # noqa: E402
from edugov.org.models import Unit, UnitKind  # noqa: E402

SUBJECTS = [("语文", 120, True), ("数学", 120, False), ("英语", 120, True), ("物理", 100, False),
            ("化学", 70, False), ("道德与法治", 60, False), ("历史", 60, False),
            ("地理", 60, False), ("生物", 40, False)]  # fmt: skip


def make_csv(n: int, schools: list[str], seed: int = 7) -> bytes:
    rng = np.random.default_rng(seed)
    school = rng.integers(0, len(schools), n)
    klass = rng.integers(1, 21, n)
    ability = rng.normal(0, 1, n)
    cols = []
    for _name, full, half in SUBJECTS:
        rate = 1 / (1 + np.exp(-(0.9 * ability + rng.normal(0.4, 0.4, n))))
        step = 2 if half else 1
        cols.append(np.round(rate * full * step) / step)
    marks = np.column_stack(cols)
    absent = rng.random(marks.shape) < 0.01
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["考号", "学籍号", "学校标识码", "班级", *[s[0] for s in SUBJECTS]])
    for i in range(n):
        row = [f"{i:09d}", f"J3601{i:014d}", schools[school[i]], f"{klass[i]}班"]
        row += ["缺考" if absent[i, j] else f"{marks[i, j]:g}" for j in range(len(SUBJECTS))]
        w.writerow(row)
    return buf.getvalue().encode()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    city = Unit.objects.get(kind=UnitKind.CITY)
    schools = list(
        Unit.objects.filter(
            kind=UnitKind.SCHOOL, institution_type__in=["junior", "nine_year", "complete_secondary"]
        ).values_list("code", flat=True)  # fmt: skip
    )
    user = User.objects.get(username="city_admin")
    print(f"{args.n:,} candidates × 9 subjects over {len(schools)} schools")
    t = time.perf_counter()
    content = make_csv(args.n, schools)
    print(f"generate CSV ({len(content) / 2**20:.0f} MB)        {time.perf_counter() - t:7.1f} s")
    importers.MAX_BYTES = max(importers.MAX_BYTES, len(content) + 1)
    with acting(user):
        exam = exam_save(
            exam=Exam(name=f"bench {args.n}", date=dt.date(2026, 6, 20), grade=9, owner=city),
            subjects=[SubjectSpec(n, Decimal(f), h) for n, f, h in SUBJECTS],
        )
        job = ScoreImport(exam, user)
        c0 = time.process_time()
        t0 = time.perf_counter()
        rows, estimate = _rows(io.BytesIO(content), "scores.csv", len(content))
        job.validate(rows, estimate, lambda *a: None)
        t1 = time.perf_counter()
        assert not job.report.errors, job.report.errors[:3]
        c1 = time.process_time()
        print(f"phase 1: read and validate         {t1 - t0:7.1f} s  (cpu {c1 - c0:.1f} s)")
        job.commit(file_name="scores.csv", file_hash="bench", progress=lambda *a: None)
        t2 = time.perf_counter()
        c2 = time.process_time()
        print(
            f"phase 2: encrypt and insert        {t2 - t1:7.1f} s  (cpu {c2 - c1:.1f} s, "
            f"{job.report.created:,} rows)"
        )
        exam.refresh_from_db()
        summary = exam_analyse(exam=exam)
        t3 = time.perf_counter()
        c3 = time.process_time()
        print(
            f"analysis job                       {t3 - t2:7.1f} s  (cpu {c3 - c2:.1f} s) {summary}"
        )
        print(f"total                              {t3 - t0:7.1f} s  (cpu {c3 - c0:.1f} s)")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS                           {rss:7.0f} MB")
        if not args.keep:
            exam_clear_scores(exam=exam)
            exam.delete()


if __name__ == "__main__":
    main()
