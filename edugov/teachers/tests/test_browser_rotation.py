"""In a real browser: a district officer generates the 东湖区 rotation plan, raises the
quota in the what-if and applies it, sends it to the schools, confirms for them, approves
and publishes; the receiving school's teacher list then shows the moved teachers."""

import pytest
from playwright.sync_api import expect

from edugov.conftest import browser_login

from .world import rotation_district

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_district_officer_plans_changes_the_quota_and_publishes(cast, page, live_server):
    rotation_district(cast)
    browser_login(page, live_server, cast.donghu_officer.username)
    page.goto(f"{live_server.url}/teachers/plans/new/")
    page.select_option("#id_district", str(cast.donghu.pk))
    page.fill("#id_year", "2026")
    page.click("main form button")
    expect(page.locator("[data-testid=moves-count]")).to_contain_text("1 (1)")
    page.click("[data-testid=whatif]")
    page.fill("#id_quota_percent", "30")
    page.click("[data-testid=whatif-run]")
    expect(page.locator("[data-testid=whatif-after] [data-testid=moves-count]")).to_contain_text(
        "3 (3)"
    )
    page.click("[data-testid=whatif-apply]")
    expect(page.locator("[data-testid=moves-count]")).to_contain_text("3 (3)")
    plan_url = page.url
    page.click("[data-testid=submit]")
    expect(page.locator("[data-testid=plan-status]")).to_contain_text("待学校确认")
    page.goto(f"{live_server.url}/teachers/confirmations/")
    links = [a.get_attribute("href") for a in page.locator("main table tbody a").all()]
    for _ in range(2):
        page.goto(f"{live_server.url}/teachers/confirmations/?confirmed=false")
        page.locator("main table tbody tr").first.locator("a").click()
        page.click("[data-testid=confirm]")
    assert len(links) == 2
    page.goto(plan_url)
    page.click("[data-testid=approve]")
    page.click("[data-testid=publish]")
    expect(page.locator("[data-testid=plan-status]")).to_contain_text("已公布")
    page.goto(f"{live_server.url}/teachers/?school={cast.donghu_junior.pk}")
    expect(page.locator("[data-testid=row-count]")).to_contain_text("4")
