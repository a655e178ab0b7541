"""The registry part of ``make demo``: deterministic, idempotent, bulk-inserted.

Five school years (2019–2023) of approved statistics for every demo institution, the
kindergartens' status history, and each district's population aged 3–5.

The figures are drawn around the national standards, per district profile, so that the
evaluations have something to say:
- 西湖区, 青云谱区 and 红谷滩区 pass 优质均衡 (every school above every line, low CVs);
- 东湖区 fails on a handful of weak schools (low CVs, but not every school passes);
- 南昌县, 安义县 and 进贤县 are uneven (CVs over the line, many failing schools);
- a few large urban schools are over the school-size line and have 大班额 classes;
- private kindergartens turn public each year, 24 of them in 2023 (the plan's "22 new
  public kindergartens" gets a live value), and more become 标准化 each year;
- 安义县's 毛入园率 stays under 85 %.
Every random draw comes from an RNG seeded with the school's code, so two runs (and two
machines) give the same rows.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time

from django.db import transaction

from edugov.audit.services import audit_record
from edugov.org.models import InstitutionType as T
from edugov.org.models import Ownership, Unit, UnitKind

from .models import (
    JUNIOR_GRADES,
    KG_GRADES,
    PRIMARY_GRADES,
    SENIOR_GRADES,
    TYPE_GRADES,
    AnnualStatistics,
    DistrictPopulation,
    InstitutionStatus,
    Standardization,
    StatsStatus,
)

YEARS = tuple(range(2019, 2024))
PASSING = {"360103", "360104", "360113"}
UNEVEN = {"360121", "360123", "360124"}
FEW_WEAK = {"360102"}
# 公办 conversions per year (private → public on 1 March) and new 标准化 kindergartens.
CONVERSIONS = {2020: 6, 2021: 8, 2022: 10, 2023: 24}
NEW_STANDARDIZED = {2020: 20, 2021: 25, 2022: 30, 2023: 35}
GROSS_RATE = {"360123": 0.81}
# Standards (per 100 students or per student), per stage: DOMAIN.md §4.
STD = {
    "qualified": {"primary": 4.2, "junior": 5.3},
    "backbone": {"primary": 1.0, "junior": 1.0},
    "specialist": {"primary": 0.9, "junior": 0.9},
    "floor": {"primary": 4.5, "junior": 5.8},
    "sports": {"primary": 7.5, "junior": 10.2},
    "equipment": {"primary": 2000.0, "junior": 2500.0},
    "multimedia": {"primary": 2.3, "junior": 2.4},
}
SCALE = {"qualified": 100, "backbone": 100, "specialist": 100, "multimedia": 100}
WEIGHT = {"primary": 1.0, "junior": 1.1, "senior": 1.1}
SIZE_LINE = {"primary": 45, "junior": 50}


def _district_code(school: Unit, parents: dict[int, Unit]) -> str:
    parent = parents.get(school.parent_id)
    return parent.code if parent is not None else ""


def _factors(rng: random.Random, profile: str, weak: bool) -> dict[str, float]:
    """How far above (or below) the standard each resource sits for one school."""
    out = {}
    for key in STD:
        if profile == "uneven":
            f = min(3.0, max(0.3, rng.lognormvariate(0.1, 0.6)))
        else:
            f = rng.uniform(1.05, 1.45)
        out[key] = f
    if weak:
        for key in rng.sample(sorted(STD), 2):
            out[key] = rng.uniform(0.5, 0.8)
    return out


def _split_grades(total: int, grades: tuple[str, ...], rng: random.Random) -> dict[str, int]:
    weights = [rng.uniform(0.9, 1.1) for _ in grades]
    s = sum(weights)
    counts = [int(total * w / s) for w in weights]
    counts[-1] += total - sum(counts)
    return dict(zip(grades, counts, strict=True))


def _class_sizes(n: int, target: int) -> list[int]:
    if n <= 0:
        return []
    classes = max(1, math.ceil(n / target))
    base, extra = divmod(n, classes)
    return [base + 1] * extra + [base] * (classes - extra)


def _resources(stage_students: dict[str, int], f: dict[str, float]) -> dict[str, float]:
    """School totals that give each stage ``f`` × its standard after the engine's
    1 : 1.1 split of shared resources."""
    weighted = sum(WEIGHT[s] * n for s, n in stage_students.items())
    held = [s for s in ("primary", "junior") if stage_students.get(s)]
    out = {}
    for key, std in STD.items():
        if not held:
            out[key] = 0.0
            continue
        ratio = max(std[s] / WEIGHT[s] for s in held)
        out[key] = f[key] * ratio * weighted / SCALE.get(key, 1)
    return out


def _row(
    school: Unit, year: int, district: str, rng: random.Random, plan: dict
) -> AnnualStatistics:
    itype = school.institution_type
    grow = 1 + plan["growth"] * (year - 2021)
    total = max(8, int(plan["size"] * grow))
    grades = TYPE_GRADES[itype]
    counts = _split_grades(total, grades, rng)
    stats = AnnualStatistics(school=school, year=year, status=StatsStatus.APPROVED, **counts)
    stage = {
        "primary": sum(counts.get(g, 0) for g in PRIMARY_GRADES),
        "junior": sum(counts.get(g, 0) for g in JUNIOR_GRADES),
        "senior": sum(counts.get(g, 0) for g in SENIOR_GRADES),
        "kg": sum(counts.get(g, 0) for g in KG_GRADES),
    }
    for name, grade_set in (("primary", PRIMARY_GRADES), ("junior", JUNIOR_GRADES)):
        sizes: list[int] = []
        for g in grade_set:
            sizes += _class_sizes(counts.get(g, 0), plan["class_target"][name])
        setattr(stats, f"classes_{name}", len(sizes))
        setattr(stats, f"max_class_size_{name}", max(sizes) if sizes else 0)
        setattr(stats, f"class_sizes_{name}", sizes)
    for name, grade_set, target in (("kg", KG_GRADES, 30), ("senior", SENIOR_GRADES, 50)):
        sizes = []
        for g in grade_set:
            sizes += _class_sizes(counts.get(g, 0), target)
        setattr(stats, f"classes_{name}", len(sizes))
        setattr(stats, f"max_class_size_{name}", max(sizes) if sizes else 0)

    drift = 1 + 0.02 * (year - 2019)
    f = {k: v * drift for k, v in plan["factors"].items()}
    if itype == T.KINDERGARTEN:
        teachers = math.ceil(stage["kg"] / rng.uniform(9, 14))
        stats.teachers = teachers
        stats.teachers_bachelor = int(teachers * 0.5)
        stats.teachers_associate = int(teachers * 0.4)
        stats.floor_area = math.ceil(stage["kg"] * rng.uniform(8, 14))
        return stats
    compulsory = {k: stage[k] for k in ("primary", "junior", "senior") if stage[k]}
    if itype in (T.SENIOR, T.VOCATIONAL):
        compulsory = {"junior": stage["senior"]}  # same order of magnitude; not evaluated
    res = _resources(compulsory, f)
    qualified = math.ceil(res["qualified"] * (5.3 / 4.2 if "junior" not in compulsory else 1))
    post = int(qualified * 0.08)
    associate = math.ceil(qualified * 0.15)
    backbone = math.ceil(res["backbone"])
    specialist = math.ceil(res["specialist"])
    stats.teachers_postgraduate = post
    stats.teachers_bachelor = qualified - post
    stats.teachers_associate = associate
    stats.teachers = max(qualified + associate + rng.randint(0, 2), backbone, specialist)
    stats.backbone_province = int(backbone * 0.08)
    stats.backbone_city = int(backbone * 0.22)
    stats.backbone_county = backbone - stats.backbone_province - stats.backbone_city
    stats.teachers_pe = round(specialist * 0.45)
    stats.teachers_music = round(specialist * 0.3)
    stats.teachers_art = specialist - stats.teachers_pe - stats.teachers_music
    sports = math.ceil(res["sports"])
    stats.sports_hall_area = int(sports * 0.2)
    stats.sports_ground_area = sports - stats.sports_hall_area
    stats.floor_area = math.ceil(res["floor"])
    stats.equipment_value = math.ceil(res["equipment"])
    stats.multimedia_classrooms = math.ceil(res["multimedia"])
    return stats


def _plan(school: Unit, district: str, rng: random.Random, oversized: set[int]) -> dict:
    """Everything about one school that stays put across the years."""
    profile = "uneven" if district in UNEVEN else "even"
    weak = (district in FEW_WEAK and rng.random() < 0.12) or (
        district not in PASSING | UNEVEN | FEW_WEAK and rng.random() < 0.05
    )
    limit = 2500 if school.institution_type == T.NINE_YEAR else 2000
    size = school.enrolment
    if school.institution_type in (T.PRIMARY, T.JUNIOR, T.NINE_YEAR):
        size = (
            int(limit * rng.uniform(1.05, 1.25))
            if school.pk in oversized
            else min(size, int(limit * 0.92))
        )
    big_classes = school.pk in oversized or (profile == "uneven" and rng.random() < 0.08)
    if district in PASSING:
        target = {"primary": rng.randint(38, 45), "junior": rng.randint(42, 50)}
    elif big_classes:
        target = {"primary": rng.randint(56, 68), "junior": rng.randint(56, 68)}
    else:
        target = {"primary": rng.randint(40, 48), "junior": rng.randint(44, 53)}
    return {
        "size": size,
        "growth": rng.uniform(-0.03, 0.04),
        "factors": _factors(rng, profile, weak),
        "class_target": target,
    }


def _status_rows(kindergartens: list[Unit]) -> list[InstitutionStatus]:
    """A base status for every kindergarten on 2018-09-01, then dated changes."""
    rows = []
    rng = random.Random("registry-kg-status")
    private = sorted(
        (k for k in kindergartens if k.ownership == Ownership.PRIVATE), key=lambda k: k.code
    )
    converting = rng.sample(private, min(len(private), sum(CONVERSIONS.values())))
    convert_year: dict[int, int] = {}
    start = 0
    for year, n in CONVERSIONS.items():
        for k in converting[start : start + n]:
            convert_year[k.pk] = year
        start += n
    ordered = sorted(kindergartens, key=lambda k: k.code)
    standardized_from: dict[int, int] = {}
    pool = ordered[:]
    rng.shuffle(pool)
    base_std = pool[: int(len(pool) * 0.18)]
    for k in base_std:
        standardized_from[k.pk] = 2018
    rest = pool[len(base_std) :]
    for year, n in NEW_STANDARDIZED.items():
        for k in rest[:n]:
            standardized_from[k.pk] = year
        rest = rest[n:]
    for k in ordered:
        std_year = standardized_from.get(k.pk)
        level = (
            Standardization.DEMONSTRATION if rng.random() < 0.25 else Standardization.STANDARDIZED
        )
        base_std_value = level if std_year == 2018 else Standardization.NONE
        rows.append(
            InstitutionStatus(
                school=k,
                effective_on=dt.date(2018, 9, 1),
                ownership=k.ownership,
                inclusive=k.inclusive,
                standardization=base_std_value,
                note="初始状态",
            )
        )
        changes: dict[int, dict] = {}
        if std_year and std_year > 2018:
            changes.setdefault(std_year, {})["standardization"] = level
        if k.pk in convert_year:
            changes.setdefault(convert_year[k.pk], {})["ownership"] = Ownership.PUBLIC
        current = {
            "ownership": k.ownership,
            "inclusive": k.inclusive,
            "standardization": base_std_value,
        }
        for year in sorted(changes):
            current.update(changes[year])
            if current["ownership"] == Ownership.PUBLIC:
                current["inclusive"] = False
            notes = []
            if "ownership" in changes[year]:
                notes.append("转为公办")
            if "standardization" in changes[year]:
                notes.append("通过标准化验收")
            rows.append(
                InstitutionStatus(
                    school=k, effective_on=dt.date(year, 3, 1), note="，".join(notes), **current
                )
            )
    return rows


def load_demo() -> str:
    """Load this module's demo data; return one line for the console."""
    if AnnualStatistics.objects.exists():
        return "registry: statistics already present, nothing added"
    started = time.monotonic()
    parents = {u.pk: u for u in Unit.objects.filter(kind__in=[UnitKind.DISTRICT, UnitKind.ZONE])}
    schools = list(Unit.objects.filter(kind=UnitKind.SCHOOL, is_active=True).order_by("code"))
    # The largest urban compulsory schools are the oversized ones.
    candidates = sorted(
        (
            s
            for s in schools
            if s.institution_type in (T.PRIMARY, T.JUNIOR, T.NINE_YEAR)
            and _district_code(s, parents) in ("360102", "360111", "360121")
        ),
        key=lambda s: (-s.enrolment, s.code),
    )
    oversized = {s.pk for s in candidates[:6]}
    rows: list[AnnualStatistics] = []
    children: dict[tuple[int, int], int] = {}
    for school in schools:
        district = _district_code(school, parents)
        rng = random.Random(f"registry-{school.code}")
        plan = _plan(school, district, rng, oversized)
        for year in YEARS:
            stats = _row(school, year, district, rng, plan)
            rows.append(stats)
            if school.institution_type == T.KINDERGARTEN and school.parent_id in parents:
                key = (school.parent_id, year)
                children[key] = children.get(key, 0) + stats.children
    for r in rows[:: max(1, len(rows) // 400)]:
        # A sample of rows through the model's own checks keeps the generator honest.
        r.full_clean(validate_unique=False, validate_constraints=False)
    status_rows = _status_rows([s for s in schools if s.institution_type == T.KINDERGARTEN])
    pops = [
        DistrictPopulation(
            district=parents[pid],
            year=year,
            population_3_5=round(n / GROSS_RATE.get(parents[pid].code, 0.93)),
            source="演示数据",
        )
        for (pid, year), n in sorted(children.items())
    ]
    with transaction.atomic():
        AnnualStatistics.objects.bulk_create(rows, batch_size=1000)
        InstitutionStatus.objects.bulk_create(status_rows, batch_size=1000)
        DistrictPopulation.objects.bulk_create(pops, batch_size=1000)
        audit_record(
            "import",
            object_type="registry.annualstatistics",
            object_repr="demo",
            changes={"statistics": len(rows), "status": len(status_rows), "population": len(pops)},
        )
    return (
        f"registry: {len(rows)} annual statistics ({YEARS[0]}–{YEARS[-1]}), "
        f"{len(status_rows)} status rows, {len(pops)} district populations "
        f"in {time.monotonic() - started:.1f} s"
    )
