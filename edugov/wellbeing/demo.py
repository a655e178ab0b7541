"""The mental-health part of ``make demo``: deterministic, idempotent, lean.

An autumn campaign of 东湖区 (grades 4–12: 小学高年级, 初中, 高中) answered by every
student the registry holds there (the demo registry keeps 40 a school, so about 1,500
sheets rather than the real district's 6,000), with a believable spread; a lead
counselor per school taking part (``donghu_counselor`` leads hers); the district's
心理辅导中心; two referral hospitals; the handful of 红 sheets open crisis cases, the
橙 ones psychological cases, through the same bulk path as a paper campaign
(``bulk.sheets_store``); two of ``donghu_counselor``'s alerts answered by an interview,
one referred; open hours with bookings; a week of hotline calls.
"""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

from django.db import transaction

from edugov.accounts.models import Role, RoleAssignment, User
from edugov.core.context import acting
from edugov.engines.screening.synth import sheets
from edugov.org.models import Unit, UnitKind
from edugov.students.models import Student, minor_cutoff

from . import services
from .bulk import sheets_store
from .models import (
    Campaign,
    CaseFile,
    Center,
    Consent,
    DutyShift,
    Hospital,
    HotlineCall,
    Slot,
    Staffing,
)

TZ = ZoneInfo("Asia/Shanghai")
TITLE = "2023年秋季学期东湖区中小学生心理健康测评"
ANSWERED = dt.datetime(2023, 9, 5, 10, 0, tzinfo=TZ)
GRADES = list(range(4, 13))
# A calmer spread than the benchmark's: a handful of 红 in a district.
MIX = (0.88, 0.09, 0.028, 0.002)


def _counselors(schools: list[Unit], lead: User) -> dict[int, User]:
    """One lead counselor per school: the demo's ``donghu_counselor`` for hers, a data-only
    account (no password) for each other school."""
    role = Role.objects.get(code="counselor")
    out = {lead.unit_id: lead}
    new = [
        User(username=f"donghu_xl_{s.code}", display_name=f"{s.name}心理老师", unit=s)
        for s in schools
        if s.pk != lead.unit_id
    ]
    for u in new:
        u.set_unusable_password()
    User.objects.bulk_create(new)
    made = list(User.objects.filter(username__startswith="donghu_xl_"))
    RoleAssignment.objects.bulk_create([RoleAssignment(user=u, role=role) for u in made])
    out.update({u.unit_id: u for u in made})
    return out


