"""Point 18's computed KPIs: registered for the work plan's targets, and moved by the
ledger — a report's payment moves the funds, 投用 the places, a delayed report the
projects behind schedule; a district's delay shows in its own figures, not another's."""

import datetime as dt
from decimal import Decimal

import pytest

from edugov.workplan.kpis import kpi_compute, kpi_source_for_subject

from ..models import Stage
from .world import PLANNED, project, reach, report

pytestmark = pytest.mark.django_db


def test_the_plans_point_18_subjects_bind_to_the_ledgers_kpis():
    # The subjects the plan parser finds in point 18 (engines/plandoc tests).
    expected = {
        "中小学网点建设民生实项目": "projects.livelihood.count",
        "新增学位": "projects.livelihood.places",
        "中小学新扩建项目": "projects.new_build.count",
        "规划建设学位": "projects.new_build.places",
        "项目资金": "projects.weak_link.funds",
        "实施项目": "projects.weak_link.count",
    }
    for subject, code in expected.items():
        source = kpi_source_for_subject(subject)
        assert source is not None and source.code == code, subject


def test_the_kpis_change_when_a_projects_report_changes(cast, settings):
    settings.EDUGOV_PROJECTS = {"late_days": 90}  # on time: only the report's word counts
    officer = cast.donghu_officer
    p = project(officer, cast.donghu_school, "K-01", kind="weak_link")
    for stage in (Stage.APPROVAL, Stage.FEASIBILITY, Stage.TENDER, Stage.START):
        reach(officer, p, stage, PLANNED[stage])
    assert kpi_compute("projects.weak_link.count", year=2023, scope=cast.city) == 1
    assert kpi_compute("projects.weak_link.funds", year=2023, scope=cast.city) == 0
    report(officer, p, dt.date(2023, 6, 1), central="1000.10", city="2000.05")
    assert kpi_compute("projects.weak_link.funds", year=2023, scope=cast.city) == Decimal("3000.15")
    assert kpi_compute("projects.delayed", year=2023, scope=cast.donghu) == 0
    report(officer, p, dt.date(2023, 7, 1), city="0.01", delayed=True, reason="征地未完成")
    assert kpi_compute("projects.weak_link.funds", year=2023, scope=cast.city) == Decimal("3000.16")
    assert kpi_compute("projects.delayed", year=2023, scope=cast.donghu) == 1
    assert kpi_compute("projects.delayed", year=2023, scope=cast.jinxian) is None
    assert kpi_compute("projects.delayed", year=2023, scope=cast.city) == 1


def test_places_delivered_count_at_in_use(cast):
    officer = cast.donghu_officer
    p = project(officer, cast.donghu_school, "K-02", places_primary=900)
    assert kpi_compute("projects.livelihood.places", year=2023, scope=cast.city) == 0
    for stage, day in PLANNED.items():
        reach(officer, p, stage, min(day, dt.date(2023, 9, 1)))
    assert kpi_compute("projects.livelihood.places", year=2023, scope=cast.city) == 900
    assert kpi_compute("projects.livelihood.places", year=2023, scope=cast.jinxian) is None


def test_the_work_plans_computed_kpi_reads_the_ledger(cast):
    """Through the work plan's own reader: a task's computed KPI bound to the source."""
    from edugov.workplan.models import Kpi, KpiKind
    from edugov.workplan.selectors import _computed_values

    officer = cast.donghu_officer
    p = project(officer, cast.donghu_school, "K-03", kind="weak_link")
    task, kpi = _task_with_kpi(cast, "projects.weak_link.funds")
    report(officer, p, dt.date(2023, 6, 1), city="5000")
    assert _computed_values([task], {task.pk: [kpi]})[kpi.pk] == Decimal("5000")
    report(officer, p, dt.date(2023, 7, 1), city="1234.56")
    task = type(task).objects.select_related("point__area__plan", "lead_unit").get(pk=task.pk)
    assert _computed_values([task], {task.pk: [kpi]})[kpi.pk] == Decimal("6234.56")
    assert Kpi.objects.filter(kind=KpiKind.COMPUTED).count() == 1


def _task_with_kpi(cast, code):
    from edugov.core.context import acting
    from edugov.workplan.models import Area, Kpi, KpiKind, Plan, Task, WorkPoint

    with acting(cast.city_admin):
        plan = Plan.objects.create(unit=cast.city, year=2023, title="2023 年工作要点")
        area = Area.objects.create(plan=plan, number=4, title="切实提高教育基础保障能力")
        point = WorkPoint.objects.create(area=area, number=18, title="加快建设重大重点项目")
        task = Task.objects.create(
            point=point,
            title="薄弱环节改善",
            lead_unit=cast.city,
            start_date=dt.date(2023, 1, 1),
            due_date=dt.date(2023, 12, 31),
        )
        kpi = Kpi.objects.create(
            task=task,
            name="项目资金",
            kind=KpiKind.COMPUTED,
            source_code=code,
            target_value=Decimal("218000000"),
        )
    task = Task.objects.select_related("point__area__plan", "lead_unit").get(pk=task.pk)
    return task, kpi
