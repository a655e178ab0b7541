"""The analysis job on the demo exams, on numpy and on Spark: the stored results must be
equal field for field (issue 25).

    EDUGOV_DB=postgres EDUGOV_PG_NAME=edugov_load .venv/bin/python bench/exams_spark_app.py

Any database with the demo's exams (``make demo``, ``bench/load_data.py``). Each exam is
analysed by the job as configured for numpy, its rows and every candidate's ranks read
back, then analysed again with ``EDUGOV_EXAM_ENGINE=spark`` (``local[2]``) and compared.
The job rewrites the exam's results (the same ones): run it on a scratch database.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FIELDS = (
    "level", "unit_id", "class_name", "candidates", "mean_total", "city_rank",
    "district_rank", "stats", "reference", "bands", "items",
)  # fmt: skip


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edugov.settings.demo")
    import django

    django.setup()
    from django.conf import settings

    from edugov.academics.analysis import exam_analyse
    from edugov.academics.models import Candidate, Exam, UnitResult, ValueAddedResult
    from edugov.accounts.models import User
    from edugov.core.context import acting

    def stored(exam):
        rows = sorted(
            UnitResult.objects.filter(exam=exam).values_list(*FIELDS),
            key=lambda r: tuple(str(x) for x in r[:3]),
        )
        va = sorted(
            ValueAddedResult.objects.filter(exam=exam).values_list(
                "level",
                "unit_id",
                "class_name",
                "n",
                "mean",
                "ci_low",
                "ci_high",
                "slope",
                "intercept",
                "r2",
            ),
            key=lambda r: tuple(str(x) for x in r[:3]),
        )
        ranks = sorted(
            (pk, bytes(r))
            for pk, r in Candidate.objects.filter(exam=exam).values_list("pk", "ranks")
        )
        return rows, va, ranks

    admin = User.objects.filter(roles__code="city_admin", is_active=True).first()
    ok = True
    for exam in Exam.objects.order_by("pk"):
        results = {}
        for engine in ("numpy", "spark"):
            settings.EDUGOV_EXAM_ENGINE = engine
            settings.EDUGOV_SPARK_MASTER = "local[2]"
            t0 = time.perf_counter()
            with acting(admin):
                summary = exam_analyse(exam=exam)
            took = time.perf_counter() - t0
            results[engine] = stored(exam)
            print(
                f"{exam.name}: {summary['candidates']:,} candidates, {summary['results']:,} "
                f"result rows, {summary['value_added']:,} value-added rows; "
                f"{engine} job {took:.1f} s"
            )
        same = results["numpy"] == results["spark"]
        ok &= same
        print(f"  stored results equal: {same}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
