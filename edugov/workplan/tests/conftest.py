"""Work-plan fixtures on top of the fixed cast: the Nanchang plan confirmed, tasks in and
out of each cast member's scope, a 督导室 user, a fake computed-KPI source."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from edugov.accounts.models import User
from edugov.conftest import make_user
from edugov.core.context import acting
from edugov.org.models import Unit
from edugov.workplan import kpis
from edugov.workplan.models import Plan, Task, WorkPoint
from edugov.workplan.services import plan_confirm, plan_revise, plan_upload, task_save

PLAN_FILE = Path(__file__).resolve().parents[1] / "data" / "nanchang-2023-work-plan.md"


def dept(name: str) -> Unit:
    return Unit.objects.get(name=name, kind="department")


def confirmed_plan(user: User, *, doc_number: str | None = None) -> Plan:
    """The Nanchang plan, confirmed; a second one in a test needs its own 文号, since the
    same document is confirmed once."""
    with acting(user):
        plan = plan_upload(user=user, name=PLAN_FILE.name, data=PLAN_FILE.read_bytes())
        if doc_number is not None:
            plan = plan_revise(plan=plan, edits={"doc_number": doc_number})
        return plan_confirm(plan=plan, user=user)


def make_task(
    point: WorkPoint,
    lead: Unit,
    *,
    title: str = "任务",
    co=(),
    owner=None,
    start=dt.date(2023, 3, 1),
    due=dt.date(2023, 12, 31),
    targets=(),
) -> Task:
    with acting(None):
        return task_save(
            task=Task(
                point=point,
                title=title,
                lead_unit=lead,
                owner=owner,
                start_date=start,
                due_date=due,
            ),
            co_units=list(co),
            targets=list(targets),
        )


@pytest.fixture
def plan(cast) -> Plan:
    return confirmed_plan(cast.city_admin)


def point(plan: Plan, number: int) -> WorkPoint:
    return WorkPoint.objects.get(area__plan=plan, number=number)


@pytest.fixture
def duban(cast) -> User:
    """A member of the 督导室, who may issue 督办单."""
    return make_user("duban_staff", "department_staff", dept("督导室"))


@pytest.fixture
def tasks(cast, plan):
    """A task led by 学前教育科 shared with 东湖区; one led by 东湖区; one led by 进贤县."""
    p5 = point(plan, 5)
    return {
        "shared": make_task(
            p5, dept("学前教育科"), title="新建公办幼儿园", co=[cast.donghu], owner=cast.dept_staff
        ),
        "donghu": make_task(p5, cast.donghu, title="东湖区普惠园认定", owner=cast.donghu_officer),
        "jinxian": make_task(p5, cast.jinxian, title="进贤县乡镇园建设"),
    }


@pytest.fixture(autouse=True)
def isolated_kpi_sources():
    """Other modules' computed-KPI sources (the registry's) are set aside in these tests,
    so which targets bind, and what they compute, depends on the test alone."""
    saved = dict(kpis._SOURCES)
    kpis._SOURCES.clear()
    yield
    kpis._SOURCES.clear()
    kpis._SOURCES.update(saved)


@pytest.fixture
def fake_source():
    """A computed KPI as the registry would provide it, registered only for the test."""
    return kpis.register_kpi_source(
        kpis.KpiSource(
            code="test.public_kg_share",
            label="公办园在园幼儿占比",
            unit="%",
            compute=lambda *, year, scope: Decimal("55.5") if year == 2023 else Decimal("51"),
            subjects=("公办园在园幼儿占比",),
        )
    )