def load_demo() -> str:
    if Campaign.objects.filter(title=TITLE).exists():
        return "wellbeing: already loaded"
    started = time.monotonic()
    donghu = Unit.objects.get(code="360102")
    city = Unit.objects.filter(kind=UnitKind.CITY).order_by("pk").first()
    officer = User.objects.get(username="donghu_admin")
    lead = User.objects.get(username="donghu_counselor")
    students = list(
        Student.objects.filter(school__parent=donghu, grade__in=GRADES)
        .order_by("pk")
        .only("pk", "school_id", "grade", "birth_date")
    )
    schools = list(Unit.objects.filter(pk__in={s.school_id for s in students}).order_by("path"))
    with transaction.atomic():
        leads = _counselors(schools, lead)
        Staffing.objects.bulk_create(
            [
                Staffing(
                    school=s,
                    lead_counselor=leads[s.pk],
                    full_time=1 if i % 3 == 0 else 0,
                    part_time=0 if i % 3 == 0 else 1 if i % 7 else 0,
                )
                for i, s in enumerate(schools)
            ]
        )
        center_staff = User(
            username="donghu_center", display_name="东湖区心理辅导中心", unit=donghu
        )
        center_staff.set_unusable_password()
        center_staff.save()
        RoleAssignment.objects.create(user=center_staff, role=Role.objects.get(code="counselor"))
        center = Center.objects.create(
            district=donghu, name="东湖区中小学生心理辅导中心", hotline="0791-86000000"
        )
        center.staff.set([center_staff])
        Hospital.objects.bulk_create(
            [
                Hospital(unit=city, name="南昌市第九医院", department="儿童青少年心理科"),
                Hospital(unit=city, name="江西省精神卫生中心", department="儿童青少年门诊"),
            ]
        )
    with acting(officer):
        campaign = services.campaign_create(
            user=officer,
            campaign=Campaign(
                unit=donghu,
                title=TITLE,
                grades=GRADES,
                instruments=["PHQ-9", "GAD-7"],
                opens_on=dt.date(2023, 9, 4),
                closes_on=dt.date(2023, 9, 22),
            ),
            now=ANSWERED - dt.timedelta(days=2),
        )
        # Paper consent forms collected by the class teachers for the under-14s.
        cutoff = minor_cutoff(ANSWERED.date())
        Consent.objects.bulk_create(
            [
                Consent(
                    campaign=campaign,
                    school_id=s.school_id,
                    student=s,
                    guardian_name="监护人",
                    relation="父母",
                    method="paper",
                    given_on=dt.date(2023, 9, 1),
                    recorded_by=officer,
                    recorded_at=ANSWERED - dt.timedelta(days=3),
                )
                for s in students
                if s.birth_date and s.birth_date > cutoff
            ],
            batch_size=1000,
        )
        phq, gad = sheets(len(students), seed=2023, mix=MIX)
        # donghu_counselor's school has its own handful: two 红 (one by item 9 alone)
        # and one 橙, so that her inbox and case list show what the module does.
        hers = [i for i, s in enumerate(students) if s.school_id == lead.unit_id][:3]
        for i, row in zip(
            hers,
            ([1, 1, 2, 1, 1, 0, 1, 0, 1], [3, 3, 2, 3, 2, 2, 2, 3, 0], [2, 2, 2, 2, 2, 2, 2, 1, 0]),
            strict=False,
        ):
            phq[i] = row
        counts = sheets_store(
            user=officer,
            campaign=campaign,
            sheets=[
                (s.pk, {"PHQ-9": phq[i].tolist(), "GAD-7": gad[i].tolist()})
                for i, s in enumerate(students)
            ],
            now=ANSWERED,
        )
    _work(lead)
    return (
        f"wellbeing: {len(students):,} sheets in {len(schools)} 东湖区 schools "
        f"(红 {counts['red']}, 橙 {counts['orange']}, 黄 {counts['yellow']}), "
        f"{time.monotonic() - started:.1f} s"
    )


def _work(lead: User) -> None:
    """What ``donghu_counselor`` has done since: interviews, a referral, open hours."""
    files = list(
        CaseFile.objects.filter(counselor=lead).select_related("case").order_by("case__case_type")
    )
    hospital = Hospital.objects.get(name="南昌市第九医院")
    later = ANSWERED + dt.timedelta(hours=2)
    with acting(lead):
        for i, file in enumerate(files[:2]):
            services.note_add(
                user=lead,
                file=file,
                kind="interview",
                text="约谈：近两周睡眠差、情绪低落，学业压力大；已告知监护人，约定每周跟踪。",
                now=later,
            )
            if i == 0:
                services.referral_create(
                    user=lead,
                    file=file,
                    hospital=hospital,
                    reason="持续情绪低落，建议专科评估",
                    now=later,
                )
        base = dt.datetime(2023, 9, 7, 14, 0, tzinfo=TZ)
        slots = Slot.objects.bulk_create(
            [
                Slot(
                    school_id=lead.unit_id,
                    counselor=lead,
                    starts_at=base + dt.timedelta(days=d, hours=h),
                    place="心理辅导室",
                )
                for d in range(3)
                for h in (0, 1, 2)
            ]
        )
    for slot, (name, who) in zip(
        slots[:3], (("陈同学", "student"), ("林女士", "parent"), ("黄同学", "student")), strict=True
    ):
        services.appointment_book(slot=slot, name=name, contact="", who=who, now=ANSWERED)
    center = Center.objects.get(district__code="360102")
    staff = center.staff.first()
    DutyShift.objects.bulk_create(
        [
            DutyShift(
                center=center,
                user=staff,
                starts_at=dt.datetime(2023, 9, d, 8, 0, tzinfo=TZ),
                ends_at=dt.datetime(2023, 9, d, 22, 0, tzinfo=TZ),
            )
            for d in range(1, 8)
        ]
    )
    topics = ("study", "family", "peers", "mood", "study", "mood", "crisis", "study")
    HotlineCall.objects.bulk_create(
        [
            HotlineCall(
                center=center,
                taken_by=staff,
                at=dt.datetime(2023, 9, 1 + i % 5, 19, 10 * (i % 5), tzinfo=TZ),
                minutes=8 + 3 * i,
                topic=t,
                outcome="referred" if t == "crisis" else "advice",
            )
            for i, t in enumerate(topics)
        ]
    )
