"""In a real browser: a district officer files a monthly report with a delay on the
project's page; the project turns amber on the map; the city's .docx summary of the
month lists it with its reason."""

import pytest
from playwright.sync_api import expect

from edugov.conftest import browser_login

from ..models import Stage
from .world import PLANNED, project, reach

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_delayed_report_turns_the_project_amber_and_lands_in_the_city_docx(
    cast, page, live_server, settings, tmp_path
):
    settings.EDUGOV_TODAY = "2023-09-25"
    settings.EDUGOV_PROJECTS = {"late_days": 365}  # on time by its milestones
    p = project(cast.city_admin, cast.donghu_school, "BR-01")
    for stage in (Stage.APPROVAL, Stage.FEASIBILITY, Stage.TENDER, Stage.START):
        reach(cast.city_admin, p, stage, PLANNED[stage])

    browser_login(page, live_server, "donghu_admin")
    page.goto(f"{live_server.url}/projects/map/")
    expect(page.locator("[data-testid=state-BR-01]")).to_have_attribute("data-colour", "green")
    page.goto(f"{live_server.url}/projects/{p.pk}/")
    page.click("[data-testid=file-report]")
    page.fill("#id_month", "2023-09-01")
    page.fill("#id_percent", "35")
    page.fill("#id_paid_city", "120000.50")
    page.check("#id_delayed")
    page.fill("#id_delay_reason", "主体结构施工遇连续降雨停工")
    page.click("button:has-text('保存')")
    expect(page.locator("[data-testid=project-title]")).to_contain_text("BR-01")
    page.goto(f"{live_server.url}/projects/map/")
    row = page.locator("[data-testid=state-BR-01]")
    expect(row).to_have_attribute("data-colour", "amber")
    expect(row).to_contain_text("最新月报显示滞后")
    page.click("form[action$='/logout/'] button")

    # The city: a department of the bureau (the city admin signs in with a second factor).
    browser_login(page, live_server, "xueqian_staff")
    page.goto(f"{live_server.url}/projects/summary/?month=2023-09")
    expect(page.locator("[data-testid=summary-delayed]")).to_contain_text("BR-01")
    with page.expect_download() as download:
        page.click("[data-testid=summary-docx]")
    path = tmp_path / "summary.docx"
    download.value.save_as(path)

    from docx import Document

    text = "\n".join(par.text for par in Document(path).paragraphs)
    assert "2023年9月重大重点项目推进情况" in text
    assert "BR-01" in text and "主体结构施工遇连续降雨停工" in text
