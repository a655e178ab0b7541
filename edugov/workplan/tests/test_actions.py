"""Workflow actions through the one scoping mechanism: every declared action of the work
plan and the statistics, for every member of the cast, in and out of scope; the
supervising power as data."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edugov.audit.models import AuditEvent
from edugov.casework.models import Case
from edugov.conftest import make_user
from edugov.core.context import acting
from edugov.core.scoping import can
from edugov.org.services import unit_save
from edugov.registry.models import AnnualStatistics
from edugov.workplan.casetypes import DUBAN
from edugov.workplan.models import ProgressReport, Task
from edugov.workplan.services import notice_issue, notice_respond, report_submit
from edugov.workplan.status import Status

from .conftest import dept, make_task, point

pytestmark = pytest.mark.django_db

CAST = (
    "city_admin",
    "donghu_officer",
    "donghu_principal",
    "jinxian_principal",
    "counselor",
    "dept_staff",
    "sysadmin",
    "secadmin",
    "auditadmin",
)


@pytest.fixture
def rows(cast, plan):
    p5 = point(plan, 5)
    donghu = make_task(p5, cast.donghu, title="东湖区任务", owner=cast.donghu_officer)
    donghu2 = make_task(p5, cast.donghu, title="东湖区任务二", owner=cast.donghu_officer)
    city = make_task(p5, dept("基础教育科"), title="科室任务")
    with acting(None):
        report = report_submit(
            task=donghu,
            user=cast.donghu_officer,
            unit=cast.donghu,
            period_start=dt.date(2023, 3, 1),
            text="进展",
            percent=10,
            files=[SimpleUploadedFile("r.pdf", b"%PDF-1.4 r")],
        )
        notice = notice_issue(
            task=donghu,
            user=cast.city_admin,
            status=Status.LAGGING,
            reason="滞后",
            response_due=dt.date(2023, 7, 20),
            today=dt.date(2023, 7, 10),
        )
        answered = notice_issue(
            task=donghu2,
            user=cast.city_admin,
            status=Status.LAGGING,
            reason="滞后",
            response_due=dt.date(2023, 7, 20),
            today=dt.date(2023, 7, 10),
        )
        answered = notice_respond(
            notice=answered,
            user=cast.donghu_officer,
            measures="整改",
            new_due_date=dt.date(2023, 9, 1),
            today=dt.date(2023, 7, 12),
        )
    stats = AnnualStatistics.objects.create(school=cast.donghu_school, year=2023)
    return {
        "donghu": donghu,
        "city": city,
        "report": report,
        "notice": notice,
        "answered": answered,
        "stats": stats,
    }


# Who may, per (row, action): everyone else of the cast may not.
EXPECTED = {
    ("donghu", "supervise"): {"city_admin", "donghu_officer"},
    ("donghu", "strike_off"): {"city_admin"},  # never the lead unit itself
    ("city", "supervise"): {"city_admin"},  # a district does not supervise the city
    ("city", "strike_off"): {"city_admin"},
    ("notice", "duban:respond"): {"donghu_officer"},  # owner and lead unit
    ("notice", "duban:close"): set(),  # not answered yet: nobody strikes it off
    ("answered", "duban:respond"): set(),  # answered once
    ("answered", "duban:close"): {"city_admin"},  # the issuing unit
    ("report", "review"): {"city_admin"},  # above the lead unit; not the submitter
    ("stats", "review"): {"city_admin", "donghu_officer", "dept_staff"},  # not the school
}


@pytest.mark.parametrize(("row", "action"), sorted(EXPECTED))
def test_every_workflow_action_for_every_cast_member(cast, rows, row, action):
    obj = rows[row]
    allowed = {name for name in CAST if can(getattr(cast, name), obj, action)}
    assert allowed == EXPECTED[(row, action)]
    # The list form of the same rule agrees with the single-row form.
    for name in CAST:
        user = getattr(cast, name)
        listed = type(obj).objects.visible_to(user, action).filter(pk=obj.pk).exists()
        assert listed == (name in allowed), name


def test_every_declared_action_is_in_the_table():
    declared = {
        (model, action)
        for model in (Task, ProgressReport, AnnualStatistics)
        for action in model.actions
    } | {(Case, action) for action in DUBAN.actions()}
    kinds = {
        "donghu": Task,
        "city": Task,
        "notice": Case,
        "answered": Case,
        "report": ProgressReport,
        "stats": AnnualStatistics,
    }
    assert declared == {(kinds[row], action) for row, action in EXPECTED}


def test_renaming_the_inspectorate_does_not_change_who_issues(cast, rows):
    duban = make_user("duban_x", "department_staff", dept("督导室"))
    assert can(duban, rows["donghu"], "supervise")
    inspectorate = dept("督导室")
    inspectorate.name = "教育督导办公室"
    with acting(None):
        unit_save(unit=inspectorate)
    duban.refresh_from_db()
    assert can(duban, rows["donghu"], "supervise")


def test_the_supervising_power_is_data_the_security_admin_grants(cast, rows, client_for):
    basic = dept("基础教育科")
    staff = make_user("basic_staff", "department_staff", basic)
    assert not can(staff, rows["donghu"], "supervise")
    # The system admin manages units but not this power: the page is a 404 for her.
    assert client_for(cast.sysadmin).get(reverse("org:supervision")).status_code == 404
    assert (
        client_for(cast.sysadmin)
        .post(reverse("org:supervision_set", args=[basic.pk]), {"supervises": "1"})
        .status_code
        == 404
    )
    client = client_for(cast.secadmin)
    page = client.get(reverse("org:supervision"))
    assert page.status_code == 200 and "基础教育科" in page.content.decode()
    client.post(reverse("org:supervision_set", args=[basic.pk]), {"supervises": "1"})
    basic.refresh_from_db()
    assert basic.supervises
    staff = type(staff).objects.get(pk=staff.pk)
    assert can(staff, rows["donghu"], "supervise")
    assert AuditEvent.objects.filter(event_type="org.supervision_grant").count() == 1
    client.post(reverse("org:supervision_set", args=[basic.pk]), {"supervises": "0"})
    staff = type(staff).objects.get(pk=staff.pk)
    assert not can(staff, rows["donghu"], "supervise")


def test_an_action_that_is_not_the_actors_move_is_a_404(cast, rows, client_for):
    # The district may see the notice but closing it is the issuing unit's move.
    notice = rows["notice"]
    client = client_for(cast.donghu_officer)
    assert client.get(reverse("workplan:notice_detail", args=[notice.pk])).status_code == 200
    response = client.post(reverse("workplan:notice_close", args=[notice.pk]), {"comment": "x"})
    assert response.status_code == 404
    # An unknown step is no longer read as "close": there is no such URL.
    assert client.post(f"/workplan/notices/{notice.pk}/whatever/").status_code == 404
