"""Benchmark of the casework mechanism on PostgreSQL (issue 16 §2): 100,000 cases.

    EDUGOV_PG_NAME=h_casework .venv/bin/python bench/casework.py --fresh   # build, then measure
    EDUGOV_PG_NAME=h_casework .venv/bin/python bench/casework.py           # measure again
    ... --catch-up    # also the first scan over every overdue case (slow by design: see below)

``--fresh`` drops and recreates the database, migrates, seeds the demo's org tree (the
Nanchang units and the demo's ~1,500 institutions, no students) and its accounts, then
bulk-creates 100,000 cases of a 12345-style type over 2023-01-03 … 2023-09-05: owned by
the bureau's 办公室, led by districts (60 %) and schools (40 %) weighted like the demo, a
tenth with 协办 units, half supervised by the 督导室; five in six answered (70 % 满意,
20 % 基本满意, 10 % 不满意), the rest open, many overdue; a timeline row per case; each
open case's escalation level and next moment as the daily scans before "today" (2023-09-06
09:00) would have left them.

Measured, in this process (no network; "server time" = the Django test client's request
through every middleware and the template):

1. the daily overdue scan at 2023-09-06 09:00, then the same scan again (idempotent);
2. the statistics page for the city admin and for a district admin;
3. the inbox (待办) for a district admin and for the city admin;
4. the case list for the city admin.

Goals: scan ≤ 1 s, statistics ≤ 300 ms, inbox ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import time
from zoneinfo import ZoneInfo

from _common import print_rows, recreate_database, seed_org, timed, use_postgres  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2023, 9, 6, 9, 0, tzinfo=TZ)
SEED = 16


def bench_type():
    """A 12345-style loop: 受理 → 交办 → 签收 (1 working day) → 办理 → 答复 → 回访 → 办结."""
    from edugov.casework import registry
    from edugov.casework.declarations import (
        CO,
        LEAD,
        OWNER,
        SUPERVISOR,
        CaseType,
        Field,
        Kind,
        Rung,
        State,
        Transition,
    )

    ct = CaseType(
        code="bench_order",
        label="基准工单",
        prefix="基准",
        initial="received",
        deadline="13 个工作日",
        clock_starts="assign",
        states=(
            State("received", "已受理"),
            State("assigned", "待签收", deadline="1 个工作日"),
            State("handling", "办理中"),
            State("answered", "已答复"),
            State("closed", "已办结", terminal=True),
        ),
        transitions=(
            Transition("assign", "派单", ("received",), "assigned", OWNER, kind=Kind.ASSIGN),
            Transition("sign", "签收", ("assigned",), "handling", LEAD),
            Transition("back", "退回", ("assigned",), "received", LEAD, kind=Kind.SEND_BACK),
            Transition(
                "opinion", "协办意见", ("handling",), None, CO, fields=(Field("opinion", "意见"),)
            ),
            Transition("extend", "申请延期", ("handling",), None, LEAD, kind=Kind.EXTEND_REQUEST),
            Transition(
                "approve", "批准延期", ("handling",), None, SUPERVISOR, kind=Kind.EXTEND_APPROVE
            ),
            Transition("answer", "答复", ("handling",), "answered", LEAD, kind=Kind.CLOSE),
            Transition(
                "review",
                "回访",
                ("answered",),
                "closed",
                OWNER,
                kind=Kind.REVIEW,
                reopen_to="handling",
            ),
        ),
        escalation=(
            Rung(1, "提醒", before="1 个工作日"),
            Rung(2, "约谈", after="3 个工作日", notify=("lead_unit", "supervising_unit")),
            Rung(3, "通报", after="10 个工作日", notify=("unit", "supervising_unit")),
        ),
    )
    registry.register(ct)
    return ct


def build_cases(ct, total: int) -> None:
    from django.db import connection

    from edugov.accounts.models import User
    from edugov.casework.calendar import current_calendar
    from edugov.casework.deadlines import due
    from edugov.casework.models import (
        Case,
        CaseCounter,
        CaseTransition,
        EntryKind,
        Notification,
        Satisfaction,
    )
    from edugov.org.models import Unit, UnitKind

    rng = random.Random(SEED)
    calendar = current_calendar()
    office = Unit.objects.get(name="办公室")
    duban = Unit.objects.get(name="督导室")
    opener = User.objects.get(username="city_admin")
    districts = list(Unit.objects.filter(kind__in=[UnitKind.DISTRICT, UnitKind.ZONE]))
    schools = list(Unit.objects.filter(kind=UnitKind.SCHOOL).only("pk", "parent_id"))
    district_users = {u.unit_id: u for u in User.objects.filter(unit__in=districts)}
    first = dt.datetime(2023, 1, 3, 8, 0, tzinfo=TZ)
    span = (NOW - dt.timedelta(days=1) - first).total_seconds()
    sat = [Satisfaction.SATISFIED] * 7 + [Satisfaction.BASIC] * 2 + [Satisfaction.DISSATISFIED]
    cases: list[Case] = []
    co_rows: list[tuple[int, int]] = []
    timeline: list[CaseTransition] = []
    t0 = time.perf_counter()
    openings = sorted(first + dt.timedelta(seconds=rng.random() * span) for _ in range(total))
    for seq, opened in enumerate(openings, 1):
        lead = rng.choice(districts) if rng.random() < 0.6 else rng.choice(schools)
        due_at = due("13 个工作日", opened, calendar)
        age = (NOW - opened).days
        case = Case(
            case_type=ct.code,
            number=f"{ct.prefix}〔2023〕第{seq}号",
            year=2023,
            seq=seq,
            unit=office,
            title=f"群众来电反映第{seq}号事项",
            state="handling",
            lead_unit=lead,
            supervising_unit=duban if rng.random() < 0.5 else None,
            opened_by=opener,
            opened_at=opened,
            clock_started_at=opened,
            due_at=due_at,
            state_entered_at=opened,
        )
        if age > 20 and rng.random() < 0.86 or age > 5 and rng.random() < 0.5:
            extra = rng.choice([2, 4, 6, 9, 11, 12, 14, 16])
            closed = min(due(f"{extra} 个工作日", opened, calendar), NOW - dt.timedelta(hours=1))
            closed = closed.replace(hour=rng.randint(9, 17))
            case.closed_at = max(closed, opened + dt.timedelta(hours=2))
            case.working_days = calendar.workdays_between(opened.date(), case.closed_at.date())
            case.on_time = case.closed_at <= due_at
            case.outcome = "已答复来电人"
            if rng.random() < 0.9:
                case.state, case.is_open = "closed", False
                case.satisfaction = rng.choice(sat)
            else:
                case.state = "answered"
        case.deadline_at = due_at if case.closed_at is None and case.is_open else None
        cases.append(case)
    print(f"  generated {total:,} cases in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    Case.objects.bulk_create(cases, batch_size=5000)
    CaseCounter.objects.update_or_create(
        case_type=ct.code, year=2023, unit=office, defaults={"last": total}
    )
    for case in cases:
        if rng.random() < 0.1:
            for unit in rng.sample(districts, rng.choice([1, 2])):
                if unit.pk != case.lead_unit_id:
                    co_rows.append((case.pk, unit.pk))
        timeline.append(
            CaseTransition(
                case=case, kind=EntryKind.OPEN, to_state="received", actor=opener, at=case.opened_at
            )
        )
        actor = district_users.get(case.lead_unit_id)
        if actor is not None:
            timeline.append(
                CaseTransition(
                    case=case,
                    move="sign",
                    label="签收",
                    from_state="assigned",
                    to_state="handling",
                    actor=actor,
                    actor_unit_id=case.lead_unit_id,
                    at=case.opened_at + dt.timedelta(hours=3),
                )
            )
    through = Case.co_units.through
    through.objects.bulk_create(
        [through(case_id=c, unit_id=u) for c, u in co_rows], batch_size=10000
    )
    CaseTransition.objects.bulk_create(timeline, batch_size=10000)
    donghu_admin = User.objects.get(username="donghu_admin")
    led = [c for c in cases if c.lead_unit_id == donghu_admin.unit_id][:2000]
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=donghu_admin,
                case=c,
                kind="move",
                subject=f"{c.number}: 派单",
                created_at=c.opened_at,
                read_at=None if i % 2 else c.opened_at,
            )
            for i, c in enumerate(led)
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"  stored {total:,} cases, {len(co_rows):,} co-units, {len(timeline):,} timeline rows "
        f"in {time.perf_counter() - t0:.1f} s"
    )


def ladder_as_of_yesterday(ct) -> None:
    """Put every open case's escalation where the daily scans up to yesterday left it
    (their levels recorded as sent), and forget what earlier measurements escalated."""
    from edugov.casework.calendar import current_calendar
    from edugov.casework.deadlines import next_rung_at, rung_at
    from edugov.casework.models import (
        Case,
        CaseTransition,
        Delivery,
        EntryKind,
        EscalationNotice,
        Notification,
    )

    calendar = current_calendar()
    yesterday = NOW - dt.timedelta(days=1)
    EscalationNotice.objects.all().delete()
    Notification.objects.filter(kind="escalation").delete()
    CaseTransition.objects.filter(kind=EntryKind.ESCALATION).delete()
    Delivery.objects.all().delete()
    changed, sent = [], []
    for case in Case.objects.filter(is_open=True, deadline_at__isnull=False).only(
        "pk", "deadline_at", "escalation", "next_escalation_at"
    ):
        reached = [r for r in ct.escalation if rung_at(r, case.deadline_at, calendar) <= yesterday]
        case.escalation = max([0, *(r.level for r in reached)])
        case.next_escalation_at = next_rung_at(ct, case.deadline_at, case.escalation, calendar)
        changed.append(case)
        sent += [
            EscalationNotice(case=case, level=r.level, deadline_at=case.deadline_at, at=yesterday)
            for r in reached
        ]
    Case.objects.bulk_update(changed, ["escalation", "next_escalation_at"], batch_size=5000)
    EscalationNotice.objects.bulk_create(sent, batch_size=5000)


def page(client, url: str, params: dict | None = None):
    def get():
        response = client.get(url, params or {})
        assert response.status_code == 200, (url, response.status_code)

    return get


def measure(ct, catch_up: bool) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from edugov.accounts.models import User
    from edugov.casework.escalation import scan
    from edugov.casework.models import Case
    from edugov.conftest import session_login
    from edugov.core.context import acting

    settings.EDUGOV_TODAY = NOW.date()
    ladder_as_of_yesterday(ct)
    open_overdue = Case.objects.filter(is_open=True, deadline_at__lt=NOW).count()
    print(
        f"cases: {Case.objects.count():,}; open and overdue at {NOW:%Y-%m-%d %H:%M}: "
        f"{open_overdue:,}"
    )
    rows = []
    with acting(None):
        t0 = time.perf_counter()
        result = scan(NOW)
        first_scan = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        again = scan(NOW)
        second_scan = (time.perf_counter() - t0) * 1000
    rows.append(
        ("daily overdue scan", f"{first_scan:.0f} ms", f"{result.escalated} escalated", "≤ 1 s")
    )
    rows.append(
        (
            "the same scan again",
            f"{second_scan:.0f} ms",
            f"{again.escalated} escalated",
            "idempotent",
        )
    )

    city = session_login(Client(), User.objects.get(username="city_admin"))
    donghu = session_login(Client(), User.objects.get(username="donghu_admin"))
    for label, client, url, params, goal in (
        ("statistics page, city admin", city, reverse("casework:stats"), None, "≤ 300 ms"),
        ("statistics page, 东湖区 admin", donghu, reverse("casework:stats"), None, "≤ 300 ms"),
        ("inbox 待办, 东湖区 admin", donghu, reverse("casework:inbox"), None, "≤ 100 ms"),
        ("inbox 待办, city admin", city, reverse("casework:inbox"), None, "≤ 100 ms"),
        (
            "inbox 已办, 东湖区 admin",
            donghu,
            reverse("casework:inbox"),
            {"box": "done"},
            "≤ 100 ms",
        ),
        ("case list, city admin", city, reverse("casework:case_list"), None, "—"),
        (
            "case list overdue, 东湖区 admin",
            donghu,
            reverse("casework:case_list"),
            {"overdue": "true"},
            "—",
        ),
    ):
        fn = page(client, url, params)
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            fn()
        first, best, median = timed(fn, runs=7)
        rows.append(
            (
                label,
                f"{median:.0f} ms",
                f"best {best:.0f}, first {first:.0f}; {len(queries)} queries",
                goal,
            )
        )

    if catch_up:
        # As if no scan had ever run: nothing recorded, every open case at level 0.
        from edugov.casework.models import EscalationNotice

        EscalationNotice.objects.all().delete()
        Case.objects.filter(is_open=True, deadline_at__isnull=False).update(escalation=0)
        from edugov.casework.calendar import current_calendar
        from edugov.casework.deadlines import next_rung_at

        calendar = current_calendar()
        batch = []
        for case in Case.objects.filter(is_open=True, deadline_at__isnull=False).only(
            "pk", "deadline_at"
        ):
            case.next_escalation_at = next_rung_at(ct, case.deadline_at, 0, calendar)
            batch.append(case)
        Case.objects.bulk_update(batch, ["next_escalation_at"], batch_size=5000)
        with acting(None):
            t0 = time.perf_counter()
            result = scan(NOW)
            catch = (time.perf_counter() - t0) * 1000
        rows.append(
            (
                "catch-up scan (every overdue case's first escalation)",
                f"{catch / 1000:.1f} s",
                f"{result.escalated:,} escalated",
                "—",
            )
        )

    print_rows(rows, goal_width=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("EDUGOV_PG_NAME", "h_casework"))
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--catch-up", action="store_true")
    args = parser.parse_args()
    use_postgres(args.db)
    if args.fresh:
        recreate_database(args.db)
    import django

    django.setup()
    from django.core.management import call_command

    from edugov.core.context import acting

    ct = bench_type()
    if args.fresh:
        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        with acting(None):
            seed_org()
        print(f"migrated and seeded the org tree in {time.perf_counter() - t0:.1f} s")
        build_cases(ct, args.cases)
    measure(ct, args.catch_up)


if __name__ == "__main__":
    main()
