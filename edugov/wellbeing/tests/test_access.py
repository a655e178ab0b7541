"""Need-to-know by construction (issue 18 §5): a case and an individual result open to
the assigned counselor, the school's lead counselor and, once escalated, the district
center; a teacher, a principal, a district officer, the city and another school's
counselor get 404 on every page, export and API answer; each read is one audit event."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from edugov.audit.models import AuditEvent
from edugov.conftest import session_login
from edugov.core.context import acting
from edugov.core.testing import ScopedViewTests
from edugov.wellbeing import services
from edugov.wellbeing.models import CaseFile, Hospital, Submission

from .factory import NOW, ORANGE_PHQ, answer, campaign, code_for

pytestmark = pytest.mark.django_db


def _reads(crisis, counselor):
    file = crisis.case_file
    with acting(counselor):
        referral = services.referral_create(
            user=counselor, file=file, hospital=Hospital.objects.get(), reason="持续低落", now=NOW
        )
    return [
        reverse("wellbeing:case_detail", args=[file.pk]),
        reverse("wellbeing:result_detail", args=[crisis.pk]),
        reverse("wellbeing:referral_letter", args=[referral.pk]),
        reverse("casework:case_detail", args=[file.case_id]),
    ], file


def test_nobody_outside_the_readers_opens_a_case_or_a_result(cast, team, teacher, crisis):
    urls, file = _reads(crisis, cast.counselor)
    outsiders = {
        "teacher": teacher,
        "principal": cast.donghu_principal,
        "district officer": cast.donghu_officer,
        "city": cast.city_admin,
        "another school's counselor": team["school_counselor"],
    }
    posts = [reverse(f"wellbeing:{n}", args=[file.pk]) for n in ("note_add", "escalate", "close")]
    for who, user in outsiders.items():
        client = session_login(Client(), user)
        for url in urls:
            assert client.get(url).status_code == 404, (who, url)
        for url in posts:
            assert client.post(url, {"text": "x", "kind": "interview"}).status_code == 404, (
                who,
                url,
            )
        for name in ("wellbeing:case_list", "wellbeing:result_list", "wellbeing:case_export"):
            page = client.get(reverse(name), {"format": "csv"})
            if page.status_code == 200 and name.endswith("export"):
                rows = b"".join(page.streaming_content).decode("utf-8-sig").strip().splitlines()
                assert len(rows) == 1, (who, name)  # the header alone
            elif page.status_code == 200:
                shown = re.search(rb'data-testid="row-count">\D*(\d+)', page.content)
                assert shown is None or shown.group(1) == b"0", (who, name)
            else:
                assert page.status_code == 404, (who, name)
        api = APIClient()
        api.force_authenticate(user)
        assert api.get(f"/api/wellbeing/cases/{file.pk}/").status_code == 404, who
        listed = api.get("/api/wellbeing/cases/")
        assert listed.status_code == 403 or listed.json()["count"] == 0, who
        assert not Submission.objects.visible_to(user, "view").exists(), who
        assert not CaseFile.objects.visible_to(user, "export").exists(), who


def test_the_assigned_counselor_reads_and_each_read_is_one_audit_event(cast, team, crisis):
    urls, _file = _reads(crisis, cast.counselor)
    client = session_login(Client(), cast.counselor)
    for url in urls:
        last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
        assert client.get(url).status_code == 200, url
        events = list(AuditEvent.objects.filter(pk__gt=last).values_list("event_type", flat=True))
        assert events in (["wellbeing.read"], ["casework.read"]), (url, events)


def test_the_district_center_reads_escalated_cases_only(cast, team, pupil, drive, crisis):
    center = team["center_staff"]
    assert CaseFile.objects.visible_to(center).filter(pk=crisis.case_file_id).exists()  # 红
    orange = answer(code_for(cast.counselor, drive, _other(cast)), ORANGE_PHQ)
    assert not CaseFile.objects.visible_to(center).filter(pk=orange.case_file_id).exists()
    with acting(cast.counselor):
        services.file_escalate(user=cast.counselor, file=orange.case_file, now=NOW)
    assert CaseFile.objects.visible_to(center).filter(pk=orange.case_file_id).exists()


def _other(cast):
    from edugov.students.tests.conftest import make_student

    return make_student(cast.donghu_junior, name="周小北", grade=7)


def test_a_case_moves_with_the_student_to_a_new_school(cast, team, crisis):
    file = crisis.case_file
    with acting(cast.counselor):
        services.file_transfer(user=cast.counselor, file=file, school=cast.jinxian_school, now=NOW)
    new = team["jinxian_counselor"]
    assert CaseFile.objects.visible_to(new).filter(pk=file.pk).exists()
    assert Submission.objects.visible_to(new).filter(pk=crisis.pk).exists()
    assert not CaseFile.objects.visible_to(cast.counselor).filter(pk=file.pk).exists()


class TestCasePages(ScopedViewTests):
    list_url = "wellbeing:case_list"
    detail_url = "wellbeing:case_detail"
    export_url = "wellbeing:case_export"
    not_applicable = {
        "test_the_edit_page_answers_200_in_scope_and_404_outside": "a case changes through "
        "its notes and moves, never through an edit form",
    }

    def objects(self, cast):
        from edugov.conftest import make_user
        from edugov.students.tests.conftest import make_student
        from edugov.wellbeing.tests.factory import RED_PHQ, staff

        staff(cast)
        first = make_student(cast.donghu_junior, name="甲", grade=7)
        second = make_student(cast.donghu_school, name="乙", grade=5)
        drive = campaign(cast.donghu_officer, cast.donghu, grades=(5, 7))
        inside = answer(code_for(cast.counselor, drive, first), RED_PHQ)
        other = make_user("other_lead", "counselor", cast.donghu_school)
        from edugov.wellbeing.models import Staffing

        Staffing.objects.filter(school=cast.donghu_school).update(lead_counselor=other)
        outside = answer(code_for(other, drive, second), RED_PHQ)
        return cast.counselor, inside.case_file, outside.case_file

    def label(self, obj):
        return obj.school.name  # each school numbers its own series: 第1号 in both


class TestResultPages(ScopedViewTests):
    list_url = "wellbeing:result_list"
    detail_url = "wellbeing:result_detail"
    not_applicable = {
        "test_the_edit_page_answers_200_in_scope_and_404_outside": "a result is never edited",
        "test_the_export_contains_in_scope_rows_only": "individual results have no export",
    }

    def objects(self, cast):
        files = TestCasePages().objects(cast)
        return (
            files[0],
            Submission.objects.get(case_file=files[1]),
            Submission.objects.get(case_file=files[2]),
        )

    def label(self, obj):
        return reverse("wellbeing:result_detail", args=[obj.pk])
