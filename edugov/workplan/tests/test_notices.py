"""督办单 (casework cases of the type ``duban``): who issues, on what, the response,
销号, escalation; every step audited and on the case's timeline."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from edugov.audit.models import AuditEvent
from edugov.casework.escalation import scan
from edugov.conftest import make_user
from edugov.core.context import acting
from edugov.core.testing import ScopedViewTests
from edugov.workplan.models import Plan
from edugov.workplan.selectors import notice_record, task_row
from edugov.workplan.services import (
    escalation_level,
    notice_close,
    notice_issue,
    notice_respond,
    notices,
    notices_of,
)
from edugov.workplan.services.notices import moment
from edugov.workplan.status import Status

from .conftest import dept

TODAY = dt.date(2023, 7, 10)
NONE, REMINDED, LEADERSHIP, BRIEFED = 0, 1, 2, 3  # the duban type's ladder


def issue(task, user, status=Status.LAGGING, today=TODAY, due=None):
    with acting(user):
        return notice_issue(
            task=task,
            user=user,
            status=status,
            reason="进度滞后 30 个百分点",
            response_due=due or today + dt.timedelta(days=7),
            today=today,
        )


def test_the_inspectorate_issues_numbered_notices_per_year(cast, tasks, duban):
    first = issue(tasks["shared"], duban)
    second = issue(tasks["donghu"], duban, status=Status.OVERDUE)
    assert (first.number, second.number) == ("督办〔2023〕1号", "督办〔2023〕2号")
    assert first.supervising_unit == dept("督导室")
    assert first.subject == tasks["shared"] and first.lead_unit == tasks["shared"].lead_unit
    assert AuditEvent.objects.filter(event_type="casework.open").count() == 2


def test_the_office_and_the_bureau_issue_too_but_a_subject_department_does_not(cast, tasks):
    office = make_user("bangong", "department_staff", dept("办公室"))
    assert issue(tasks["shared"], office).supervising_unit == dept("办公室")
    # The bureau and its departments issue in the bureau's one 督办 series.
    assert issue(tasks["donghu"], cast.city_admin).number == "督办〔2023〕2号"
    with pytest.raises(PermissionDenied):
        issue(tasks["shared"], cast.dept_staff)


def test_a_district_supervises_its_own_tasks_only(cast, tasks):
    notice = issue(tasks["donghu"], cast.donghu_officer)
    assert notice.supervising_unit == cast.donghu
    assert notice.number == f"{cast.donghu.name}督办〔2023〕1号"
    with pytest.raises(PermissionDenied):
        issue(tasks["shared"], cast.donghu_officer)  # led by a city department


@pytest.mark.parametrize("status", [Status.ON_TRACK, Status.NOT_STARTED, Status.DONE])
def test_only_lagging_or_overdue_tasks_can_be_supervised(cast, tasks, duban, status):
    with pytest.raises(ValidationError):
        issue(tasks["shared"], duban, status=status)
    assert not notices().exists()


def test_the_owner_responds_and_the_issuer_closes(cast, tasks, duban):
    notice = issue(tasks["shared"], duban)
    with pytest.raises(PermissionDenied):  # a co-unit is not the owner
        notice_respond(
            notice=notice, user=cast.donghu_officer, measures="x", new_due_date=TODAY, today=TODAY
        )
    with pytest.raises(ValidationError):  # not answered yet
        notice_close(notice=notice, user=duban, comment="", today=TODAY)
    with acting(cast.dept_staff):
        notice_respond(
            notice=notice,
            user=cast.dept_staff,
            measures="增派人员，周报进度",
            new_due_date=dt.date(2023, 9, 30),
            today=TODAY,
        )
    notice.refresh_from_db()
    assert notice.state == "responded" and notice.on_time  # answered by the response date
    with pytest.raises(PermissionDenied):  # the owner cannot strike off her own notice
        notice_close(notice=notice, user=cast.dept_staff, comment="", today=TODAY)
    with acting(duban):
        notice_close(notice=notice, user=duban, comment="已核实", today=TODAY)
    notice.refresh_from_db()
    record = notice_record(notice)
    assert notice.state == "closed" and not notice.is_open and record.closed_by == duban
    assert record.measures == "增派人员，周报进度" and record.new_due_date == "2023-09-30"
    events = list(
        AuditEvent.objects.filter(object_type="casework.case", object_id=str(notice.pk))
        .order_by("seq")
        .values_list("event_type", flat=True)
    )
    assert events == ["casework.open", "casework.move", "casework.move"]
    steps = list(notice.timeline.values_list("kind", "move", "actor__username"))
    assert steps == [
        ("open", "", duban.username),
        ("move", "respond", cast.dept_staff.username),
        ("move", "close", duban.username),
    ]


def test_the_tasks_owner_answers_even_outside_the_lead_unit(cast, tasks, duban):
    # The owner is named by the lead unit from its scope; she answers for the task.
    task = tasks["shared"]
    type(task).objects.filter(pk=task.pk).update(owner=cast.donghu_officer)
    notice = issue(task, duban)
    with acting(cast.donghu_officer):
        notice_respond(
            notice=notice,
            user=cast.donghu_officer,
            measures="整改",
            new_due_date=dt.date(2023, 9, 1),
            today=TODAY,
        )
    notice.refresh_from_db()
    assert notice.state == "responded"


def test_an_unanswered_notice_escalates_a_level_at_a_time(cast, tasks, duban):
    notice = issue(tasks["shared"], duban, due=dt.date(2023, 7, 15))
    assert escalation_level(notice, dt.date(2023, 7, 15)) == NONE
    assert escalation_level(notice, dt.date(2023, 7, 16)) == REMINDED
    assert escalation_level(notice, dt.date(2023, 7, 21)) == REMINDED
    assert escalation_level(notice, dt.date(2023, 7, 22)) == LEADERSHIP
    assert escalation_level(notice, dt.date(2023, 7, 28)) == LEADERSHIP
    assert escalation_level(notice, dt.date(2023, 7, 29)) == BRIEFED
    with acting(None):
        assert scan(moment(dt.date(2023, 7, 23))).escalated == 1
        assert scan(moment(dt.date(2023, 7, 23))).escalated == 0
    notice.refresh_from_db()
    assert notice.escalation == LEADERSHIP
    assert AuditEvent.objects.filter(event_type="casework.escalate").count() == 1


def test_the_escalation_command_runs_daily(cast, tasks, duban):
    from django.test import override_settings

    issue(tasks["shared"], duban, due=dt.date(2023, 7, 15))
    with override_settings(EDUGOV_TODAY="2023-08-01"):
        call_command("casework_scan")
    assert notices().get().escalation == BRIEFED


def test_a_response_stops_the_escalation(cast, tasks, duban):
    notice = issue(tasks["shared"], duban, due=dt.date(2023, 7, 15))
    with acting(cast.dept_staff):
        notice_respond(
            notice=notice,
            user=cast.dept_staff,
            measures="整改",
            new_due_date=dt.date(2023, 9, 1),
            today=dt.date(2023, 7, 14),
        )
    with acting(None):
        assert scan(moment(dt.date(2023, 8, 30))).escalated == 0
    notice.refresh_from_db()
    assert escalation_level(notice, dt.date(2023, 8, 30)) == NONE


def test_the_issue_page_refuses_a_task_that_is_not_lagging(cast, tasks, duban, client_for):
    client = client_for(duban)
    url = reverse("workplan:notice_issue", args=[tasks["shared"].pk])
    # Before its start (as of 2023-02-01) the task is not started: no notice.
    refused = client.get(url, {"as_of": "2023-02-01"}, follow=True)
    assert refused.redirect_chain[0][0] == tasks["shared"].get_absolute_url()
    assert "只有滞后或逾期的任务才能督办。" in [str(m) for m in refused.context["messages"]]
    assert task_row(tasks["shared"], dt.date(2023, 2, 1)).status == Status.NOT_STARTED
    # Later, with no report for months, it is lagging? No: a missing report is its own
    # state, and a 督办单 needs lagging or overdue.
    assert task_row(tasks["shared"], dt.date(2023, 7, 10)).status == Status.REPORT_MISSING
    assert client.get(url, {"as_of": "2023-07-10"}).status_code == 302


def test_the_notice_pages_walk_issue_respond_close(cast, tasks, duban, client_for):
    task = tasks["shared"]
    # Overdue: as of 2024-01-10 the task is past its due date.
    client = client_for(duban)
    url = reverse("workplan:notice_issue", args=[task.pk])
    response = client.post(
        url + "?as_of=2024-01-10", {"reason": "逾期未完成", "response_due": "2024-01-17"}
    )
    notice = notices().get()
    assert response.status_code == 302
    assert response.url == reverse("workplan:notice_detail", args=[notice.pk])
    owner = client_for(cast.dept_staff)
    owner.post(
        reverse("workplan:notice_respond", args=[notice.pk]),
        {"measures": "加快进度", "new_due_date": "2030-03-31"},
    )
    notice.refresh_from_db()
    assert notice.state == "responded"
    client = client_for(duban)
    client.post(reverse("workplan:notice_close", args=[notice.pk]), {"comment": "属实"})
    notice.refresh_from_db()
    assert notice.state == "closed"


class TestNoticeViews(ScopedViewTests):
    list_url = "workplan:notice_list"
    detail_url = "workplan:notice_detail"
    export_url = "workplan:notice_export"
    not_applicable = {
        "test_the_edit_page_answers_200_in_scope_and_404_outside": (
            "a 督办单 is changed only by its workflow moves (respond, close), tested in this file; there is no edit page"
        ),
    }

    def objects(self, cast):
        from .conftest import confirmed_plan, make_task, point

        p5 = point(confirmed_plan(cast.city_admin), 5)
        inside = issue(make_task(p5, cast.donghu, title="东湖任务"), cast.city_admin)
        outside = issue(make_task(p5, cast.jinxian, title="进贤任务"), cast.city_admin)
        return cast.donghu_officer, inside, outside

    def label(self, obj):
        return obj.number


class TestPlanViews(ScopedViewTests):
    """A district sees the plan once her district has a task in it; not before."""

    list_url = "workplan:plan_list"
    detail_url = "workplan:plan_detail"
    not_applicable = {
        "test_the_edit_page_answers_200_in_scope_and_404_outside": (
            "a plan has no edit page: a draft is corrected on workplan:plan_review, "
            "which the authorization matrix covers"
        ),
        "test_the_export_contains_in_scope_rows_only": (
            "plans have no export; their tasks are exported through workplan:task_export"
        ),
    }

    def objects(self, cast):
        from .conftest import confirmed_plan, make_task, point

        inside = confirmed_plan(cast.city_admin)
        make_task(point(inside, 5), cast.donghu, title="东湖任务")
        outside = confirmed_plan(cast.city_admin, doc_number="洪教办字〔2023〕99号")
        Plan.objects.filter(pk=outside.pk).update(title="另一份工作要点")
        return cast.donghu_officer, inside, Plan.objects.get(pk=outside.pk)

    def label(self, obj):
        return obj.title


def test_a_completed_task_is_struck_off_by_the_inspectorate_not_by_its_lead(
    cast, tasks, duban, client_for
):
    from edugov.workplan.services import task_close, task_complete

    task = tasks["shared"]
    with pytest.raises(ValidationError):  # not completed yet
        task_close(task=task, user=duban, on=TODAY)
    with acting(cast.dept_staff):
        task_complete(task=task, user=cast.dept_staff, on=TODAY)
    with pytest.raises(PermissionDenied):
        task_close(task=task, user=cast.dept_staff, on=TODAY)
    with pytest.raises(PermissionDenied):  # a district does not strike off the city's task
        task_close(task=task, user=cast.donghu_officer, on=TODAY)
    client_for(duban).post(reverse("workplan:task_strike_off", args=[task.pk]))
    task.refresh_from_db()
    assert task.closed_on is not None
    assert task_row(task).status == Status.CLOSED
    assert AuditEvent.objects.filter(event_type="workplan.task_close").count() == 1


def test_a_notice_is_numbered_and_dated_on_the_platforms_today(cast, tasks, duban, client_for):
    # Issue 15, defect 5: the 2023 demo numbered a new 督办单 〔2026〕 by the wall clock.
    from django.test import override_settings

    task = tasks["shared"]
    Task = type(task)
    Task.objects.filter(pk=task.pk).update(due_date=dt.date(2023, 8, 31))  # overdue by then
    with override_settings(EDUGOV_TODAY="2023-09-06"):
        response = client_for(duban).post(
            reverse("workplan:notice_issue", args=[task.pk]),
            {"reason": "逾期未完成", "response_due": "2023-09-13"},
        )
    notice = notices().get()
    assert response.status_code == 302
    assert notice.number == "督办〔2023〕1号"
    assert notice_record(notice).issued_on == dt.date(2023, 9, 6) and notice.year == 2023


def test_a_second_open_notice_on_the_same_task_is_refused(cast, tasks, duban):
    # Issue 15, defect 6: a second open 督办单 on one task was accepted.
    office = make_user("bangong", "department_staff", dept("办公室"))
    first = issue(tasks["shared"], duban)
    with pytest.raises(ValidationError) as refused:
        issue(tasks["shared"], office)
    assert first.number in refused.value.messages[0]
    assert notices_of(tasks["shared"]).count() == 1
    # Two issuers racing take turns on the task's row lock (select_for_update), and
    # the second then finds the first's open notice: tested above for the second.
    # Once the open one is closed (销号), the task may be supervised again.
    with acting(cast.dept_staff):
        notice_respond(
            notice=first,
            user=cast.dept_staff,
            measures="整改",
            new_due_date=dt.date(2023, 9, 1),
            today=TODAY,
        )
    with acting(duban):
        notice_close(notice=first, user=duban, comment="已核实", today=TODAY)
    # The office issues in the bureau's 督办 series, after the 督导室's first.
    assert issue(tasks["shared"], office).number == "督办〔2023〕2号"


def test_the_issue_page_says_the_task_already_has_an_open_notice(cast, tasks, duban, client_for):
    from django.utils import translation

    task = tasks["shared"]
    first = issue(task, duban, status=Status.OVERDUE, today=dt.date(2024, 1, 10))
    url = reverse("workplan:notice_issue", args=[task.pk]) + "?as_of=2024-01-10"
    with translation.override("zh-hans"):
        page = client_for(duban).post(
            url,
            {"reason": "逾期未完成", "response_due": "2024-01-17"},
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
    assert page.status_code == 400
    text = page.content.decode()
    assert first.number in text and "未销号的督办单" in text


def test_a_task_can_target_the_on_time_rate_of_its_districts_notices(cast, tasks, plan):
    # "督办单按时反馈率 ≥ 95%" for 东湖区: a computed KPI from casework's figures.
    from decimal import Decimal

    from edugov.casework import kpis as case_kpis
    from edugov.workplan.models import Kpi, KpiKind
    from edugov.workplan.services import kpi_save

    from .conftest import make_task, point

    case_kpis.register()
    p5 = point(plan, 5)
    other = make_task(p5, cast.donghu, title="东湖区学位建设", owner=cast.donghu_officer)
    for task, answered_on in (
        (tasks["donghu"], dt.date(2023, 7, 14)),
        (other, TODAY + dt.timedelta(days=9)),
    ):
        notice = issue(task, cast.city_admin, due=dt.date(2023, 7, 15))
        with acting(cast.donghu_officer):
            notice_respond(
                notice=notice,
                user=cast.donghu_officer,
                measures="整改",
                new_due_date=dt.date(2023, 9, 1),
                today=answered_on,
            )
    target = make_task(p5, cast.donghu, title="东湖区督办落实", owner=cast.donghu_officer)
    with acting(None):
        kpi_save(
            kpi=Kpi(
                task=target,
                name="督办单按时反馈率",
                kind=KpiKind.COMPUTED,
                source_code="casework.on_time.duban",
                comparator="≥",
                target_value=Decimal(95),
                unit="%",
            )
        )
    row = task_row(target, dt.date(2023, 7, 31))
    assert row.kpis[0].actual == Decimal("50.0")  # one of two answered by 07-15
