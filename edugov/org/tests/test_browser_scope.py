"""In a real browser: a 东湖区 district officer sees only 东湖区 schools."""

import pytest
from playwright.sync_api import expect

from edugov.conftest import browser_login, make_school

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_donghu_officer_sees_only_donghu_schools_and_gets_404_on_jinxian(
    cast, page, live_server
):
    make_school(cast.jinxian, "2136000444", "进贤县第二小学")
    browser_login(page, live_server, "donghu_admin")
    # The dashboard drew its charts with the vendored ECharts.
    page.wait_for_selector("[data-chart='chart-district'] canvas")
    assert page.inner_text("[data-testid=kpi-schools]") == "2"

    page.click("text=单位与学校")
    page.wait_for_selector("table")
    body = page.inner_text("main")
    assert "东湖区育新学校" in body and "东湖区第一中学" in body
    assert "进贤县" not in body

    # Filtering runs through htmx and keeps the scope.
    # (Locator assertions, not wait_for_function: the page's CSP forbids eval, which
    # Playwright's string predicates would need.)
    page.select_option("select[name=institution_type]", "junior")
    expect(page.locator("#list-table")).not_to_contain_text("东湖区育新学校")
    expect(page.locator("#list-table")).to_contain_text("东湖区第一中学")

    response = page.goto(f"{live_server.url}/org/units/{cast.jinxian_school.pk}/")
    assert response.status == 404
    response = page.goto(f"{live_server.url}/org/units/{cast.donghu_school.pk}/")
    assert response.status == 200 and "东湖区育新学校" in page.inner_text("[data-testid=unit-name]")


def test_the_english_switch_translates_the_shell(cast, page, live_server):
    browser_login(page, live_server, "donghu_admin")
    assert "单位与学校" in page.inner_text("nav")
    page.click("button[value=en]")
    page.wait_for_selector("text=Units and institutions")
    assert "Units and institutions" in page.inner_text("nav")
