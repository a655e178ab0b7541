"""The student picker in a real browser (issue 25): a principal enters a portfolio
record and finds the student by part of her name. The search goes by POST with the
form's CSRF token (a typed ID number stays out of URLs); the label is masked; the save
goes through the same scoped field."""

import pytest
from playwright.sync_api import expect

from edugov.conftest import browser_login
from edugov.core import autocomplete
from edugov.portfolio.models import PortfolioRecord

from .conftest import make_student

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_student_is_found_by_name_and_saved(cast, page, live_server, monkeypatch):
    monkeypatch.setattr(autocomplete, "PICKER_ABOVE", 1)  # the test's two students
    zhang = make_student(cast.donghu_school, name="张三丰")
    make_student(cast.donghu_school, name="李四", class_name="2班")
    make_student(cast.jinxian_school, name="张无忌")  # another district: never offered
    posted = []
    page.on("request", lambda r: "/students/autocomplete/" in r.url and posted.append(r.method))
    browser_login(page, live_server, cast.donghu_principal.username)
    page.goto(f"{live_server.url}/portfolio/new/")
    expect(page.locator("#id_student option")).to_have_count(1)  # the empty choice only
    box = page.locator("input[role=combobox]")
    box.fill("张")
    options = page.locator("[role=option]")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("张**")
    expect(options.first).not_to_contain_text("三丰")
    options.first.click()
    page.fill("#id_school_year", "2025")
    page.select_option("#id_term", "1")
    page.select_option("#id_dimension", index=1)
    page.select_option("#id_grade", index=1)
    page.fill("#id_evidence", "参加校运会")
    page.click("form button.btn-primary")
    expect(page.locator(".alert-danger, .invalid-feedback")).to_have_count(0)
    record = PortfolioRecord.objects.get()
    assert record.student_id == zhang.pk
    assert posted and set(posted) == {"POST"}
