"""Demo: about 400 programmes across the kinds, each linked to a task of the Nanchang
2023 work plan's point it serves (``kinds.KIND_POINTS``), and a party organization for
every counted school (most public schools, fewer private ones), so that the coverage KPI
— bound here to the point-2 task as a computed KPI — shows a real figure.

Deterministic (a seeded ``random.Random``), idempotent, and written with ``bulk_create``
(programmes, their schools, the organizations): a few statements, no save per row.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction

from edugov.audit.services import audit_record
from edugov.org.models import InstitutionType, Ownership, Unit, UnitKind

from .kinds import KIND_POINTS, ProgrammeKind
from .kpis import CODE
from .models import PartyForm, PartyOrganization, Programme, State
from .selectors import NOT_COUNTED

SEED = 2023
YEAR = 2023
PLAN_DOC = "洪教办字〔2023〕4号"

COUNTS = {
    ProgrammeKind.MORAL: 50,
    ProgrammeKind.ARTS: 45,
    ProgrammeKind.LABOUR: 35,
    ProgrammeKind.COMPETITION: 50,
    ProgrammeKind.RESEARCH: 60,
    ProgrammeKind.PAIRING: 25,
    ProgrammeKind.FEATURED: 20,
    ProgrammeKind.VOCATIONAL: 40,
    ProgrammeKind.INNOVATION: 35,
    ProgrammeKind.PARTY: 40,
}
PREFIX = {
    ProgrammeKind.MORAL: "DY",
    ProgrammeKind.ARTS: "MY",
    ProgrammeKind.LABOUR: "LD",
    ProgrammeKind.COMPETITION: "KJ",
    ProgrammeKind.RESEARCH: "JY",
    ProgrammeKind.PAIRING: "TG",
    ProgrammeKind.FEATURED: "TS",
    ProgrammeKind.VOCATIONAL: "ZY",
    ProgrammeKind.INNOVATION: "CX",
    ProgrammeKind.PARTY: "DJ",
}
TITLES = {
    ProgrammeKind.MORAL: ["“红色基因”主题研学", "新时代好少年宣讲", "大思政课实践", "德育实践基地"],
    ProgrammeKind.ARTS: ["校园艺术节", "中小学生合唱展演", "书画作品展", "戏曲进校园"],
    ProgrammeKind.LABOUR: ["劳动教育实践基地", "校园农场", "非遗工坊劳动课程"],
    ProgrammeKind.COMPETITION: ["青少年科技创新大赛", "机器人竞赛", "国防知识竞赛", "航模比赛"],
    ProgrammeKind.RESEARCH: ["“双减”背景下作业设计研究", "大单元教学课例", "课堂教学改革课题"],
    ProgrammeKind.PAIRING: ["县中托管帮扶"],
    ProgrammeKind.FEATURED: ["特色高中创建"],
    ProgrammeKind.VOCATIONAL: ["专业设置"],
    ProgrammeKind.INNOVATION: ["智慧课堂创新项目", "人工智能教育实验", "教育数字化转型试点"],
    ProgrammeKind.PARTY: ["“一校一品”党建品牌", "党建示范点创建", "主题党日活动"],
}
MAJORS = [
    ("700206", "智能制造技术", "先进制造业"),
    ("710201", "计算机应用", "电子信息"),
    ("740101", "旅游服务与管理", "文化旅游"),
    ("730701", "电子商务", "现代服务业"),
    ("720201", "护理", "医疗卫生"),
    ("700601", "汽车运用与维修", "汽车产业"),
]
BRANDS = ["红烛先锋", "铸魂育人", "党建+书香", "初心课堂", "红色领航", "清廉校园"]
AWARDS = ["一等奖", "二等奖", "三等奖", "优秀组织奖"]
LEVEL_AWARDS = {"city": "市级", "province": "省级", "national": "国家级"}


def _extra(kind: str, rng: random.Random, i: int) -> dict:
    if kind == ProgrammeKind.MORAL:
        return {"form": rng.choice(["activity", "base"]), "theme": "理想信念教育"}
    if kind == ProgrammeKind.ARTS:
        return {
            "art_form": rng.choice(["music", "dance", "drama", "fine_arts", "calligraphy"]),
            "level": rng.choice(["school", "district", "city"]),
        }
    if kind == ProgrammeKind.LABOUR:
        return {"area_sqm": rng.randrange(800, 20000, 100), "capacity": rng.randrange(40, 400, 20)}
    if kind == ProgrammeKind.COMPETITION:
        return {
            "field": "defence" if i % 4 == 2 else "science",
            "level": rng.choice(["district", "city", "province", "national"]),
        }
    if kind == ProgrammeKind.RESEARCH:
        return {
            "form": "lesson_case" if i % 3 == 1 else "project",
            "subject": rng.choice(["语文", "数学", "英语", "物理", "道德与法治", "科学"]),
        }
    if kind == ProgrammeKind.PAIRING:
        return {"mode": rng.choice(["trusteeship", "assistance"]), "term_years": 3}
    if kind == ProgrammeKind.FEATURED:
        return {"feature": rng.choice(["science", "humanities", "arts", "sports", "languages"])}
    if kind == ProgrammeKind.VOCATIONAL:
        code, _name, industry = MAJORS[i % len(MAJORS)]
        pipeline = i % 3 == 0
        extra = {"major_code": code, "industry": industry, "pipeline_3_2": pipeline}
        if pipeline:
            extra["partner_college"] = rng.choice(
                ["江西科技学院", "南昌职业大学", "江西应用技术职业学院"]
            )
        return extra
    if kind == ProgrammeKind.INNOVATION:
        return {"field": "教育信息化", "funding_yuan": rng.randrange(50_000, 800_000, 10_000)}
    return {"brand": rng.choice(BRANDS), "form": rng.choice(["brand", "activity", "demonstration"])}


def _tasks() -> dict[int, list]:
    """The demo plan's tasks by point number (empty when the work plan is not loaded)."""
    from edugov.workplan.models import Task

    by_point: dict[int, list] = defaultdict(list)
    for task in (
        Task.objects.filter(point__area__plan__doc_number=PLAN_DOC)
        .select_related("lead_unit", "point")
        .order_by("pk")
    ):
        by_point[task.point.number].append(task)
    return by_point


