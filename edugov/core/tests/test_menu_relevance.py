"""A menu item shows only where the role can use it: the permission, and the registering
app's own word on whether the page is relevant to the user's unit (issue 15, defect 10)."""

from __future__ import annotations

import pytest

from edugov.conftest import make_user
from edugov.core import menu

pytestmark = pytest.mark.django_db

EXAM_PAGES = {
    "academics:exam_list",
    "academics:result_list",
    "academics:value_added_list",
    "academics:candidate_list",
    "admissions:run_list",
    "admissions:cutoff_list",
    "admissions:result_list",
    "admissions:candidate_list",
    "admissions:programme_list",
}


def _url_names(user) -> set[str]:
    return {i.url_name for g in menu.menu_for(user) for i in g["items"]}


def test_a_primary_school_principal_sees_no_exam_or_zhongkao_pages(cast):
    names = _url_names(cast.donghu_principal)
    assert names & EXAM_PAGES == set()
    # …while the pages her school does use stay.
    assert "workplan:task_list" in names


def test_a_secondary_school_principal_sees_the_exam_and_zhongkao_pages(cast):
    principal = make_user("junior_principal", "school_admin", cast.donghu_junior)
    assert _url_names(principal) >= EXAM_PAGES


def test_a_district_officer_sees_every_stage(cast):
    assert _url_names(cast.donghu_officer) >= EXAM_PAGES


def test_the_predicate_is_asked_only_after_the_permission(cast, monkeypatch):
    monkeypatch.setattr(menu, "AREA_ITEMS", {n: list(v) for n, v in menu.AREA_ITEMS.items()})
    asked = []
    menu.add_item(
        2, "x", "core:home", "no.such_permission", visible=lambda u: asked.append(u) or True
    )
    assert "core:home" not in _url_names(cast.city_admin)
    assert asked == []


def test_an_item_the_predicate_refuses_is_hidden_whatever_the_permission(cast, monkeypatch):
    monkeypatch.setattr(menu, "AREA_ITEMS", {n: list(v) for n, v in menu.AREA_ITEMS.items()})
    menu.add_item(2, "x", "core:home", "workplan.view_task", visible=lambda u: False)
    assert "core:home" not in _url_names(cast.city_admin)
