"""The hazard loop in a real browser on a phone-sized screen (375 px): a principal
completes an inspection with a failed item and a photo; the hazard appears in the
district's list with the deadline of its level; the school reports the fix (through the
service, as tested elsewhere); the district re-checks it and strikes it off."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from edugov.casework.services import case_move
from edugov.conftest import browser_login
from edugov.core.context import acting

from ..models import Hazard
from .world import NOW, checklist, jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_out(page):
    page.click("form[action$='/logout/'] button")
    page.wait_for_url("**/login/**")


def do(page, move):
    box = page.locator(f"[data-testid=move-{move}]")
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    box.locator(f"[data-testid=do-{move}]").click()


def test_a_phone_inspection_opens_a_hazard_the_district_rechecks_and_strikes_off(
    cast, page, live_server, settings
):
    settings.EDUGOV_TODAY = "2023-09-25"
    checklist(cast.city_admin, cast.city)
    page.set_viewport_size({"width": 375, "height": 812})

    # 1. The principal, on her phone: choose the checklist, fail XF-01 with a photo.
    browser_login(page, live_server, "donghu_principal")
    page.goto(f"{live_server.url}/safety/inspections/new/")
    page.click("[data-testid=checklists] >> text=消防安全检查表")
    form = page.locator("[data-testid=inspection-form]")
    expect(form).to_be_visible()
    assert form.bounding_box()["width"] <= 375
    page.select_option("#id_school", label=cast.donghu_school.name)
    item = page.locator("[data-testid=item-XF-01]")
    item.locator("label.btn-outline-danger").click()
    item.locator("summary").click()
    item.locator("input[name^=note_]").fill("二楼疏散通道堆放桌椅")
    item.locator("select[name^=level_]").select_option(label="较大")
    item.locator("input[type=file]").set_input_files(
        {"name": "site.jpg", "mimeType": "image/jpeg", "buffer": jpeg(gps=True)}
    )
    for code in ("XF-02", "XF-03"):
        page.locator(f"[data-testid=item-{code}] label.btn-outline-success").click()
    page.click("[data-testid=submit-inspection]")
    expect(page.locator("[data-testid=failed-count]")).to_have_text("1 / 3")
    expect(page.locator("[data-testid=hazard-link]")).to_have_count(1)
    log_out(page)

    # 2. The district's list shows it, due in 10 working days (较大), over 国庆.
    browser_login(page, live_server, "donghu_admin")
    page.goto(f"{live_server.url}/safety/hazards/")
    row = page.locator("tr", has_text="二楼疏散通道堆放桌椅")
    expect(row.locator("[data-testid=hazard-deadline]")).to_have_text("2023-10-13")
    expect(row).to_contain_text(cast.donghu_school.name)

    # 3. The school reports the fix with a photo after (the service; tested elsewhere).
    hazard = Hazard.objects.select_related("case").get()
    with acting(cast.donghu_principal):
        case_move(
            user=cast.donghu_principal,
            case=hazard.case,
            transition="report",
            outcome="桌椅已清走，通道畅通",
            files=[SimpleUploadedFile("after.jpg", jpeg())],
            now=NOW,
        )

    # 4. The district re-checks it and strikes it off, from the hazard's page.
    row.locator("a").first.click()
    expect(page.locator("[data-testid=hazard-level]")).to_have_text("较大")
    do(page, "recheck")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已复查待销号")
    do(page, "strike_off")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已销号")
    hazard.case.refresh_from_db()
    assert hazard.case.state == "closed" and not hazard.case.is_open
