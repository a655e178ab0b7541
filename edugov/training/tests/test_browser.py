"""The 双减 loop in a real browser, one scenario: a parent finds an institution on the
public lookup (no login) and complains; the complaint reaches the 东湖区 inbox (待办);
the district officer accepts it, opens an inspection from it on the phone-sized page,
records a 隐形变异 finding with rectification ordered, and the institution's status is
整改 — on the record's page and on the public lookup."""

import pytest
from playwright.sync_api import expect

from edugov.conftest import browser_login

from ..models import Complaint, Institution
from . import world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_public_complaint_becomes_an_inspection_and_a_rectification(
    cast, page, live_server, settings
):
    settings.EDUGOV_TODAY = "2023-09-25"
    donghu, _ = world.institutions(cast)

    # 1. A parent, not logged in, on a phone.
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}/training/public/lookup/?q=启航")
    expect(page.locator("[data-testid=lookup-status]")).to_have_text("正常")
    page.click("text=投诉该机构")
    page.fill("#id_content", "周末在小区住宅里给初二学生上数学课，对外称研学营")
    page.fill("#id_contact_phone", "13900001111")
    page.click("text=提交投诉")
    expect(page.locator("[data-testid=complaint-done]")).to_contain_text("培诉")
    complaint = Complaint.objects.get(institution=donghu)

    # 2. The district officer finds it in the inbox and accepts it.
    page.set_viewport_size({"width": 1280, "height": 900})
    browser_login(page, live_server, "donghu_admin")
    page.goto(f"{live_server.url}/casework/inbox/")
    row = page.locator("[data-testid=inbox-row]", has_text="启航")
    expect(row).to_have_count(1)
    row.locator("a").first.click()
    box = page.locator("[data-testid=move-accept]")
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    box.locator("[data-testid=do-accept]").click()
    expect(page.locator("[data-testid=case-state]")).to_have_text("核查中")

    # 3. From the complaint, an inspection on the phone-sized page.
    page.click("[data-testid=subject-link]")
    page.click("[data-testid=open-inspection]")
    page.set_viewport_size({"width": 390, "height": 800})
    page.fill("#id_place", "某小区 5 栋 301")
    page.click("[data-testid=record-form] button")
    expect(page.locator("[data-testid=record-institution-status]")).to_have_text("正常")

    # 4. A 隐形变异 finding, rectification ordered: the institution moves to 整改.
    form = page.locator("[data-testid=finding-form]")
    form.locator("#id_kind").select_option("labelled")
    form.locator("#id_description").fill("以研学营名义在住宅内开展学科类培训")
    form.locator("#id_order_rectify").check()
    form.locator("button").click()
    expect(page.locator("[data-testid=record-institution-status]")).to_have_text("整改")
    expect(page.locator("[data-testid=findings]")).to_contain_text("以研学")

    assert Institution.objects.get(pk=donghu.pk).status == "rectify"
    assert complaint.records.get().findings.get().case.state == "rectifying"
    page.goto(f"{live_server.url}/training/public/lookup/?q=启航")
    expect(page.locator("[data-testid=lookup-status]")).to_have_text("整改")
