"""Benchmark of 平安校园 (issue 17) on PostgreSQL: 1,800 schools × 12 monthly
inspections × 60 checklist items.

    EDUGOV_PG_NAME=h_safety .venv/bin/python bench/safety.py --fresh   # build, then measure
    EDUGOV_PG_NAME=h_safety .venv/bin/python bench/safety.py           # measure again

``--fresh`` drops and recreates the database, migrates, seeds the demo's org tree (its
1,797 institutions, plus 3 so that there are 1,800) and accounts, imports nothing by
hand but bulk-inserts (COPY) what a year of use leaves: one 60-item checklist version,
a monthly self-check plan, 21,600 inspections (one per school and month of 2023, 92 % of
schools on time in December), 1,296,000 results, and a hazard with its
``safety_hazard`` case for each failed item (1.5 % of items): levels 80 / 17 / 3 %
一般 / 较大 / 重大, deadlines from the level on the working-day calendar, older ones
reported, re-checked and struck off, some overdue.

Measured in this process (no network; "server time" = the Django test client's request
through every middleware and the template), at 2023-12-20 09:00:

1. the district dashboard (东湖区 admin, and 进贤县 admin) — goal ≤ 200 ms;
2. the city dashboard; the hazard list (东湖区, overdue filter); the plan page (late
   schools);
3. beside them, a naive peer computing the same district figures school by school (a
   query per school for its hazards and one for its inspections, then Python), the way
   the bureau's spreadsheet roll-up works — same process, same data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import time
import uuid
from zoneinfo import ZoneInfo

from _common import print_rows, recreate_database, seed_org, timed, use_postgres  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2023, 12, 20, 9, 0, tzinfo=TZ)
SEED = 17
ITEMS = 60
FAIL_RATE = 0.015
SCHOOLS = 1800


def build() -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from edugov.accounts.models import User
    from edugov.casework.calendar import current_calendar
    from edugov.casework.deadlines import due
    from edugov.casework.models import Case, CaseCounter
    from edugov.core.io.bulk import bulk_insert
    from edugov.org.models import Unit, UnitKind
    from edugov.safety.casetypes import deadlines
    from edugov.safety.models import (
        ChecklistItem,
        Hazard,
        Inspection,
        InspectionPlan,
        InspectionResult,
        Topic,
    )
    from edugov.safety.services import supervising_unit_for

    rng = random.Random(SEED)
    calendar = current_calendar()
    city = Unit.objects.get(kind=UnitKind.CITY)
    admin = User.objects.get(username="city_admin")
    topics = [t for t in Topic.values if t != "other"]
    levels = ["general"] * 80 + ["serious"] * 17 + ["major"] * 3
    items = ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(
                unit=city,
                checklist="AQ",
                version=1,
                title="学校安全综合检查表",
                topic=topics[i % len(topics)],
                code=f"AQ-{i + 1:02d}",
                text=f"安全检查项第{i + 1}项",
                level=rng.choice(levels),
                position=i,
            )
            for i in range(ITEMS)
        ]
    )
    InspectionPlan.objects.create(unit=city, title="2023年学校每月安全自查", checklist="AQ")
    for d in Unit.objects.filter(kind__in=[UnitKind.DISTRICT, UnitKind.ZONE]):
        InspectionPlan.objects.create(unit=d, title=f"{d.name}每月安全自查", checklist="AQ")
    schools = list(Unit.objects.filter(kind=UnitKind.SCHOOL).order_by("pk"))
    principal = {s.pk: admin for s in schools}  # who recorded it does not matter here
    t0 = time.perf_counter()
    inspections = []
    for s in schools:
        for month in range(1, 13):
            if month == 12 and rng.random() < 0.08:
                continue  # late this month
            day = rng.randint(3, 19 if month == 12 else 25)
            inspections.append(
                (
                    uuid.uuid4(),
                    s.pk,
                    "self",
                    None,
                    "AQ",
                    1,
                    dt.date(2023, month, day),
                    None,
                    None,
                    "",
                    ITEMS,
                    0,
                    principal[s.pk].pk,
                )
            )
    bulk_insert(
        Inspection,
        [
            "key",
            "school",
            "kind",
            "plan",
            "checklist",
            "version",
            "date",
            "latitude",
            "longitude",
            "note",
            "items",
            "failed",
            "inspected_by",
        ],
        inspections,
    )
    ids = list(Inspection.objects.order_by("pk").values_list("pk", "school_id", "date"))
    failed: list[tuple[int, int, int, dt.date]] = []
    per_inspection: dict[int, int] = {}

    def results():
        for pk, school, day in ids:
            for item in items:
                ok = rng.random() >= FAIL_RATE
                if not ok:
                    failed.append((pk, item.pk, school, day))
                    per_inspection[pk] = per_inspection.get(pk, 0) + 1
                yield (pk, item.pk, ok, "" if ok else "现场发现问题")

    bulk_insert(InspectionResult, ["inspection", "item", "passed", "note"], results())
    print(
        f"  {len(ids):,} inspections, {len(ids) * ITEMS:,} results in {time.perf_counter() - t0:.1f} s"
    )
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE safety_inspection SET failed = r.n FROM (SELECT inspection_id, count(*) n "
            "FROM safety_inspectionresult WHERE NOT passed GROUP BY inspection_id) r "
            "WHERE safety_inspection.id = r.inspection_id"
        )
    result_ids = {
        (i, it): pk
        for pk, i, it in InspectionResult.objects.filter(passed=False).values_list(
            "pk", "inspection_id", "item_id"
        )
    }
    by_item = {i.pk: i for i in items}
    units = {s.pk: s for s in schools}
    district_of = {}
    hazards, cases = [], []
    seq: dict[int, int] = {}
    hazard_ct = ContentType.objects.get_for_model(Hazard)
    limits = deadlines()
    for pk, item_id, school, day in failed:
        item = by_item[item_id]
        s = units[school]
        if s.parent_id not in district_of:
            district_of[s.parent_id] = supervising_unit_for(s)
        opened = dt.datetime.combine(day, dt.time(10, 0), TZ)
        due_at = due(limits[item.level], opened, calendar)
        seq[school] = seq.get(school, 0) + 1
        age = (NOW - opened).days
        case = Case(
            case_type="safety_hazard",
            number=f"隐患〔2023〕第{seq[school]}号",
            year=2023,
            seq=seq[school],
            unit_id=school,
            title=f"{s.name}：{item.text}",
            state="rectifying",
            lead_unit_id=school,
            supervising_unit=district_of[s.parent_id],
            school_id=school,
            subject_type=hazard_ct,
            subject_label=f"{day} {s.name} {item.code}",
            opened_by=admin,
            opened_at=opened,
            clock_started_at=opened,
            due_at=due_at,
            state_entered_at=opened,
            attrs={"level": item.level, "topic": item.topic, "item": f"AQ/{item.code}"},
        )
        r = rng.random()
        if age > 40 or (age > 10 and r < 0.7):
            taken = rng.choice([2, 3, 4, 6, 8, 12, 16, 25])
            closed = due(f"{taken} 个工作日", opened, calendar).replace(hour=16, minute=0, second=0)
            closed = min(closed, NOW - dt.timedelta(hours=2))
            case.closed_at = closed
            case.working_days = calendar.workdays_between(opened.date(), closed.date())
            case.on_time = closed <= due_at
            case.outcome = "已整改"
            case.state = "closed" if age > 25 or r < 0.4 else rng.choice(["reported", "rechecked"])
            case.is_open = case.state != "closed"
        case.deadline_at = due_at if case.closed_at is None else None
        cases.append(case)
        hazards.append(
            Hazard(
                school_id=school,
                level=item.level,
                topic=item.topic,
                description=f"{item.text}：现场发现问题",
                found_on=day,
                found_by=admin,
                inspection_id=pk,
                result_id=result_ids[(pk, item_id)],
            )
        )
    Hazard.objects.bulk_create(hazards, batch_size=5000)
    for case, hazard in zip(cases, hazards, strict=True):
        case.subject_id = hazard.pk
    Case.objects.bulk_create(cases, batch_size=5000)
    for case, hazard in zip(cases, hazards, strict=True):
        hazard.case = case
    Hazard.objects.bulk_update(hazards, ["case"], batch_size=5000)
    CaseCounter.objects.bulk_create(
        [
            CaseCounter(case_type="safety_hazard", year=2023, unit_id=u, last=n)
            for u, n in seq.items()
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  {len(cases):,} hazards with their cases in {time.perf_counter() - t0:.1f} s")


def naive_district(user) -> dict:
    """The peer: the district's figures school by school, as a roll-up of each school's
    sheet would be made (one query per school for its hazards, one for its inspections)."""
    from edugov.core import clock
    from edugov.org.models import Unit, UnitKind
    from edugov.safety.models import Hazard, Inspection

    now, today = clock.now(), clock.today()
    first = today.replace(day=1)
    out = {"total": 0, "open": 0, "overdue": 0, "struck": 0, "done": 0, "schools": 0}
    for school in Unit.objects.filter(
        path__startswith=user.unit.path, kind=UnitKind.SCHOOL, is_active=True
    ):
        out["schools"] += 1
        for h in Hazard.objects.filter(school=school).select_related("case"):
            out["total"] += 1
            out["open"] += h.case.is_open
            out["overdue"] += bool(
                h.case.is_open and h.case.deadline_at and h.case.deadline_at < now
            )
            out["struck"] += h.case.state == "closed"
        out["done"] += Inspection.objects.filter(school=school, date__gte=first).exists()
    return out


def measure() -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from edugov.accounts.models import User
    from edugov.conftest import session_login
    from edugov.safety.models import Hazard, Inspection, InspectionPlan, InspectionResult
    from edugov.safety.selectors import hazard_figures

    settings.EDUGOV_TODAY = NOW.date()
    print(
        f"inspections: {Inspection.objects.count():,}; results: "
        f"{InspectionResult.objects.count():,}; hazards: {Hazard.objects.count():,} "
        f"(open {Hazard.objects.filter(case__is_open=True).count():,})"
    )
    rows = []
    users = {
        u: User.objects.get(username=u) for u in ("city_admin", "donghu_admin", "jinxian_admin")
    }
    clients = {u: session_login(Client(), user) for u, user in users.items()}
    plan = InspectionPlan.objects.get(unit=users["donghu_admin"].unit)
    for label, who, url, params, goal in (
        (
            "district dashboard, 东湖区 admin",
            "donghu_admin",
            reverse("safety:dashboard"),
            None,
            "≤ 200 ms",
        ),
        (
            "district dashboard, 进贤县 admin",
            "jinxian_admin",
            reverse("safety:dashboard"),
            None,
            "≤ 200 ms",
        ),
        ("city dashboard, city admin", "city_admin", reverse("safety:dashboard"), None, "—"),
        (
            "hazard list overdue, 东湖区 admin",
            "donghu_admin",
            reverse("safety:hazard_list"),
            {"overdue": "true"},
            "—",
        ),
        ("hazard list, city admin", "city_admin", reverse("safety:hazard_list"), None, "—"),
        (
            "plan page (late schools), 东湖区",
            "donghu_admin",
            reverse("safety:plan_detail", args=[plan.pk]),
            None,
            "—",
        ),
    ):
        client = clients[who]

        def get(client=client, url=url, params=params):
            response = client.get(url, params or {})
            assert response.status_code == 200, (url, response.status_code)

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

    for who in ("donghu_admin", "jinxian_admin"):
        user = users[who]
        fig = hazard_figures(user, now=NOW)["total"]
        first, best, median = timed(lambda user=user: hazard_figures(user, now=NOW))
        rows.append(
            (
                f"edugov figures (selector), {who}",
                f"{median:.1f} ms",
                f"{fig['total']:,} hazards, {fig['open']:,} open, {fig['overdue']:,} overdue; 1 query",
                "—",
            )
        )
        naive = naive_district(user)
        seen: list[str] = []

        def note(ex, sql, p, many, ctx, seen=seen):
            seen.append(sql)
            return ex(sql, p, many, ctx)

        with connection.execute_wrapper(note):
            naive_district(user)
        first, best, median = timed(lambda user=user: naive_district(user), runs=3)
        assert naive["total"] == fig["total"] and naive["overdue"] == fig["overdue"], (naive, fig)
        rows.append(
            (
                f"naive peer (school by school), {who}",
                f"{median:.1f} ms",
                f"{naive['schools']} schools; {len(seen)} queries; same totals",
                "—",
            )
        )

    print_rows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("EDUGOV_PG_NAME", "h_safety"))
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
            seed_org(SCHOOLS)
            print(f"migrated and seeded the org tree in {time.perf_counter() - t0:.1f} s")
            build()
    with acting(None):
        measure()


if __name__ == "__main__":
    main()
