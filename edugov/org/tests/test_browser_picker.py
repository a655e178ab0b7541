"""A form's unit dropdown of many choices is the autocomplete in a real browser: a
district officer moves a student to another school by typing part of its name, and the
save goes through the same scoped field (issue 25, ``Unit.picker``)."""

import pytest
from playwright.sync_api import expect

from edugov.conftest import browser_login
from edugov.core import autocomplete
from edugov.students.models import Student
from edugov.students.tests.conftest import make_student

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_school_is_chosen_by_typing_and_saved(cast, page, live_server, monkeypatch):
    monkeypatch.setattr(autocomplete, "PICKER_ABOVE", 1)  # the cast's few schools
    student = make_student(cast.donghu_junior)
    browser_login(page, live_server, cast.donghu_officer.username)
    page.goto(f"{live_server.url}/students/{student.pk}/edit/")
    box = page.locator("input[role=combobox]")
    # Labelled as in the search results: the school and its district.
    expect(box).to_have_value(f"{cast.donghu_junior.name}（{cast.donghu.name}）")
    expect(page.locator("#id_school option")).to_have_count(2)  # empty + the chosen one
    box.fill(cast.jinxian_school.name)  # another district's school is never offered
    expect(page.locator("[role=listbox]")).to_contain_text("无匹配")
    box.fill("育新")
    page.locator("[role=option]", has_text=cast.donghu_school.name).click()
    page.click("form button.btn-primary")
    page.wait_for_url(f"{live_server.url}/students/{student.pk}/")
    assert Student.objects.get(pk=student.pk).school_id == cast.donghu_school.pk


def test_several_schools_are_chosen_by_typing_and_one_removed(cast, page, live_server, monkeypatch):
    """A multiple choice of many units (an alliance's member schools): each chosen school
    is a tag with a remove button; the select submits the ones left."""
    from edugov.registry.models import Alliance

    monkeypatch.setattr(autocomplete, "PICKER_ABOVE", 1)
    browser_login(page, live_server, cast.donghu_officer.username)
    page.goto(f"{live_server.url}/registry/alliances/new/")
    page.fill("#id_name", "东湖测试教育集团")
    page.select_option("#id_kind", index=1)
    page.select_option("#id_unit", str(cast.donghu.pk))

    def picker(field):
        wrap = page.locator("div.position-relative", has=page.locator(f"#id_{field}"))
        return wrap.locator("input[role=combobox]"), wrap.locator("[role=option]")

    box, options = picker("lead_school")  # the lead school is a member too
    box.fill("第一中学")
    options.filter(has_text=cast.donghu_junior.name).click()
    box, options = picker("member_schools")
    box.fill("育新")
    options.filter(has_text=cast.donghu_school.name).click()
    expect(box).to_have_value("")  # ready for the next school
    box.fill("第一中学")
    options.filter(has_text=cast.donghu_junior.name).click()
    expect(page.locator("#id_member_schools option:checked")).to_have_count(2)
    page.get_by_role("button", name="移除 " + cast.donghu_school.name).click()
    expect(page.locator("#id_member_schools option:checked")).to_have_count(1)
    page.click("form button.btn-primary")
    page.wait_for_url(lambda url: "/new/" not in url)
    alliance = Alliance.objects.get(name="东湖测试教育集团")
    assert set(alliance.members.values_list("pk", flat=True)) == {cast.donghu_junior.pk}
    assert alliance.lead_school_id == cast.donghu_junior.pk
