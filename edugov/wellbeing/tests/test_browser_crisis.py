"""The crisis loop in a real browser, on a phone-sized screen: a student answers with the
code her class teacher handed out and scores 红 (PHQ-9 item 9); in the same request the
crisis case is opened, so the counselor's inbox shows it at once (no periodic job); the
counselor records the interview (the response) and refers the student to a hospital;
the referral letter downloads as .docx."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from edugov.conftest import session_login
from edugov.students.tests.conftest import make_student

from .factory import RED_PHQ, campaign, code_for, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_a_red_sheet_reaches_the_counselor_who_interviews_and_refers(
    cast, page, live_server, settings
):
    settings.EDUGOV_TODAY = "2023-10-09"
    staff(cast)
    pupil = make_student(cast.donghu_junior, name="李小明", grade=7)
    code = code_for(cast.counselor, campaign(cast.donghu_officer, cast.donghu), pupil)

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/wellbeing/answer/")
    page.fill("#id_code", code.lower())
    page.click("[data-testid=code-form] button")
    for i, value in enumerate(RED_PHQ, start=1):
        page.check(f"#PHQ-9-q{i}-{value}")
    for i in range(1, 8):
        page.check(f"#GAD-7-q{i}-0")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.click("[data-testid=submit-sheet]")
    expect(page.get_by_test_id("sheet-done")).to_be_visible()

    # The counselor signs in (second factor verified, as the login page would leave it).
    client = session_login(Client(), cast.counselor)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/casework/inbox/")
    row = page.get_by_test_id("inbox-row").filter(has_text="危机")
    expect(row).to_have_count(1)

    page.goto(f"{live_server.url}/wellbeing/cases/")
    page.locator("#list-table a").filter(has_text="危机").first.click()
    expect(page.get_by_test_id("case-state")).to_have_text("待响应（当日）")
    form = page.get_by_test_id("note-form")
    form.locator("select[name=kind]").select_option("interview")
    form.locator("textarea[name=text]").fill("约谈：学生近两周情绪低落，有自伤念头，已联系监护人。")
    form.locator("button").click()
    expect(page.get_by_test_id("case-state")).to_have_text("跟踪中")
    expect(page.get_by_test_id("notes")).to_contain_text("已联系监护人")

    refer = page.get_by_test_id("referral-form")
    refer.locator("select[name=hospital]").select_option(label="南昌市第九医院")
    refer.locator("textarea[name=reason]").fill("持续情绪低落伴自伤念头，建议专科评估")
    refer.locator("button").click()
    expect(page.get_by_test_id("case-state")).to_have_text("已转介医院")
    with page.expect_download() as info:
        page.get_by_test_id("referral-letter").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    from docx import Document

    text = "\n".join(p.text for p in Document(str(download.path())).paragraphs)
    assert "转介函" in text and "南昌市第九医院" in text
