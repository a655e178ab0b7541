"""In a real browser: configure a run on a demo-like 中考, run it in the background, and
open its cutoff table (the issue's browser criterion)."""

import pytest
from playwright.sync_api import expect

from edugov.conftest import browser_login, make_school
from edugov.core.context import acting

from ..demo import build_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_demo_like_admission_runs_and_shows_its_cutoff_table(cast, page, live_server):
    with acting(None):
        for i, district in enumerate((cast.donghu, cast.jinxian, cast.donghu)):
            make_school(district, f"313600080{i}", f"演示初中{i}", "junior", urban_rural="rural")
        for i, (district, ownership) in enumerate(
            ((cast.donghu, "public"), (cast.jinxian, "public"), (cast.city, "private"))
        ):
            make_school(district, f"343600080{i}", f"演示高中{i}", "senior", ownership=ownership)
        build_session(cast.city, n=800, names=True)

    browser_login(page, live_server, "xueqian_staff")  # a city-wide department, no 2FA
    page.goto(f"{live_server.url}/admissions/runs/new/")
    page.fill("#id_name", "浏览器测试：民办单列")
    page.select_option("#id_session", index=1)
    page.select_option("#id_private_batch", "own")
    page.fill("#id_quota_share", "60")
    page.click("[data-testid=run-form] button")
    expect(page.locator("[data-testid=run-status]")).to_contain_text("草稿")

    page.click("[data-testid=run-start]")
    expect(page.locator("[data-testid=job-succeeded]")).to_be_visible()
    expect(page.locator(".progress-bar")).to_contain_text("100%")

    page.goto(f"{live_server.url}/admissions/")
    page.click("text=浏览器测试：民办单列")
    table = page.locator("[data-testid=cutoff-table]")
    expect(table).to_be_visible()
    expect(table).to_contain_text("民办批")
    expect(table).to_contain_text("语文+数学")  # the tie-break detail of a cutoff
    expect(page.locator("[data-chart='chart-cutoffs'] canvas")).to_be_visible()
    # The result's hash sits in the folded 校验信息 panel, present but not in the way.
    assert len(page.locator("[data-testid=result-sha]").text_content().strip()) == 64
