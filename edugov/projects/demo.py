"""The projects part of ``make demo``: deterministic, idempotent, lean.

Nanchang's point-18 portfolio of plan year 2023: 18 民生实事, 56 新改扩建 and 71 薄弱环节改善
projects (the 71 budgets sum to exactly ¥218,000,000.00), each at a school near its
district's centre, with its seven milestones (the earlier ones reached, some late) and a
year of monthly reports (September 2022 to August 2023; a few behind, with reasons); the
late milestones open their delay cases through the service; projects in use add their
places. 生均公用经费 for every compulsory school (a few below the standard), the city's
and districts' yearly spending (two with a fall), and 2023 budget lines with their
indicators and monthly execution.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from edugov.accounts.models import User
from edugov.audit.services import audit_record
from edugov.core import clock
from edugov.org.models import Unit, UnitKind

from . import config
from .models import (
    SOURCE_CODES,
    Asset,
    BudgetLine,
    EducationSpending,
    Indicator,
    LineExecution,
    ProgressReport,
    Project,
    ProjectMilestone,
    PublicFundAllocation,
    Stage,
)
from .services import capacity_for_in_use, delays_open

SEED = 22
CENTRES = {
    "360102": (28.683, 115.890),
    "360103": (28.663, 115.911),
    "360104": (28.636, 115.907),
    "360111": (28.689, 115.949),
    "360112": (28.691, 115.821),
    "360113": (28.698, 115.858),
    "360121": (28.544, 115.942),
    "360123": (28.841, 115.553),
    "360124": (28.366, 116.268),
}
KINDS = (("livelihood", 18), ("new_build", 56), ("weak_link", 71))
WEAK_TOTAL = Decimal("218000000.00")
# Share of each source in a budget: 中央, 省, 市, 县区, 其他.
SHARES = {
    "livelihood": (Decimal("0.10"), Decimal("0.15"), Decimal("0.45"), Decimal("0.30"), 0),
    "new_build": (Decimal("0.05"), Decimal("0.10"), Decimal("0.40"), Decimal("0.40"), 0),
    "weak_link": (Decimal("0.30"), Decimal("0.20"), Decimal("0.20"), Decimal("0.25"), 0),
}
REASONS = ("征地拆迁未完成", "雨季停工", "设计变更待批复", "招标流标重新招标", "资金未及时到位")
FEN = Decimal("0.01")


def _split(total: Decimal, kind: str) -> dict[str, Decimal]:
    parts = {
        s: (total * Decimal(share)).quantize(FEN)
        for s, share in zip(SOURCE_CODES, SHARES[kind], strict=True)
    }
    parts["other"] += total - sum(parts.values())  # the fen left over
    return parts


def _weak_budgets(rng: random.Random) -> list[Decimal]:
    """71 budgets summing to ¥218,000,000.00 exactly."""
    weights = [rng.uniform(0.5, 2.0) for _ in range(71)]
    scale = WEAK_TOTAL / Decimal(str(sum(weights)))
    out = [(Decimal(str(w)) * scale).quantize(Decimal("1000")) for w in weights]
    out[-1] += WEAK_TOTAL - sum(out)
    return out


def _months(start: dt.date, end: dt.date):
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        yield dt.date(y, m, 1)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def load_demo() -> str:
    if Project.objects.exists():
        return "projects: already loaded"
    rng = random.Random(SEED)
    today = clock.today()
    admin = User.objects.get(username="city_admin")
    city = Unit.objects.get(kind=UnitKind.CITY)
    districts = list(Unit.objects.filter(code__in=CENTRES).order_by("code"))
    schools = {
        d.pk: list(
            Unit.objects.filter(
                kind=UnitKind.SCHOOL, is_active=True, path__startswith=d.path
            ).order_by("code")[:40]
        )
        for d in districts
    }
    weak = _weak_budgets(rng)
    projects, n = [], 0
    with transaction.atomic():
        for kind, count in KINDS:
            for i in range(count):
                d = districts[n % len(districts)]
                n += 1
                school = rng.choice(schools[d.pk]) if schools[d.pk] else d
                lat, lng = CENTRES[d.code]
                total = (
                    weak[i]
                    if kind == "weak_link"
                    else Decimal(rng.randrange(30_000, 150_000)) * 1000
                )
                places = 0 if kind == "weak_link" else rng.choice((540, 720, 900, 1080, 1350, 2160))
                budget = _split(total, kind)
                projects.append(
                    Project(
                        code=f"{ {'livelihood': 'MS', 'new_build': 'XJ', 'weak_link': 'BR'}[kind] }2023-{i + 1:02d}",
                        name=f"{school.name}{'扩建工程' if kind != 'weak_link' else '改善工程'}",
                        kind=kind,
                        year=2023,
                        unit=school,
                        site=d.name,
                        latitude=Decimal(str(round(lat + rng.uniform(-0.04, 0.04), 6))),
                        longitude=Decimal(str(round(lng + rng.uniform(-0.04, 0.04), 6))),
                        places_primary=places if i % 2 == 0 else 0,
                        places_junior=places if i % 2 else 0,
                        **{f"budget_{s}": v for s, v in budget.items()},
                    )
                )
        Project.objects.bulk_create(projects)
        milestones, reports = [], []
        late_ids, in_use = set(), []
        for p in projects:
            start = dt.date(2022, 9, 1) + dt.timedelta(days=rng.randint(0, 60))
            gaps = (0, 45, 40, 30, 150, 120, 60)
            if p.kind == "weak_link":
                gaps = (0, 30, 30, 20, 60, 40, 20)
            planned, day = {}, start
            for stage, gap in zip(Stage.values, gaps, strict=True):
                day = day + dt.timedelta(days=gap)
                planned[stage] = day
            slow = rng.random() < 0.08  # stuck at a milestone: a delay case
            behind = slow or rng.random() < 0.1
            lag = rng.randint(0, 20) if not behind else rng.randint(25, 50)
            stuck = False
            for stage in Stage.values:
                actual = planned[stage] + dt.timedelta(days=lag)
                if stuck or actual > today or (slow and stage == Stage.START):
                    stuck = True
                    actual = None
                milestones.append(
                    ProjectMilestone(project=p, stage=stage, planned=planned[stage], actual=actual)
                )
            if not stuck:
                in_use.append((p, planned[Stage.IN_USE] + dt.timedelta(days=lag)))
            if slow:
                late_ids.add(p.pk)
            total = p.budget
            paid_share = Decimal(
                str(rng.uniform(0.55, 0.95) if not behind else rng.uniform(0.2, 0.5))
            )
            months = list(_months(start, today.replace(day=1) - dt.timedelta(days=1)))
            for k, month in enumerate(months):
                pct = Decimal(min(100, round(100 * (k + 1) / (len(months) + (4 if behind else 1)))))
                late_month = behind and k >= len(months) - 3
                reports.append(
                    ProgressReport(
                        project=p,
                        month=month,
                        percent=pct,
                        delayed=late_month,
                        delay_reason=rng.choice(REASONS) if late_month else "",
                        filed_by=admin,
                        **{
                            f"paid_{s}": (
                                getattr(p, f"budget_{s}") * paid_share / len(months)
                            ).quantize(FEN)
                            for s in SOURCE_CODES
                        },
                    )
                )
        ProjectMilestone.objects.bulk_create(milestones)
        ProgressReport.objects.bulk_create(reports)
        for p, day in in_use:
            capacity_for_in_use(project=p, day=day)
        opened = 0
        for p in Project.objects.filter(pk__in=late_ids).select_related("unit"):
            opened += len(delays_open(project=p, user=admin, today=today))
        _finance(rng, city, districts, projects)
        assets = _assets(rng)
        audit_record(
            "projects.demo_load",
            object_type="projects.project",
            changes={"projects": len(projects), "reports": len(reports), "delay_cases": opened},
        )
    return (
        f"projects: {len(projects)} projects, {len(reports)} monthly reports, "
        f"{opened} delay cases, {PublicFundAllocation.objects.count()} allocations, "
        f"{assets} assets in 东湖区"
    )


def _finance(rng: random.Random, city: Unit, districts: list[Unit], projects: list[Project]):
    """Budget lines with indicators and execution; allocations; yearly spending."""
    base = config.get("provincial_standard")
    allocations = []
    for s in Unit.objects.filter(
        kind=UnitKind.SCHOOL,
        is_active=True,
        institution_type__in=("primary", "teaching_point", "junior", "nine_year", "special"),
    ).order_by("code"):
        n = s.enrolment or rng.randint(200, 1500)
        row = PublicFundAllocation(school=s, year=2023)
        if s.institution_type == "special":
            row.students_special = n
        elif s.institution_type == "junior":
            row.students_junior = n
        elif s.institution_type == "nine_year":
            row.students_primary, row.students_junior = n * 2 // 3, n - n * 2 // 3
        else:
            row.students_primary = n
        factor = (
            Decimal("0.92")
            if rng.random() < 0.05
            else Decimal(str(round(rng.uniform(1.0, 1.2), 2)))
        )
        row.allocated = (row.required(base) * factor).quantize(FEN)
        allocations.append(row)
    PublicFundAllocation.objects.bulk_create(allocations)
    spending = []
    for unit, scale in [(city, 12)] + [(d, 1) for d in districts]:
        amount = Decimal(rng.randrange(600, 1200)) * 1_000_000 * scale
        students = rng.randrange(60_000, 120_000) * scale
        for year in (2020, 2021, 2022, 2023):
            fall = unit.code in ("360123",) and year == 2022
            amount = (amount * Decimal("0.97" if fall else "1.06")).quantize(FEN)
            students = int(students * (1.01 if unit.code != "360124" or year != 2023 else 1.12))
            spending.append(
                EducationSpending(unit=unit, year=year, spending=amount, students=students)
            )
    EducationSpending.objects.bulk_create(spending)
    lines = [
        BudgetLine(
            unit=city,
            year=2023,
            code="JX2023-GY",
            name="义务教育生均公用经费",
            amount=sum((a.allocated for a in allocations), Decimal(0)),
            goal="保障义务教育学校正常运转，生均公用经费不低于省定标准。",
        )
    ]
    for p in projects[74:80]:
        lines.append(
            BudgetLine(
                unit=p.unit,
                year=2023,
                code=f"JX-{p.code}",
                name=p.name,
                project=p,
                amount=p.budget,
                goal="按期完成薄弱环节改善，改善办学条件。",
            )
        )
    BudgetLine.objects.bulk_create(lines)
    indicators, executions = [], []
    for line in lines:
        for cat, name, target, weight in (
            ("quantity", "覆盖学校数", "全覆盖", 20),
            ("quality", "验收合格率", "100%", 20),
            ("timeliness", "资金拨付及时率", "≥95%", 15),
            ("cost", "预算控制", "不超预算", 15),
            ("benefit", "办学条件改善", "明显改善", 20),
            ("satisfaction", "师生满意度", "≥90%", 10),
        ):
            indicators.append(
                Indicator(line=line, category=cat, name=name, target=target, weight=Decimal(weight))
            )
        if line.project_id is None:
            pace = (Decimal("0.085"), Decimal("0.06"))
            for m in range(1, 9):
                executions.append(
                    LineExecution(
                        line=line,
                        month=dt.date(2023, m, 1),
                        spent=(line.amount * pace[m % 2]).quantize(FEN),
                    )
                )
    Indicator.objects.bulk_create(indicators)
    LineExecution.objects.bulk_create(executions)


# 东湖区's ledgers: per school, its instruments, computers, books and laboratories, sized so
# that most schools meet the standard and a few fall short.
ASSET_LINES = (
    ("3", "instrument", "学生分组实验器材", 1, 2200),
    ("2", "computer", "学生计算机", 1, 4800),
    ("5", "book", "图书", 1, 30),
    ("3", "lab", "科学实验室设备", 1, 80000),
    ("6", "other", "课桌椅", 1, 300),
)


def _assets(rng: random.Random) -> int:
    donghu = Unit.objects.get(code="360102")
    rows = []
    for s in Unit.objects.filter(
        kind=UnitKind.SCHOOL, is_active=True, path__startswith=donghu.path
    ).order_by("code"):
        n = s.enrolment or 500
        short = rng.random() < 0.15
        for category, kind, name, _q, unit_value in ASSET_LINES:
            if kind == "lab":
                for k in range(2 if short else 3):
                    rows.append((s, category, kind, f"{name}{k + 1}", 1, Decimal(unit_value)))
                continue
            quantity = {
                "instrument": n * (2 if not short else 1),
                "computer": max(1, n * (12 if not short else 6) // 100),
                "book": n * (36 if not short else 20),
                "other": n,
            }[kind]
            if kind == "instrument":
                rows.append((s, category, kind, name, 1, Decimal(quantity * unit_value // 2)))
            else:
                rows.append((s, category, kind, name, quantity, Decimal(quantity * unit_value)))
    Asset.objects.bulk_create(
        [
            Asset(
                school=s,
                code=f"DH-{s.code}-{k:03d}",
                name=name,
                category=category,
                kind=kind,
                quantity=quantity,
                value=value,
                acquired=dt.date(2018 + k % 5, 3, 1),
                location="教学楼",
            )
            for k, (s, category, kind, name, quantity, value) in enumerate(rows)
        ]
    )
    return len(rows)
