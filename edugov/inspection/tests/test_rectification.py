"""A finding opens a rectification case on casework; each move in scope, out of scope
(404) and in the wrong state."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edugov.casework.models import Case
from edugov.casework.services import case_move
from edugov.conftest import session_login
from edugov.core.context import acting

from ..models import Visit
from ..services import finding_open_case, visit_save
from .conftest import NOW

pytestmark = pytest.mark.django_db


def photo():
    return SimpleUploadedFile("p.jpg", b"\xff\xd8\xff\xe0 x")


@pytest.fixture
def visit(cast, inspector):
    with acting(cast.donghu_officer):
        return visit_save(
            visit=Visit(
                date=dt.date(2023, 9, 20),
                school=cast.donghu_school,
                inspector=inspector,
                items_checked="食堂、课后服务",
            ),
            user=cast.donghu_officer,
            findings=[{"description": "食堂留样记录不全", "severity": "major"}],
            files=[photo()],
        )


def test_a_visit_refuses_a_renamed_executable(cast, inspector):
    with acting(cast.donghu_officer), pytest.raises(ValidationError):
        visit_save(
            visit=Visit(
                date=dt.date(2023, 9, 20),
                school=cast.donghu_school,
                inspector=inspector,
                items_checked="x",
            ),
            user=cast.donghu_officer,
            files=[SimpleUploadedFile("a.jpg", b"MZ\x90\x00")],
        )
    assert not Visit.objects.exists()


def test_a_finding_opens_a_case_led_by_the_school(cast, visit):
    finding = visit.findings.get()
    with acting(cast.donghu_officer):
        finding_open_case(
            finding=finding, user=cast.donghu_officer, deadline="15 个工作日", now=NOW
        )
    case = Case.objects.get()
    assert finding.case == case
    assert case.case_type == "inspection_rectify" and case.state == "issued"
    assert case.lead_unit == cast.donghu_school and case.unit == cast.donghu
    assert case.number.startswith("督改")
    # 15 working days from Monday 25 September 2023: 26–28 Sep, the make-up Saturday and
    # Sunday 7–8 Oct after the 国庆 holiday, then 9–20 Oct (23:59:59 Beijing time).
    assert case.due_at.astimezone(NOW.tzinfo).date() == dt.date(2023, 10, 20)
    with acting(cast.donghu_officer), pytest.raises(ValidationError):
        finding_open_case(finding=finding, user=cast.donghu_officer)


def test_the_school_cannot_issue_a_rectification_to_itself(cast, visit):
    with acting(cast.donghu_principal), pytest.raises(PermissionDenied):
        finding_open_case(finding=visit.findings.get(), user=cast.donghu_principal)


def test_the_rectify_page_is_404_out_of_scope(cast, visit, client):
    session_login(client, cast.jinxian_principal)
    url = reverse("inspection:finding_rectify", args=[visit.findings.get().pk])
    assert client.post(url).status_code == 404
    assert not Case.objects.exists()


def test_the_whole_loop_and_each_move_in_the_wrong_state(cast, visit):
    finding = visit.findings.get()
    with acting(cast.donghu_officer):
        finding_open_case(finding=finding, user=cast.donghu_officer, now=NOW)
    case = Case.objects.get()
    school, district = cast.donghu_principal, cast.donghu_officer

    def move(user, name, **kw):
        with acting(user):
            return case_move(
                user=user, case=Case.objects.get(pk=case.pk), transition=name, now=NOW, **kw
            )

    # The district cannot report for the school; the school cannot re-check its own work.
    with pytest.raises((PermissionDenied, ValidationError)):
        move(school, "recheck")
    with pytest.raises((PermissionDenied, ValidationError)):
        move(cast.jinxian_principal, "sign")
    move(school, "sign")
    with pytest.raises((PermissionDenied, ValidationError)):
        move(school, "sign")  # wrong state now
    move(school, "report", outcome="已补齐留样记录", files=[photo()])
    with pytest.raises((PermissionDenied, ValidationError)):
        move(school, "recheck")
    move(district, "recheck_fail", reason="留样冰箱未配温度计")
    assert Case.objects.get().state == "rectifying"
    move(school, "report", outcome="已配温度计", files=[photo()])
    move(district, "recheck")
    with pytest.raises((PermissionDenied, ValidationError)):
        move(school, "strike_off")
    move(district, "strike_off")
    assert Case.objects.get().state == "closed" and not Case.objects.get().is_open


def test_a_case_page_is_404_to_another_district(cast, visit, client):
    with acting(cast.donghu_officer):
        finding_open_case(finding=visit.findings.get(), user=cast.donghu_officer, now=NOW)
    case = Case.objects.get()
    session_login(client, cast.jinxian_principal)
    assert client.get(reverse("casework:case_detail", args=[case.pk])).status_code == 404
    session_login(client, cast.donghu_principal)
    assert client.get(reverse("casework:case_detail", args=[case.pk])).status_code == 200


def test_the_visit_page_and_photo_are_404_out_of_scope(cast, visit, client):
    session_login(client, cast.jinxian_principal)
    assert client.get(reverse("inspection:visit_detail", args=[visit.pk])).status_code == 404
    p = visit.photos.get()
    assert client.get(reverse("inspection:photo_download", args=[p.pk])).status_code == 404
    session_login(client, cast.donghu_officer)
    assert client.get(reverse("inspection:visit_detail", args=[visit.pk])).status_code == 200
    assert client.get(reverse("inspection:photo_download", args=[p.pk])).status_code == 200
