"""The 督导 part of ``make demo``: deterministic, idempotent.

Every school of the demo gets a 责任督学 appointed by its district (five schools each,
the configured number); each 督学 visits each of their schools once a month from January
2023 to the demo's today; about one visit in eight records a finding. The major findings
of the first eight months became rectification cases on casework, issued by the
district's officer (the city's where the demo has no district account): the older ones
are struck off, some are reported and waiting for the re-check, some are still being
rectified, several of them past their deadline. One 校长任期结束综合督导评估 in 东湖区
is in its self-assessment.

Visits and findings are written in bulk with one audit event for the lot (like an import);
the cases go through ``case_open`` / ``case_move``.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from edugov.accounts.models import User
from edugov.audit.services import audit_record
from edugov.casework.models import Case
from edugov.casework.services import case_move
from edugov.core import clock
from edugov.core.context import acting
from edugov.org.models import Unit, UnitKind

from .models import (
    Assignment,
    Background,
    Campaign,
    CampaignKind,
    Finding,
    Indicator,
    Inspector,
    Severity,
    Visit,
)
from .services import (
    campaign_save,
    campaign_self_assess,
    campaign_start,
    finding_open_case,
    schools_per_inspector,
)

log = logging.getLogger(__name__)
SEED = 2023
TZ = dt.timezone(dt.timedelta(hours=8))
SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = ("建国", "秀英", "志强", "丽华", "国平", "海燕", "德明", "春梅", "立新", "晓燕")
GIVEN += ("文斌", "桂兰", "振华", "玉梅", "红军", "小平", "卫东", "淑珍", "光明", "美玲")
GIVEN += ("永红", "爱华", "建华", "金凤", "兆丰", "慧敏", "清泉", "雪梅", "长青", "敏")
ITEMS = (
    "课后服务",
    "食堂食品安全",
    "校园安全与消防",
    "作业管理（双减）",
    "课程开设",
    "师德师风",
    "校舍安全",
    "招生入学",
    "收费公示",
    "心理健康教育",
)
FINDINGS = (
    ("消防通道堆放杂物", Severity.MAJOR),
    ("食堂留样记录不全", Severity.MAJOR),
    ("课后服务收费未公示", Severity.MINOR),
    ("部分班级书面作业超时", Severity.MINOR),
    ("实验室危化品台账缺失", Severity.MAJOR),
    ("体育课被挤占", Severity.MINOR),
    ("围墙局部开裂", Severity.MAJOR),
    ("心理咨询室未按时开放", Severity.NOTE),
)
CHECKLIST = (
    ("A1", "党的建设：党组织领导的校长负责制落实", 15, "党组织会议纪要"),
    ("A2", "立德树人：德育与五育并举", 20, "德育工作计划、活动记录"),
    ("A3", "学校治理：章程与民主管理", 15, "学校章程、教代会记录"),
    ("A4", "教师工作：师德与专业发展", 15, "培训记录"),
    ("A5", "规范办学：招生、课程、作业", 15, "课表、作业公示"),
    ("A6", "安全卫生：校舍、食堂、消防", 10, "安全台账"),
    ("A7", "满意度调查", 10, "问卷结果"),
)


def _visit_day(rng: random.Random, year: int, month: int) -> dt.date:
    """A weekday of the month, between the 3rd and the 26th."""
    while True:
        day = dt.date(year, month, rng.randint(3, 26))
        if day.weekday() < 5:
            return day


def load_demo() -> str:
    if Inspector.objects.exists():
        return "inspection: already loaded"
    users = {u.username: u for u in User.objects.filter(is_active=True).select_related("unit")}
    city_admin = users.get("city_admin")
    if city_admin is None:
        return "inspection: no city_admin account; skipped"
    # The district's own officer acts for it where the demo has one.
    officers = {
        u.unit_id: u
        for u in users.values()
        if u.unit_id
        and u.unit.kind in (UnitKind.DISTRICT, UnitKind.ZONE)
        and u.roles.filter(code="district_admin").exists()
    }
    rng = random.Random(SEED)
    today = clock.today()
    per = schools_per_inspector()
    districts = list(
        Unit.objects.filter(kind__in=[UnitKind.DISTRICT, UnitKind.ZONE]).order_by("path")
    )
    schools = list(Unit.objects.filter(kind=UnitKind.SCHOOL, is_active=True).order_by("path"))
    by_district: dict[int, list[Unit]] = {}
    for s in schools:
        d = next((d for d in districts if s.path.startswith(d.path)), None)
        if d is not None:
            by_district.setdefault(d.pk, []).append(s)
    months = range(1, today.month + 1)
    with transaction.atomic(), acting(city_admin):
        inspectors, assignments, holders = [], [], []
        names: set[tuple[int, str]] = set()
        for d in districts:
            group = by_district.get(d.pk, [])
            for i in range(0, len(group), per):
                while True:
                    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
                    if (d.pk, name) not in names:
                        names.add((d.pk, name))
                        break
                ins = Inspector(
                    unit=d,
                    name=name,
                    phone=f"139{rng.randint(0, 99999999):08d}",
                    background=rng.choice(Background.values),
                )
                inspectors.append(ins)
                holders.append(group[i : i + per])
        Inspector.objects.bulk_create(inspectors)
        for ins, group in zip(inspectors, holders, strict=True):
            for s in group:
                assignments.append(
                    Assignment(inspector=ins, school=s, start_date=dt.date(2023, 1, 3))
                )
        Assignment.objects.bulk_create(assignments)
        visits = []
        for a in assignments:
            for m in months:
                day = _visit_day(rng, 2023, m)
                if day > today:
                    continue
                visits.append(
                    Visit(
                        date=day,
                        school=a.school,
                        inspector=a.inspector,
                        items_checked="、".join(rng.sample(ITEMS, 3)),
                        summary="整体规范有序",
                        recorded_by=officers.get(a.inspector.unit_id, city_admin),
                    )
                )
        Visit.objects.bulk_create(visits, batch_size=2000)
        findings = []
        for v in visits:
            if rng.random() < 0.12:
                text, severity = rng.choice(FINDINGS)
                findings.append(Finding(visit=v, description=text, severity=severity))
        Finding.objects.bulk_create(findings, batch_size=2000)
        audit_record(
            "inspection.demo_load",
            object_type="inspection.visit",
            changes={
                "inspectors": len(inspectors),
                "assignments": len(assignments),
                "visits": len(visits),
                "findings": len(findings),
            },
        )
    cases = _cases(findings, officers, city_admin, rng, today)
    campaign = _campaign(users, rng)
    return (
        f"inspection: {len(inspectors)} inspectors, {len(assignments)} schools assigned, "
        f"{len(visits)} visits, {len(findings)} findings, {cases} rectification cases, "
        f"campaign {campaign}"
    )


def _cases(findings, officers, city_admin, rng, today) -> int:
    """Rectification cases for the major findings until August, at most 60, so that the
    demo shows each stage of the loop and some overdue cases."""
    major = [f for f in findings if f.severity == Severity.MAJOR and f.visit.date.month <= 8]
    rng.shuffle(major)
    major = sorted(major[:60], key=lambda f: f.visit.date)
    n = 0
    for f in major:
        school = f.visit.school
        officer = officers.get(f.visit.inspector.unit_id, city_admin)
        at = dt.datetime.combine(f.visit.date, dt.time(16, 0), TZ)
        with transaction.atomic(), acting(officer):
            finding_open_case(finding=f, user=officer, now=at)
            n += 1
            case = Case.objects.get(pk=f.case_id)
            # Only the school signs and reports (LEAD); a school without an account in
            # the demo leaves its notice unsigned, past its 2-working-day limit.
            actor = User.objects.filter(unit=school, is_active=True).first()
            age = (today - f.visit.date).days
            if actor is None or age < 10:
                continue
            try:
                with acting(actor):
                    case = case_move(
                        user=actor, case=case, transition="sign", now=at + dt.timedelta(days=1)
                    )
                if age < 45 and rng.random() < 0.6:
                    continue  # still being rectified: overdue once its 20 working days pass
                with acting(actor):
                    case = case_move(
                        user=actor,
                        case=case,
                        transition="report",
                        outcome="已整改到位",
                        now=at + dt.timedelta(days=12),
                    )
                if age < 60:
                    continue  # reported, waiting for the re-check
                with acting(officer):
                    case = case_move(
                        user=officer,
                        case=case,
                        transition="recheck",
                        now=at + dt.timedelta(days=16),
                    )
                    case_move(
                        user=officer,
                        case=case,
                        transition="strike_off",
                        reason="复查合格",
                        now=at + dt.timedelta(days=17),
                    )
            except (PermissionDenied, ValidationError) as exc:
                # A move the demo's actor may not make leaves the case where it stands.
                log.info("demo case %s left at %s: %s", case.number, case.state, exc)
    return n


def _campaign(users, rng) -> str:
    officer = users.get("donghu_admin") or users["city_admin"]
    donghu = Unit.objects.get(code="360102")
    school = (
        Unit.objects.filter(kind=UnitKind.SCHOOL, path__startswith=donghu.path)
        .order_by("path")
        .first()
    )
    if school is None:
        return "skipped (no 东湖区 school)"
    with transaction.atomic(), acting(officer):
        c = campaign_save(
            campaign=Campaign(
                code="DH-XZRQ-2023-01",
                title=f"{school.name}校长任期结束综合督导评估",
                kind=CampaignKind.PRINCIPAL_TERM,
                year=2023,
                unit=donghu,
                evaluated_unit=school,
                self_due=dt.date(2023, 9, 30),
            ),
            user=officer,
        )
        for code, name, full, evidence in CHECKLIST:
            Indicator.objects.create(
                campaign=c, code=code, name=name, max_score=full, evidence_required=evidence
            )
        audit_record("inspection.checklist_load", obj=c, changes={"indicators": len(CHECKLIST)})
        campaign_start(campaign=c, user=officer)
        c.refresh_from_db()
        head = User.objects.filter(unit=school, is_active=True).first() or officer
        indicators = list(c.indicators.all()[:4])
        if head.unit_id == school.pk:
            with acting(head):
                campaign_self_assess(
                    campaign=c,
                    user=head,
                    answers={
                        i.pk: {
                            "score": str(i.max_score - Decimal(rng.randint(0, 2))),
                            "note": "已自查",
                        }
                        for i in indicators
                    },
                )
    return c.code
