"""In a real browser: a district officer filters the student list by typing part of a
school's name into the picker and choosing it from the scoped matches."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from edugov.conftest import browser_login, make_school
from edugov.core.context import acting
from edugov.students.tests.conftest import make_student

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_district_officer_picks_a_school_by_typing_and_the_list_follows(cast, page, live_server):
    with acting(None):
        other = make_school(cast.donghu, "2136009901", "东湖区滕王阁小学")
    make_student(cast.donghu_school, name="李四", born=dt.date(2008, 5, 4))
    make_student(other, name="赵六", born=dt.date(2009, 6, 5))
    make_student(cast.jinxian_school, name="王五", born=dt.date(2007, 11, 30))
    browser_login(page, live_server, "donghu_admin")
    page.goto(f"{live_server.url}/students/")
    expect(page.locator("[data-testid=row-count]")).to_contain_text("2")
    box = page.locator("input[role=combobox]")
    expect(box).to_have_attribute("placeholder", "输入名称或代码搜索")
    box.fill("滕王阁")
    option = page.locator("[role=listbox] [role=option]")
    expect(option).to_have_count(1)
    expect(option).to_have_text(f"东湖区滕王阁小学（{cast.donghu.name}）")
    option.dispatch_event("mousedown")
    expect(box).to_have_value(f"东湖区滕王阁小学（{cast.donghu.name}）")
    expect(page.locator("[data-testid=row-count]")).to_contain_text("1")
    assert f"school={other.pk}" in page.url
    # 进贤县's school is not among a 东湖区 officer's matches.
    box.fill("")
    box.fill(cast.jinxian_school.name)
    expect(page.locator("[role=listbox]")).to_contain_text("无匹配结果")
