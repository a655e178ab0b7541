"""The whole loop in a real browser: upload → confirm → assign a task → report → the task
becomes 滞后 → issue a 督办单 → respond → 销号."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from edugov.conftest import browser_login, make_user, screenshot
from edugov.workplan.status import Cycle

from .conftest import PLAN_FILE, dept

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_out(page):
    page.click("form[action$='/logout/'] button")
    page.wait_for_url("**/login/**")


def test_upload_confirm_assign_report_lag_supervise_respond_and_close(cast, page, live_server):
    make_user("duban_staff", "department_staff", dept("督导室"))
    today = timezone.localdate()
    # Start right after the last period whose report is already due, so the task is
    # judged on its percent (not on a missing report); due in two days.
    start = Cycle().next_start(Cycle().last_due_period(today))
    due = today + dt.timedelta(days=2)

    # 1–2. The 学前教育科 uploads the plan, reviews it side by side and confirms it.
    browser_login(page, live_server, "xueqian_staff")
    page.goto(f"{live_server.url}/workplan/plans/upload/")
    expect(page.locator("[data-file-names]")).to_have_text("未选择文件")
    page.set_input_files("#id_file", str(PLAN_FILE))
    # The page names the chosen file itself, not in the browser's language.
    expect(page.locator("[data-file-names]")).to_have_text(PLAN_FILE.name)
    page.click("main button")
    expect(page.locator("[data-testid=source-text]")).to_contain_text("推进学前教育普及普惠")
    expect(page.locator("[data-testid=review-point]")).to_have_count(28)
    page.click("[data-testid=confirm-plan]")
    expect(page.locator("[data-testid=area-row]")).to_have_count(5)
    page.wait_for_selector("[data-chart='chart-status']")

    # 3. Drill down to point 5 and assign a task to itself, shared with 东湖区.
    # Inside the page: the menu now carries the plan's area titles too.
    page.click("main >> text=加快建设高质量教育体系")
    page.click("main >> text=推进学前教育普及普惠")
    expect(page.locator("[data-testid=targets]")).to_contain_text("新增公办幼儿园")
    page.click("[data-testid=add-task]")
    page.fill("#id_title", "新建公办幼儿园（东湖片区）")
    page.select_option("#id_lead_unit", label="学前教育科")
    page.select_option("#id_co_units", label=["东湖区"])
    page.select_option("#id_owner", value=str(cast.dept_staff.pk))
    page.fill("#id_start_date", start.isoformat())
    page.fill("#id_due_date", due.isoformat())
    page.click("main form button")
    expect(page.locator("[data-testid=lead-unit]")).to_have_text("学前教育科")
    task_url = page.url
    log_out(page)

    # 4–5. The 东湖区 officer reports 10%: far behind the time elapsed, so 滞后.
    browser_login(page, live_server, "donghu_admin")
    page.goto(task_url)
    page.click("[data-testid=report-link]")
    page.fill("#id_percent", "10")
    page.fill("#id_text", "东湖片区用地尚未落实")
    page.click("main form button")
    expect(page.locator("[data-testid=report-status]")).to_have_text("已上报")
    page.goto(task_url)
    expect(page.locator("h1 [data-testid=task-status]")).to_have_text("滞后")
    screenshot(page, "workplan-task-lagging")
    # A co-operating unit reads the task but may neither edit it nor supervise it.
    expect(page.locator("text=编辑")).to_have_count(0)
    expect(page.locator("[data-testid=issue-link]")).to_have_count(0)
    log_out(page)

    # 6. The 督导室 issues a 督办单.
    browser_login(page, live_server, "duban_staff")
    page.goto(task_url)
    page.click("[data-testid=issue-link]")
    page.fill("#id_reason", "进度滞后，请说明原因并提出整改措施")
    page.click("[data-testid=issue-notice]")
    expect(page.locator("[data-testid=notice-number]")).to_contain_text(f"督办〔{today.year}〕1号")
    expect(page.locator("[data-testid=notice-status]")).to_have_text("待反馈")
    screenshot(page, "workplan-notice-issued")
    notice_url = page.url
    log_out(page)

    # 7. The owner responds with measures and a new date.
    browser_login(page, live_server, "xueqian_staff")
    page.goto(notice_url)
    page.fill("#id_measures", "协调自然资源部门落实用地，倒排工期")
    page.fill("#id_new_due_date", (today + dt.timedelta(days=60)).isoformat())
    page.click("[data-testid=respond]")
    expect(page.locator("[data-testid=notice-status]")).to_have_text("已反馈")
    log_out(page)

    # 8. The 督导室 verifies and closes it (销号).
    browser_login(page, live_server, "duban_staff")
    page.goto(notice_url)
    page.fill("#id_comment", "经现场核查，整改措施已落实")
    page.click("[data-testid=close-notice]")
    expect(page.locator("[data-testid=notice-status]")).to_have_text("已销号")
