"""Who sees and writes what: a task belongs to its lead unit, its co-operating units read
it (``scope_view_fields``, first used here) and report their part; a report belongs to
the reporting unit and is read by the task's lead unit."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from edugov.core.context import acting
from edugov.core.scoping import can
from edugov.core.testing import ScopedViewTests
from edugov.workplan.models import Area, Plan, ProgressReport, Task, WorkPoint
from edugov.workplan.services import report_submit


def submit(task, user, percent=30, period=dt.date(2023, 5, 1), **kw):
    with acting(user):
        return report_submit(
            task=task, user=user, period_start=period, text="进展顺利", percent=percent, **kw
        )


def test_a_co_unit_sees_the_task_its_lead_unit_owns(cast, tasks):
    visible = set(Task.objects.visible_to(cast.donghu_officer, "view"))
    assert visible == {tasks["shared"], tasks["donghu"]}
    exported = set(Task.objects.visible_to(cast.donghu_officer, "export"))
    assert exported == visible


def test_a_co_unit_cannot_change_the_shared_task(cast, tasks, client_for):
    officer = cast.donghu_officer
    shared = tasks["shared"]
    assert not Task.objects.visible_to(officer, "change").filter(pk=shared.pk).exists()
    assert not can(officer, shared, "change")
    client = client_for(officer)
    assert client.get(reverse("workplan:task_detail", args=[shared.pk])).status_code == 200
    edit = reverse("workplan:task_edit", args=[shared.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"title": "改掉"}).status_code == 404
    assert client.post(reverse("workplan:task_done", args=[shared.pk])).status_code == 404
    shared.refresh_from_db()
    assert shared.title == "新建公办幼儿园" and shared.done_on is None
    # Its own task it may change.
    assert Task.objects.visible_to(officer, "change").filter(pk=tasks["donghu"].pk).exists()


def test_the_district_officer_sees_only_tasks_assigned_to_her_district(cast, tasks, client_for):
    client = client_for(cast.donghu_officer)
    page = client.get(reverse("workplan:task_list")).content.decode()
    assert "新建公办幼儿园" in page and "东湖区普惠园认定" in page
    assert "进贤县乡镇园建设" not in page
    jinxian = tasks["jinxian"]
    assert client.get(reverse("workplan:task_detail", args=[jinxian.pk])).status_code == 404
    assert client.get(reverse("workplan:task_report", args=[jinxian.pk])).status_code == 404
    response = client.post(
        reverse("workplan:task_report", args=[jinxian.pk]),
        {"period": "2023-05-01", "percent": "50", "text": "x"},
    )
    assert response.status_code == 404
    assert ProgressReport.objects.count() == 0


def test_the_district_officer_reports_her_part_of_a_shared_task(cast, tasks, client_for):
    client = client_for(cast.donghu_officer)
    shared = tasks["shared"]
    response = client.post(
        reverse("workplan:task_report", args=[shared.pk]),
        {"period": "2023-05-20", "percent": "40", "text": "东湖区已开工 3 所"},
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert (report.unit, report.period_start, report.percent) == (
        cast.donghu,
        dt.date(2023, 5, 1),
        40,
    )


def test_a_report_cannot_be_filed_for_a_task_outside_the_users_units(cast, tasks):
    with pytest.raises(PermissionDenied):
        submit(tasks["jinxian"], cast.donghu_officer)
    with pytest.raises(PermissionDenied):
        # Named explicitly, 进贤县 is still not the officer's to report for.
        submit(tasks["shared"], cast.donghu_officer, unit=cast.jinxian)


def test_a_report_is_read_by_the_lead_unit_but_not_by_other_districts(cast, tasks, client_for):
    report = submit(tasks["shared"], cast.donghu_officer)
    assert ProgressReport.objects.visible_to(cast.dept_staff).filter(pk=report.pk).exists()
    assert ProgressReport.objects.visible_to(cast.donghu_officer).filter(pk=report.pk).exists()
    assert not ProgressReport.objects.visible_to(cast.jinxian_principal).exists()


def test_a_district_officer_reads_only_the_points_her_district_works_on(cast, tasks):
    points = set(WorkPoint.objects.visible_to(cast.donghu_officer).values_list("number", flat=True))
    assert points == {5}
    assert Area.objects.visible_to(cast.donghu_officer).count() == 1
    assert Plan.objects.visible_to(cast.donghu_officer).count() == 1
    assert Plan.objects.visible_to(cast.donghu_officer, "change").count() == 0


def test_a_principal_sees_no_task_of_the_districts(cast, tasks):
    assert not Task.objects.visible_to(cast.donghu_principal).exists()


class TestTaskViews(ScopedViewTests):
    list_url = "workplan:task_list"
    detail_url = "workplan:task_detail"
    edit_url = "workplan:task_edit"
    export_url = "workplan:task_export"

    def objects(self, cast):
        from .conftest import confirmed_plan, make_task, point

        p5 = point(confirmed_plan(cast.city_admin), 5)
        return (
            cast.donghu_officer,
            make_task(p5, cast.donghu, title="东湖区的任务"),
            make_task(p5, cast.jinxian, title="进贤县的任务"),
        )

    def label(self, obj):
        return obj.title


class TestReportViews(ScopedViewTests):
    list_url = "workplan:report_list"
    detail_url = "workplan:report_detail"
    export_url = "workplan:report_export"
    not_applicable = {
        "test_the_edit_page_answers_200_in_scope_and_404_outside": (
            "a submitted progress report is a record and is never edited; there is no edit page"
        ),
    }

    def objects(self, cast):
        from .conftest import confirmed_plan, make_task, point

        p5 = point(confirmed_plan(cast.city_admin), 5)
        inside = submit(make_task(p5, cast.donghu, title="东湖任务"), cast.donghu_officer)
        outside = submit(
            make_task(p5, cast.jinxian, title="进贤任务"), cast.city_admin, unit=cast.jinxian
        )
        return cast.donghu_officer, inside, outside

    def label(self, obj):
        return obj.task.title
