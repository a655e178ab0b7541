"""Rows for the authorization matrix: in 东湖区 and in 进贤县, an institution with a course,
a lesson, a staff member and statement lines; an inspection plan and record with a
finding (a case); a public complaint (a case owned by the district); a school's
after-school programme."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from edugov.core.context import acting

from ..models import (
    Course,
    FieldRecord,
    InspectionPlan,
    Institution,
    Programme,
    Session,
    Staff,
    StatementLine,
)
from ..services import (
    complaint_submit,
    finding_record,
    institution_save,
    plan_save,
    programme_save,
    record_save,
    staff_save,
)

NOW = dt.datetime(2023, 9, 25, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def institution(user, district, code: str, name: str, category="nonsubject", field="arts"):
    with acting(user):
        inst = institution_save(
            user=user,
            institution=Institution(
                code=code,
                name=name,
                licence_no=f"教民{code}号",
                category=category,
                field=field,
                address=f"{district.name}某路 1 号",
                district=district,
            ),
        )
        course = Course.objects.create(
            institution=inst, code="C1", name=f"{name}课程", price=Decimal("100.00")
        )
        Session.objects.create(
            course=course, date=dt.date(2023, 9, 25), start=dt.time(18), end=dt.time(19)
        )
        staff_save(
            user=user,
            staff=Staff(
                institution=inst,
                name="王老师",
                phone="13907911234",
                qualification="teacher",
                certificate_no="20233601234567",
            ),
        )
        StatementLine.objects.create(
            institution=inst,
            serial=f"S-{code}-1",
            booked_on=dt.date(2023, 9, 1),
            kind="charge",
            amount=Decimal("3000.00"),
            lessons=30,
            covers_from=dt.date(2023, 9, 1),
            covers_to=dt.date(2023, 11, 30),
        )
    return inst


def plan_and_record(user, tag: str, inst: Institution, *, finding: bool = True):
    with acting(user):
        plan = plan_save(
            user=user,
            plan=InspectionPlan(
                unit=user.unit,
                title=f"{tag}秋季巡检",
                starts=dt.date(2023, 9, 1),
                ends=dt.date(2023, 11, 30),
                checklist="证照\n收费公示",
            ),
        )
        record = record_save(
            user=user,
            record=FieldRecord(
                plan=plan,
                institution=inst,
                visited_on=dt.date(2023, 9, 20),
                inspectors=f"{tag}执法员",
            ),
        )
        if finding:
            finding_record(
                user=user, record=record, kind="places", description="在居民楼内授课", now=NOW
            )
    return plan, record


def programme(user, school, inst: Institution | None = None):
    with acting(user):
        return programme_save(
            user=user,
            programme=Programme(
                school=school, year=2023, ends_at=dt.time(17, 30), students=800, participants=720
            ),
            providers=[inst] if inst else [],
        )


def complaint(inst: Institution, tag: str):
    return complaint_submit(institution=inst, content=f"{tag}机构周末上学科课", now=NOW)


def institutions(cast):
    donghu = institution(cast.donghu_officer, cast.donghu, "JG-DH-1", "东湖启航艺术培训")
    jinxian = institution(
        cast.city_admin, cast.jinxian, "JG-JX-1", "进贤博学培训中心", "subject", "subject"
    )
    return donghu, jinxian


def build(cast) -> None:
    donghu, jinxian = institutions(cast)
    for user, school, tag, inst in (
        (cast.donghu_officer, cast.donghu_school, "东湖", donghu),
        (cast.city_admin, cast.jinxian_school, "进贤", jinxian),
    ):
        plan_and_record(user, tag, inst)
        programme(user, school, inst)
        complaint(inst, tag)
