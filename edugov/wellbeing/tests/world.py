"""Rows for the authorization matrix (built for every URL it checks, so plain inserts,
not the services, which the module's own tests exercise): staffing, a center and a
hospital; a 东湖区 campaign with a 红 sheet in 东湖区第一中学 (a crisis case of the cast's
counselor, with a note and a referral) and a 进贤县 campaign with a 橙 sheet (a case of
进贤's counselor); consent, codes, open hours, a booking, a duty shift, a hotline call."""

import datetime as dt

from edugov.casework.models import Case
from edugov.students.tests.conftest import make_student
from edugov.wellbeing.models import (
    AnswerCode,
    Appointment,
    Campaign,
    CaseFile,
    CaseNote,
    Center,
    Consent,
    DutyShift,
    Hospital,
    HotlineCall,
    Referral,
    Slot,
    Submission,
    TierCount,
)

from .factory import NOW, staff


def _sheet(cast, campaign, school, student, counselor, tier, case_type, seq):
    case = Case.objects.create(
        case_type=case_type,
        number=f"W{seq}",
        year=2023,
        seq=seq,
        unit=school,
        lead_unit=school,
        school=school,
        title="心理个案",
        state="alert",
        opened_by=counselor,
        opened_at=NOW,
        state_entered_at=NOW,
    )
    file = CaseFile.objects.create(
        case=case,
        student=student,
        school=school,
        counselor=counselor,
        tier=tier,
        escalated=case_type == "wb_crisis",
        opened_at=NOW,
    )
    Submission.objects.create(
        campaign=campaign,
        school=school,
        student=student,
        grade=student.grade,
        tier=tier,
        submitted_at=NOW,
        case_file=file,
    )
    return file


def build(cast) -> None:
    users = staff(cast)
    donghu_student = make_student(cast.donghu_junior, name="李小明", grade=7)
    jinxian_student = make_student(
        cast.jinxian_school, name="王小红", grade=5, born=dt.date(2012, 3, 1)
    )
    day = NOW.date()
    campaigns = {}
    for key, unit, by in (
        ("donghu", cast.donghu, cast.donghu_officer),
        ("jinxian", cast.jinxian_school, users["jinxian_counselor"]),
    ):
        campaigns[key] = Campaign.objects.create(
            unit=unit,
            title=f"{unit.name}秋季测评",
            grades=[5, 7],
            instruments=["PHQ-9", "GAD-7"],
            opens_on=day,
            closes_on=day,
            created_by=by,
            created_at=NOW,
        )
    TierCount.objects.bulk_create(
        [
            TierCount(campaign=campaigns["donghu"], school=cast.donghu_junior, tier="red", count=3),
            TierCount(
                campaign=campaigns["donghu"], school=cast.donghu_school, tier="none", count=40
            ),
            TierCount(
                campaign=campaigns["jinxian"], school=cast.jinxian_school, tier="orange", count=1
            ),
        ]
    )
    for i, (campaign, student, by) in enumerate(
        (
            (campaigns["donghu"], donghu_student, cast.counselor),
            (campaigns["jinxian"], jinxian_student, users["jinxian_counselor"]),
        )
    ):
        AnswerCode.objects.create(
            campaign=campaign,
            school=student.school,
            student=student,
            digest=f"{i:064d}",
            issued_by=by,
            issued_at=NOW,
            expires_at=NOW,
        )
        Consent.objects.create(
            campaign=campaign,
            school=student.school,
            student=student,
            guardian_name="王大明",
            relation="父亲",
            method="paper",
            given_on=day,
            recorded_by=by,
            recorded_at=NOW,
        )
    red = _sheet(
        cast,
        campaigns["donghu"],
        cast.donghu_junior,
        donghu_student,
        cast.counselor,
        "red",
        "wb_crisis",
        1,
    )
    _sheet(
        cast,
        campaigns["jinxian"],
        cast.jinxian_school,
        jinxian_student,
        users["jinxian_counselor"],
        "orange",
        "wb_case",
        2,
    )
    CaseNote.objects.create(
        case_file=red, kind="interview", text="约谈记录", at=NOW, author=cast.counselor
    )
    Referral.objects.create(
        case_file=red,
        hospital=Hospital.objects.get(),
        reason="持续低落",
        referred_on=day,
        by=cast.counselor,
    )
    slot = Slot.objects.create(school=cast.donghu_junior, counselor=cast.counselor, starts_at=NOW)
    Appointment.objects.create(slot=slot, name="李小明", who="student", booked_at=NOW)
    Slot.objects.create(
        school=cast.jinxian_school, counselor=users["jinxian_counselor"], starts_at=NOW
    )
    center = Center.objects.get()
    DutyShift.objects.create(
        center=center,
        user=users["center_staff"],
        starts_at=NOW,
        ends_at=NOW + dt.timedelta(hours=8),
    )
    HotlineCall.objects.create(
        center=center,
        taken_by=users["center_staff"],
        at=NOW,
        minutes=12,
        topic="study",
        outcome="advice",
    )
