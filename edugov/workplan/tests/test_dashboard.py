"""The dashboard: drill-down, roll-ups, league table, changes — in a fixed number of queries."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from edugov.core.context import acting
from edugov.workplan.models import Target
from edugov.workplan.selectors import gather, league_table, plan_tree, task_rows, visible_tasks
from edugov.workplan.services import report_submit
from edugov.workplan.status import Rag, Status

from .conftest import make_task, point

# Session, user, roles, permissions, the plan, its areas and points (each with the grant
# lookup of visible_to), tasks, co-units, reports, KPIs, actuals, notices, the league
# table's unit names, the settings check: 21, whatever the number of tasks.
DASHBOARD_QUERIES = 21


def report(task, user, month, percent, unit=None):
    with acting(user):
        report_submit(
            task=task,
            user=user,
            unit=unit,
            period_start=dt.date(2023, month, 1),
            text=f"{month}月进展",
            percent=percent,
        )


def many_tasks(cast, plan, n):
    out = []
    for i in range(n):
        p = point(plan, 1 + i % 28)
        lead = cast.donghu if i % 2 else cast.jinxian
        task = make_task(p, lead, title=f"任务{i}", co=[cast.donghu], targets=p.targets.all())
        report(task, cast.city_admin, 3, 10 + i, unit=lead)
        out.append(task)
    return out


def page_queries(client, url):
    client.get(url, {"as_of": "2023-05-03"})  # warm the per-process caches (content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"as_of": "2023-05-03"})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_dashboard_runs_a_fixed_number_of_queries(cast, plan, client_for):
    client = client_for(cast.donghu_officer)
    url = reverse("workplan:plan_detail", args=[plan.pk])
    many_tasks(cast, plan, 4)
    small = page_queries(client, url)
    many_tasks(cast, plan, 20)
    large = page_queries(client, url)
    assert small == large <= DASHBOARD_QUERIES


def test_the_task_list_runs_a_fixed_number_of_queries(cast, plan, client_for):
    client = client_for(cast.city_admin)
    url = reverse("workplan:task_list")
    many_tasks(cast, plan, 3)
    small = page_queries(client, url)
    many_tasks(cast, plan, 15)
    assert page_queries(client, url) == small


def test_the_area_and_point_pages_drill_down(cast, plan, tasks, client_for):
    client = client_for(cast.city_admin)
    page = client.get(reverse("workplan:plan_detail", args=[plan.pk])).content.decode()
    assert page.count('data-testid="area-row"') == 5
    area = plan.areas.get(number=2)
    page = client.get(reverse("workplan:area_detail", args=[area.pk])).content.decode()
    assert page.count('data-testid="point-row"') == 5
    p5 = point(plan, 5)
    page = client.get(reverse("workplan:point_detail", args=[p5.pk])).content.decode()
    assert page.count('data-testid="task-row"') == 3
    assert "新建公办幼儿园" in page


def test_roll_up_marks_the_point_and_area_of_an_overdue_task_red(cast, plan, tasks):
    tree, rows, _facts = plan_tree(plan, cast.city_admin, dt.date(2024, 1, 10))
    assert {r.status for r in rows} == {Status.OVERDUE}
    area2 = next(n for n in tree.children if n.obj.number == 2)
    assert area2.rag == Rag.RED
    assert next(n for n in area2.children if n.obj.number == 5).rag == Rag.RED
    assert next(n for n in tree.children if n.obj.number == 1).rag == Rag.GREEN
    assert tree.rag == Rag.RED


def test_the_league_table_counts_reports_on_time_and_lagging_tasks(cast, plan, tasks):
    task = tasks["donghu"]
    report(task, cast.donghu_officer, 3, 5)  # submitted now: long after its deadline
    today = dt.date(2023, 6, 10)
    rows = task_rows(
        visible_tasks(cast.city_admin).filter(pk=task.pk), today, reader=cast.city_admin
    )
    table = league_table(rows, gather([task], reader=cast.city_admin), today)
    assert table == [
        {"unit": "东湖区", "due": 3, "on_time": 0, "rate": 0, "lagging": 0},
    ]


def test_changes_since_the_last_period_lists_tasks_whose_status_moved(
    cast, plan, tasks, client_for
):
    task = tasks["donghu"]
    for month in (3, 4, 5):
        report(task, cast.donghu_officer, month, 30)
    client = client_for(cast.city_admin)
    page = client.get(reverse("workplan:plan_detail", args=[plan.pk]), {"as_of": "2023-06-10"})
    changes = page.content.decode().split('data-testid="changes"')[1].split("</ul>")[0]
    # The reports were filed after 2023-06-01 (today, in fact), so as of the period start
    # the task had a missing report; now it is on track.
    assert "东湖区普惠园认定" in changes


def test_kpi_gauges_are_drawn_from_json_script(cast, plan, client_for):
    p5 = point(plan, 5)
    make_task(p5, cast.donghu, targets=Target.objects.filter(point=p5))
    page = client_for(cast.city_admin).get(reverse("workplan:plan_detail", args=[plan.pk]))
    body = page.content.decode()
    assert body.count('data-chart="gauge-') == 5
    assert "<script>" not in body  # CSP: data only, drawn by app.js
