"""Benchmark of the screening engine and of storing a campaign (issue 18).

    .venv/bin/python bench/screening.py                       # the engine: 1,000,000 sheets
    EDUGOV_PG_NAME=h_wellbeing .venv/bin/python bench/screening.py --store   # + 50,000 stored

**Engine**: 1,000,000 PHQ-9 + GAD-7 sheets (int8 arrays drawn from a realistic mix:
most students calm, a tail of moderate and severe sheets, item 9 mostly in the tail)
scored and tiered by ``engines.screening`` — best of 3 — beside a plain-Python loop
over 100,000 sheets (scaled ×10), the obvious peer. Goal ≤ 1 s.

**Store** (PostgreSQL): the database is dropped and recreated, migrated, the city's tree
seeded; 20 schools in 东湖区 with a lead counselor each, 50,000 students (grades 7–9,
2,500 a school), a district campaign. Measured: ``wellbeing.bulk.sheets_store`` of
50,000 sheets — two-phase checks, vectorised scoring, COPY of the sheets, the counts by
tier, and a casework case opened (and its readers notified) for every 红 and 橙 sheet,
as online. Goal ≤ 60 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2023, 10, 9, 9, 0, tzinfo=TZ)


def bench_engine() -> None:
    from edugov.engines.screening import DEFAULT_RULES, TIERS, assign, builtin, score
    from edugov.engines.screening.synth import sheets

    phq9, gad7 = builtin("PHQ-9"), builtin("GAD-7")
    phq, gad = sheets(1_000_000)

    def run():
        return assign(DEFAULT_RULES, {"PHQ-9": score(phq9, phq), "GAD-7": score(gad7, gad)})

    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        tiers = run()
        times.append(time.perf_counter() - t0)
    share = {TIERS[i]: f"{(tiers == i).mean():.1%}" for i in range(4)}

    # The peer: one sheet at a time in plain Python (what a view would do in a loop).
    mins9 = [0, 5, 10, 15, 20]
    t0 = time.perf_counter()
    for a, b in zip(phq[:100_000].tolist(), gad[:100_000].tolist(), strict=True):
        p, g = sum(a), sum(b)
        _band = sum(1 for m in mins9 if p >= m) - 1
        if a[8] > 0 or p >= 20:
            _t = 0
        elif p >= 15 or g >= 15:
            _t = 1
        elif p >= 10 or g >= 10:
            _t = 2
        else:
            _t = 3
    loop = (time.perf_counter() - t0) * 10
    print(
        f"engine: 1,000,000 sheets (PHQ-9 + GAD-7 + tiers) best {min(times):.3f} s "
        f"(runs {', '.join(f'{t:.3f}' for t in times)}); tiers {share}"
    )
    print(f"peer:   plain-Python loop, 1,000,000 sheets (100,000 ×10): {loop:.2f} s")


def bench_store(db: str, total: int) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from _common import recreate_database, use_postgres

    use_postgres(db)
    recreate_database(db)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from edugov.accounts.models import Role, RoleAssignment, User
    from edugov.core.context import acting
    from edugov.core.crypto import blind_index
    from edugov.engines.screening.synth import sheets
    from edugov.org.models import Unit, UnitKind
    from edugov.org.seed import seed_city
    from edugov.org.services import unit_save
    from edugov.students.models import Student
    from edugov.wellbeing import services
    from edugov.wellbeing.bulk import sheets_store
    from edugov.wellbeing.models import Campaign, Staffing, Submission

    t0 = time.perf_counter()
    with acting(None):
        seed_city("nanchang")
        donghu = Unit.objects.get(code="360102")
        counselor_role = Role.objects.get(code="counselor")
        schools, leads = [], []
        for i in range(20):
            school = unit_save(
                unit=Unit(
                    kind=UnitKind.SCHOOL,
                    code=f"31360{i:05d}",
                    name=f"东湖区第{i + 1}中学",
                    parent=donghu,
                    institution_type="junior",
                    ownership="public",
                    enrolment=2500,
                )
            )
            lead = User.objects.create(
                username=f"lead{i}", display_name=f"心理老师{i}", unit=school
            )
            RoleAssignment.objects.create(user=lead, role=counselor_role)
            Staffing.objects.create(school=school, lead_counselor=lead, full_time=1)
            schools.append(school)
            leads.append(lead)
        officer = User.objects.create(username="officer", unit=donghu)
        RoleAssignment.objects.create(user=officer, role=Role.objects.get(code="district_admin"))
        per = total // len(schools)
        Student.objects.bulk_create(
            [
                Student(
                    school=school,
                    student_number=f"J{s * 100_000 + k:018d}",
                    student_number_index=blind_index(f"J{s * 100_000 + k:018d}", "student_number"),
                    name=f"学生{k}",
                    birth_date=dt.date(2008, 1, 1),
                    grade=7 + k % 3,
                    class_name=f"{k % 12 + 1}班",
                )
                for s, school in enumerate(schools)
                for k in range(per)
            ],
            batch_size=5000,
        )
    with acting(officer):
        campaign = services.campaign_create(
            user=officer,
            campaign=Campaign(
                unit=donghu,
                title="基准测评",
                grades=[7, 8, 9],
                instruments=["PHQ-9", "GAD-7"],
                opens_on=NOW.date(),
                closes_on=NOW.date(),
            ),
            now=NOW,
        )
    print(f"setup:  {total:,} students in {len(schools)} schools, {time.perf_counter() - t0:.1f} s")
    ids = list(Student.objects.order_by("pk").values_list("pk", flat=True))
    phq, gad = sheets(len(ids), seed=26)
    rows = [
        (sid, {"PHQ-9": phq[i].tolist(), "GAD-7": gad[i].tolist()}) for i, sid in enumerate(ids)
    ]
    t0 = time.perf_counter()
    with acting(officer):
        counts = sheets_store(user=officer, campaign=campaign, sheets=rows, now=NOW)
    took = time.perf_counter() - t0
    assert Submission.objects.filter(campaign=campaign).count() == len(ids)
    print(
        f"store:  {len(ids):,} submissions on PostgreSQL in {took:.1f} s "
        f"({counts['red']:,} 红 crisis cases and {counts['orange']:,} 橙 cases opened; {counts})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", action="store_true")
    parser.add_argument("--sheets", type=int, default=50_000)
    args = parser.parse_args()
    bench_engine()
    if args.store:
        bench_store(os.environ.get("EDUGOV_PG_NAME", "h_wellbeing"), args.sheets)


if __name__ == "__main__":
    main()
