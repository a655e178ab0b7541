"""Each cast role's first screen holds what that role acts on (issue 15, the 领导驾驶舱):
leaders where the year stands, staff their inbox first, principals their school's page,
the 三员 their duty's pages; all scoped."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("home_roles")]


def _home(client_for, user) -> str:
    response = client_for(user).get("/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{re.escape(testid)}".*?</section>', html, re.S)
    assert match, f"no {testid} on the page"
    return match.group(0)


def _order(html: str, *testids: str) -> list[int]:
    return [html.index(f'data-testid="{t}"') for t in testids]


def test_the_city_leader_sees_targets_lagging_tasks_notices_and_alerts(world, client_for):
    html = _home(client_for, world.city_admin)
    plan = _section(html, "panel-workplan.plan")
    assert 'data-testid="targets"' in plan
    late = _section(html, "panel-workplan.plan")
    assert "进贤县" in late and "学前教育科" in late  # lagging by district and department
    assert re.search(r'data-testid="notices-open">[^<]*<span class="kpi">2<', plan)
    alerts = _section(html, "alerts")
    assert "逾期未反馈的督办单" in alerts
    assert 'data-testid="overview"' in html


def test_a_district_leader_sees_only_the_districts_own_share(world, client_for):
    html = _home(client_for, world.donghu_officer)
    plan = _section(html, "panel-workplan.plan")
    # The shared task's notice reaches 东湖区 (a co-operating unit); 进贤县's does not.
    assert re.search(r'data-testid="notices-open">[^<]*<span class="kpi">1<', plan)
    assert "进贤县" not in plan


def test_staff_see_their_inbox_first(world, client_for):
    html = _home(client_for, world.dept_staff)
    assert "我的待办" in html
    alerts = _section(html, "alerts")
    # 学前教育科 leads the shared task, which has an open 督办单 for it to answer.
    assert "待答复的督办单" in alerts
    assert 'data-testid="panel-workplan.plan"' not in html
    assert 'data-testid="overview"' not in html


def test_a_principal_sees_her_schools_own_page(world, client_for):
    html = _home(client_for, world.donghu_principal)
    assert "东湖区育新学校" in html
    assert 'data-testid="panel-workplan.school"' in html
    assert 'data-testid="panel-registry.school"' in html
    # A primary school sits no secondary exams: no empty exam panel.
    assert 'data-testid="panel-academics.school"' not in html
    assert "进贤县" not in html


def test_the_other_principal_sees_nothing_of_donghu(world, client_for):
    html = _home(client_for, world.jinxian_principal)
    assert "进贤县民和小学" in html
    assert "东湖" not in html


def test_a_counselor_sees_her_school_not_the_plan(world, client_for):
    html = _home(client_for, world.counselor)
    assert "东湖区第一中学" in html
    assert 'data-testid="panel-workplan.plan"' not in html


@pytest.mark.parametrize(
    "who,page",
    [
        ("sysadmin", "accounts:user_list"),
        ("secadmin", "accounts:role_list"),
        ("auditadmin", "audit:list"),
    ],
)
def test_the_three_administrators_see_their_dutys_pages(world, client_for, who, page):
    html = _home(client_for, getattr(world, who))
    assert f'href="{reverse(page)}"' in _section(html, "duty-pages")
    assert 'data-testid="panel-workplan.plan"' not in html


def test_the_leaders_home_page_costs_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    client = client_for(world.city_admin)
    client.get("/")
    # 41: the hotline's alert source counts its overdue orders and 舆情 items in one query.
    # 46: one more each for the alert sources of 民办学校, 平安校园, 双减 and 心理健康, and the
    # calendar's stamp (next year's holidays not entered: casework.home.calendar_gap).
    with django_assert_max_num_queries(46):
        assert client.get("/").status_code == 200
