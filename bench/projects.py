"""Benchmark of the project ledger (issue 22) on PostgreSQL: the monthly city summary over
10 years of reports.

    EDUGOV_PG_NAME=h_projects .venv/bin/python bench/projects.py --fresh   # build, measure
    EDUGOV_PG_NAME=h_projects .venv/bin/python bench/projects.py           # measure again

``--fresh`` drops and recreates the database, migrates, seeds the demo's org tree and
accounts (``bench/safety.py``'s seeding), and bulk-inserts 170 projects (plan years
2014–2023, each reporting monthly from its start) with their seven milestones and about
20,000 project-months of reports, payments split over the five funding sources.

Measured in this process (no network; "server time" = the Django test client's request
through every middleware and the template):

1. the summary page of December 2023 for the city admin — goal ≤ 300 ms; its .docx and
   .xlsx;
2. the selector alone (``selectors.city_summary``), and beside it a naive peer that sums
   each project's reports one project at a time (the district sheets' roll-up), checked
   to give the same totals to the fen.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from _common import print_rows, recreate_database, seed_org, timed, use_postgres  # noqa: E402

SEED = 22
PROJECTS = 170
MONTH = dt.date(2023, 12, 1)


def build() -> None:
    from edugov.org.models import Unit, UnitKind
    from edugov.projects.models import (
        SOURCE_CODES,
        ProgressReport,
        Project,
        ProjectMilestone,
        Stage,
    )

    rng = random.Random(SEED)
    schools = list(Unit.objects.filter(kind=UnitKind.SCHOOL).order_by("pk")[:600])
    t0 = time.perf_counter()
    projects = Project.objects.bulk_create(
        [
            Project(
                code=f"B{i:04d}",
                name=f"基准项目{i}",
                kind=("livelihood", "new_build", "weak_link")[i % 3],
                year=2014 + i % 10,
                unit=rng.choice(schools),
                places_primary=rng.choice((0, 540, 900)),
                **{f"budget_{s}": Decimal(rng.randrange(10**6, 10**8)) for s in SOURCE_CODES},
            )
            for i in range(PROJECTS)
        ]
    )
    milestones, reports = [], []
    for p in projects:
        start = dt.date(p.year, 1, 1)
        for k, stage in enumerate(Stage.values):
            milestones.append(
                ProjectMilestone(project=p, stage=stage, planned=start + dt.timedelta(days=60 * k))
            )
        y, m = 2014, 1 + p.pk % 12  # ten years of months, starts staggered by a few
        months = []
        while (y, m) <= (2023, 12):
            months.append(dt.date(y, m, 1))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        for i, month in enumerate(months):
            reports.append(
                ProgressReport(
                    project=p,
                    month=month,
                    percent=Decimal(min(100, i)),
                    delayed=rng.random() < 0.05,
                    delay_reason="雨季停工",
                    **{
                        f"paid_{s}": (getattr(p, f"budget_{s}") / 200).quantize(Decimal("0.01"))
                        for s in SOURCE_CODES
                    },
                )
            )
    ProjectMilestone.objects.bulk_create(milestones, batch_size=5000)
    ProgressReport.objects.bulk_create(reports, batch_size=5000)
    print(
        f"  {len(projects)} projects, {len(reports):,} project-months in "
        f"{time.perf_counter() - t0:.1f} s"
    )


def naive(user) -> Decimal:
    """The peer: each project's paid-to-date read one project at a time."""
    from django.db.models import Sum

    from edugov.projects.models import SOURCE_CODES, ProgressReport, Project

    total = Decimal(0)
    for p in Project.objects.visible_to(user, "view"):
        row = ProgressReport.objects.filter(project=p, month__lte=MONTH).aggregate(
            **{s: Sum(f"paid_{s}") for s in SOURCE_CODES}
        )
        total += sum((row[s] or Decimal(0) for s in SOURCE_CODES), Decimal(0))
    return total


def measure() -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from edugov.accounts.models import User
    from edugov.conftest import session_login
    from edugov.projects.models import ProgressReport
    from edugov.projects.selectors import city_summary

    settings.EDUGOV_TODAY = dt.date(2023, 12, 20)
    print(f"project-months: {ProgressReport.objects.count():,}")
    user = User.objects.get(username="city_admin")
    client = session_login(Client(), user)
    rows = []
    for label, params, goal in (
        ("summary page, city admin", {"month": "2023-12"}, "≤ 300 ms"),
        ("summary .docx", {"month": "2023-12", "format": "docx"}, "—"),
        ("summary .xlsx", {"month": "2023-12", "format": "xlsx"}, "—"),
    ):
        url = reverse("projects:summary")

        def get(params=params, url=url):
            assert client.get(url, params).status_code == 200

        queries: list[str] = []

        def count(execute, sql, p, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, p, many, context)

        with connection.execute_wrapper(count):
            get()
        first, best, median = timed(get)
        rows.append(
            (
                label,
                f"{median:.0f} ms",
                f"best {best:.0f}, first {first:.0f}; {len(queries)} queries",
                goal,
            )
        )
    summary = city_summary(user, month=MONTH)
    first, best, median = timed(lambda: city_summary(user, month=MONTH))
    rows.append(
        ("city_summary (selector)", f"{median:.1f} ms", f"{summary.total.projects} projects", "—")
    )
    peer = naive(user)
    assert peer == summary.total.paid, (peer, summary.total.paid)
    first, best, median = timed(lambda: naive(user), runs=3)
    rows.append(
        ("naive peer (project by project)", f"{median:.1f} ms", "same total to the fen", "—")
    )
    print_rows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("EDUGOV_PG_NAME", "h_projects"))
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    args = parser.parse_args()
    use_postgres(args.db)
    if args.fresh:
        recreate_database(args.db)
    import django

    django.setup()
    from django.core.management import call_command

    from edugov.core.context import acting

    if args.fresh:
        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        with acting(None):
            seed_org(1800)
            print(f"migrated and seeded the org tree in {time.perf_counter() - t0:.1f} s")
            build()
    with acting(None):
        measure()


if __name__ == "__main__":
    main()