def _party_organizations(rng: random.Random, schools: list[Unit]) -> list[PartyOrganization]:
    rows = []
    for s in schools:
        private = s.ownership == Ownership.PRIVATE
        covered = rng.random() < (0.72 if private else 0.96)
        if not covered:
            rows.append(PartyOrganization(school=s, form=PartyForm.NONE))
            continue
        if private and s.enrolment < 600:
            form = PartyForm.JOINT_BRANCH
        elif s.enrolment >= 2500:
            form = PartyForm.COMMITTEE
        elif s.enrolment >= 1200:
            form = PartyForm.GENERAL_BRANCH
        else:
            form = PartyForm.BRANCH
        # Most organizations are old; a few founded this year (the coverage rose).
        year = YEAR if rng.random() < 0.04 else rng.randint(1985, YEAR - 1)
        rows.append(
            PartyOrganization(
                school=s,
                form=form,
                established_on=dt.date(year, rng.randint(1, 6), rng.randint(1, 28)),
                members=max(3, round(s.enrolment / 60 * rng.uniform(0.6, 1.4))),
                brand=f"{rng.choice(BRANDS)}" if rng.random() < 0.45 else "",
            )
        )
    return rows


def _bind_kpi(tasks: dict[int, list]) -> str:
    """The coverage as a computed KPI of the point-2 task (全覆盖: target 100 %)."""
    from edugov.org.models import Unit as OrgUnit
    from edugov.workplan.kpis import kpi_compute
    from edugov.workplan.models import Kpi, KpiKind
    from edugov.workplan.services import kpi_save

    task = next(iter(tasks.get(2, [])), None)
    if task is None or Kpi.objects.filter(task=task, source_code=CODE).exists():
        return ""
    city = OrgUnit.objects.filter(kind=UnitKind.CITY).order_by("pk").first()
    baseline = kpi_compute(CODE, year=YEAR - 1, scope=city) if city else None
    kpi_save(
        kpi=Kpi(
            task=task,
            name="公民办中小学校党组织覆盖率",
            kind=KpiKind.COMPUTED,
            source_code=CODE,
            comparator="≥",
            baseline=baseline or 0,
            target_value=100,
            unit="%",
            target_date=task.due_date,
        ),
        audit=False,
    )
    return f"; coverage KPI on “{task.title}”"


