"""The left menu follows the active plan's areas, whatever their number and names."""

from __future__ import annotations

import pytest
from django.urls import reverse

from edugov.core import menu
from edugov.workplan.models import Area, Plan, PlanStatus

pytestmark = pytest.mark.django_db


def _plan(cast, year: int, titles: list[str], status=PlanStatus.CONFIRMED) -> Plan:
    plan = Plan.objects.create(unit=cast.city, year=year, title=f"{year}年工作要点", status=status)
    for number, title in enumerate(titles, start=1):
        Area.objects.create(plan=plan, number=number, title=title)
    return plan


@pytest.fixture
def items(monkeypatch):
    """The registered area items, restorable: a test may register its own."""
    monkeypatch.setattr(menu, "AREA_ITEMS", {n: list(v) for n, v in menu.AREA_ITEMS.items()})


def _titles(user) -> list[str]:
    return [str(g["title"]) for g in menu.menu_for(user)]


def _urls(user, key: str) -> list[str]:
    return next(
        ([i.url_name for i in g["items"]] for g in menu.menu_for(user) if g["key"] == key), []
    )


def test_a_plan_with_three_areas_shows_its_own_areas_by_number(cast, items):
    _plan(cast, 2030, ["加强党的建设", "推进教育公平", "提升治理能力"])
    menu.add_item(3, "督查", "workplan:task_list", "workplan.view_task")
    menu.add_item("area2", "学籍", "students:student_list", "students.view_student")
    titles = _titles(cast.city_admin)
    assert "二、推进教育公平" in titles and "三、提升治理能力" in titles
    assert "workplan:task_list" in _urls(cast.city_admin, "area3")


def test_the_latest_confirmed_plan_gives_the_areas_not_a_draft(cast, items):
    _plan(cast, 2030, ["甲", "乙", "丙"])
    _plan(cast, 2031, ["草稿一", "草稿二", "草稿三"], status=PlanStatus.DRAFT)
    _plan(cast, 2029, ["旧一", "旧二", "旧三"])
    titles = _titles(cast.city_admin)
    assert "二、乙" in titles and not any("草稿" in t or "旧" in t for t in titles)


def test_an_item_whose_area_the_plan_lacks_goes_to_the_generic_group(cast, items):
    # The work plan registers its pages under area 5; this plan has three areas.
    _plan(cast, 2030, ["甲", "乙", "丙"])
    assert "workplan:plan_list" in _urls(cast.city_admin, "other")


def test_without_a_confirmed_plan_every_area_item_is_under_the_generic_group(cast, items):
    assert "students:student_list" in _urls(cast.city_admin, "other")
    assert not any(g["key"].startswith("area") for g in menu.menu_for(cast.city_admin))


def test_no_empty_group_is_shown(cast, items):
    # No module registers under a sixth area (the programmes' 党建 pages took the first).
    _plan(cast, 2030, ["甲", "乙", "丙", "丁", "戊", "无模块的领域"])
    for user in cast.users().values():
        for group in menu.menu_for(user):
            assert group["items"], (user.username, group["key"])
    assert "六、无模块的领域" not in _titles(cast.city_admin)


def test_a_role_sees_no_item_it_cannot_use(cast, items, client_for):
    _plan(cast, 2030, ["甲", "乙", "丙", "丁", "戊"])
    for user in cast.users().values():
        for group in menu.menu_for(user):
            for item in group["items"]:
                assert user.has_perm(item.perm), (user.username, item.url_name)
    # The counselor has no user administration; the security admin no student registry.
    assert _urls(cast.counselor, "system") == []
    assert "students:student_list" not in [
        i.url_name for g in menu.menu_for(cast.secadmin) for i in g["items"]
    ]


def test_the_page_shows_the_plans_area_titles(cast, items, client_for):
    _plan(cast, 2030, ["甲", "乙", "丙", "丁", "治理现代化"])
    body = client_for(cast.city_admin).get(reverse("workplan:plan_list")).content.decode()
    assert "五、治理现代化" in body and "I. Party leadership" not in body


def test_an_unknown_group_is_refused_at_registration():
    with pytest.raises(ValueError):
        menu.add_item("areas", "x", "core:home", "x.y")
