"""The student's side: one-use expiring codes, consent under 14, a 红 sheet opening its
crisis case in the same request, counts by tier kept with each sheet."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from edugov.casework.models import Notification
from edugov.conftest import session_login
from edugov.core.context import acting
from edugov.students.tests.conftest import make_student
from edugov.wellbeing import services
from edugov.wellbeing.models import CaseFile, Consent, Staffing, TierCount

from .factory import CALM_PHQ, NOW, RED_PHQ, answer, campaign, code_for

pytestmark = pytest.mark.django_db


def _post_sheet(client, phq, gad=(0,) * 7):
    data = {f"PHQ-9:q{i + 1}": v for i, v in enumerate(phq)}
    data.update({f"GAD-7:q{i + 1}": v for i, v in enumerate(gad)})
    return client.post(reverse("wellbeing:answer_sheet"), data)


def test_a_red_sheet_opens_the_crisis_case_in_the_same_request(cast, team, pupil, drive, settings):
    settings.EDUGOV_TODAY = NOW.date()
    code = code_for(cast.counselor, drive, pupil)
    student = Client()
    start = student.post(reverse("wellbeing:answer_start"), {"code": code.lower()})
    assert start.status_code == 302
    done = _post_sheet(student, RED_PHQ)
    assert done.status_code == 200 and b"sheet-done" in done.content
    file = CaseFile.objects.get()
    assert file.case.case_type == "wb_crisis" and file.case.state == "alert"
    assert file.counselor == cast.counselor and file.escalated
    told = set(Notification.objects.filter(case=file.case).values_list("recipient", flat=True))
    assert told == {cast.counselor.pk, team["center_staff"].pk}  # not the principal
    # The counselor's inbox shows it now, as a move to make (待办).
    inbox = session_login(Client(), cast.counselor).get(reverse("casework:inbox"))
    assert file.case.number in inbox.content.decode()
    counts = dict(TierCount.objects.filter(school=cast.donghu_junior).values_list("tier", "count"))
    assert counts == {"red": 1, "orange": 0, "yellow": 0, "none": 0}
    # The code is spent: it cannot answer again.
    again = Client().post(reverse("wellbeing:answer_start"), {"code": code})
    assert again.status_code == 400 and "wellbeing_code" not in again.client.session


def test_a_used_or_expired_code_cannot_answer(cast, team, pupil, young, drive):
    code = code_for(cast.counselor, drive, pupil)
    answer(code, CALM_PHQ)
    with pytest.raises(ValidationError):
        answer(code, CALM_PHQ)
    other = code_for(cast.counselor, drive, young)
    Consent.objects.create(
        campaign=drive,
        school=cast.donghu_junior,
        student=young,
        guardian_name="赵大",
        relation="母亲",
        method="phone",
        given_on=NOW.date(),
        recorded_by=cast.counselor,
        recorded_at=NOW,
    )
    with pytest.raises(ValidationError, match="无效"):
        answer(other, CALM_PHQ, now=NOW + dt.timedelta(hours=72, seconds=1))
    assert answer(other, CALM_PHQ, now=NOW + dt.timedelta(hours=71)).tier == "none"


def test_a_student_under_14_without_consent_cannot_start(cast, team, young, drive):
    code = code_for(cast.counselor, drive, young)
    with pytest.raises(ValidationError, match="监护人同意"):
        services.code_redeem(code=code, now=NOW)
    with pytest.raises(ValidationError, match="监护人同意"):
        answer(code, CALM_PHQ)
    with acting(cast.counselor):
        services.consent_record(
            user=cast.counselor,
            consent=Consent(
                campaign=drive,
                student=young,
                guardian_name="赵大",
                relation="母亲",
                method="paper",
                given_on=NOW.date(),
            ),
            now=NOW,
        )
    assert services.code_redeem(code=code, now=NOW).student == young


def test_a_campaign_needs_a_lead_counselor_in_every_school_taking_part(cast, team, pupil):
    Staffing.objects.filter(school=cast.donghu_school).update(lead_counselor=None)
    # 东湖区育新学校 has no grade-7 student: it takes no part and needs no counselor.
    assert (
        campaign(cast.donghu_officer, cast.donghu).counts.values("school").distinct().count() == 1
    )
    make_student(cast.donghu_school, name="钱小五", grade=5)
    with pytest.raises(ValidationError, match=cast.donghu_school.name):
        campaign(cast.donghu_officer, cast.donghu, grades=(5, 7))


def test_the_class_teacher_issues_codes_for_her_class_only(cast, team, teacher, pupil, drive):
    client = session_login(Client(), teacher)
    response = client.post(
        reverse("wellbeing:codes_issue", args=[drive.pk]), {"grade_class": "7|1班"}
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2 and "李" in lines[1] and "小明" not in lines[1]  # masked
    code = lines[1].split(",")[2]
    assert services.code_redeem(code=code, now=NOW).student == pupil
    # The principal of another district's school sees no such campaign.
    other = session_login(Client(), cast.jinxian_principal)
    assert other.post(reverse("wellbeing:codes_issue", args=[drive.pk])).status_code == 404