def load_demo() -> str:
    if Programme.objects.filter(code__startswith="DY2023-").exists():
        return "programmes: already loaded"
    rng = random.Random(SEED)
    schools = list(Unit.objects.filter(kind=UnitKind.SCHOOL, is_active=True).order_by("code"))
    if not schools:
        return "programmes: no schools in the demo tree"
    counted = [s for s in schools if s.institution_type not in NOT_COUNTED]
    by_district: dict[int, list[Unit]] = defaultdict(list)
    for s in counted:
        by_district[s.parent_id].append(s)
    districts = {u.pk: u for u in Unit.objects.filter(kind__in=(UnitKind.DISTRICT, UnitKind.ZONE))}
    seniors = [
        s
        for s in counted
        if s.institution_type in (InstitutionType.SENIOR, InstitutionType.COMPLETE_SECONDARY)
    ] or counted
    vocational = [s for s in counted if s.institution_type == InstitutionType.VOCATIONAL] or seniors
    tasks = _tasks()

    programmes: list[Programme] = []
    participants: list[tuple[int, list[Unit]]] = []
    for kind, n in COUNTS.items():
        points = KIND_POINTS[kind]
        for i in range(n):
            task_list = tasks.get(points[i % len(points)]) or []
            task = task_list[i % len(task_list)] if task_list else None
            pool = (
                vocational
                if kind == ProgrammeKind.VOCATIONAL
                else (
                    seniors if kind in (ProgrammeKind.PAIRING, ProgrammeKind.FEATURED) else counted
                )
            )
            school = rng.choice(pool)
            # A third owned by the task's lead unit (the bureau's department), a third by
            # the school's district, a third by the school itself.
            owner_pick = i % 3
            if owner_pick == 0 and task is not None:
                owner = task.lead_unit
            elif owner_pick == 1 and school.parent_id in districts:
                owner = districts[school.parent_id]
            else:
                owner = school
            peers = by_district.get(school.parent_id, [school])
            if kind == ProgrammeKind.PAIRING:
                joined = [school, rng.choice(seniors)]
            elif owner.kind == UnitKind.SCHOOL and kind not in (
                ProgrammeKind.COMPETITION,
                ProgrammeKind.ARTS,
            ):
                joined = [school]
            else:
                joined = rng.sample(peers, min(len(peers), rng.randint(1, 6)))
            joined = list({s.pk: s for s in joined}.values())
            start = dt.date(YEAR, rng.randint(2, 8), rng.randint(1, 28))
            extra = _extra(kind, rng, i)
            title = rng.choice(TITLES[kind])
            if kind == ProgrammeKind.VOCATIONAL:
                title = f"{MAJORS[i % len(MAJORS)][1]}专业设置"
            level = extra.get("level")
            awards = ""
            if kind in (ProgrammeKind.COMPETITION, ProgrammeKind.ARTS) and level in LEVEL_AWARDS:
                awards = "\n".join(
                    f"{LEVEL_AWARDS[level]}{rng.choice(AWARDS)}" for _ in range(rng.randint(1, 3))
                )
            confirmed = owner.kind != UnitKind.DEPARTMENT and rng.random() < 0.6
            programmes.append(
                Programme(
                    code=f"{PREFIX[kind]}{YEAR}-{i + 1:03d}",
                    kind=kind,
                    title=f"{school.name}{title}" if owner.kind == UnitKind.SCHOOL else title,
                    unit=owner,
                    task=task,
                    year=YEAR,
                    start_date=start,
                    end_date=start + dt.timedelta(days=rng.choice([1, 30, 90, 365])),
                    school_count=len(joined)
                    + (rng.randint(0, 20) if owner.kind != "school" else 0),
                    student_count=rng.randint(30, 2000),
                    results="按计划实施，形成总结报告。" if rng.random() < 0.7 else "",
                    awards=awards,
                    extra=extra,
                    state=State.CONFIRMED if confirmed else State.FILED,
                    confirmed_on=dt.date(YEAR, 9, 1) if confirmed else None,
                )
            )
            participants.append((len(programmes) - 1, joined))
    for p in programmes:  # the model's own rule, once, before anything is written
        p.full_clean(exclude=["unit", "task"], validate_unique=False)
    organizations = _party_organizations(rng, counted)
    with transaction.atomic():
        Programme.objects.bulk_create(programmes, batch_size=500)
        through = Programme.schools.through
        through.objects.bulk_create(
            [
                through(programme_id=programmes[i].pk, unit_id=s.pk)
                for i, joined in participants
                for s in joined
            ],
            batch_size=2000,
        )
        PartyOrganization.objects.bulk_create(organizations, batch_size=2000)
        kpi_line = _bind_kpi(tasks)
        audit_record(
            "demo.load",
            detail=f"programmes: {len(programmes)} programmes, {len(organizations)} organizations",
        )
    covered = sum(o.form != PartyForm.NONE for o in organizations)
    return (
        f"programmes: {len(programmes)} programmes over {len(COUNTS)} kinds, "
        f"{len(organizations)} party organizations rows ({covered} established){kpi_line}"
    )
