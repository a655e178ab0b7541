"""In a real browser: a junior school's principal opens her school's report of a city
exam — charts drawn by the vendored ECharts — and gets 404 on another school's."""

import pytest
from playwright.sync_api import expect

from edugov.academics.models import Level, UnitResult
from edugov.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_principal_opens_her_school_report_and_gets_404_on_another(world, page, live_server):
    browser_login(page, live_server, "junior_principal")
    page.goto(f"{live_server.url}{world.exam.get_absolute_url()}")
    page.click("[data-testid=entry-report]")
    expect(page.locator("[data-testid=report-title]")).to_contain_text("东湖区第一中学")
    expect(page.locator("[data-testid=children]")).to_contain_text("1班")
    expect(page.locator("[data-chart='chart-profile'] canvas")).to_have_count(1)
    expect(page.locator("[data-chart='chart-children'] canvas")).to_have_count(1)
    assert "东湖区第二中学" not in page.inner_text("main")

    other = UnitResult.objects.get(exam=world.exam, level=Level.SCHOOL, unit=world.junior2)
    response = page.goto(f"{live_server.url}{other.get_absolute_url()}")
    assert response.status == 404
