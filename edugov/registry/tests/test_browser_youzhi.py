"""A district officer opens 东湖区's 优质均衡 report in a real browser: the CV chart is
drawn and the failing school is listed with its gap."""

import pytest
from playwright.sync_api import expect

from edugov.conftest import browser_login

from .test_evaluation_views import primary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_donghu_youzhi_report_shows_the_cv_chart_and_the_failing_schools(
    cast, school_factory, page, live_server
):
    weak = school_factory(cast.donghu, name="东湖区薄弱小学")
    primary(cast.donghu_school, floor=3000)
    primary(weak, floor=1000)
    primary(cast.jinxian_school, floor=500)  # failing too, but not the officer's to see
    browser_login(page, live_server, "donghu_admin")
    page.goto(f"{live_server.url}/registry/evaluations/")
    expect(page.get_by_test_id("eval-title")).to_contain_text("东湖区")
    chart = page.get_by_test_id("chart-cv-primary")
    expect(chart.locator("canvas")).to_have_count(1)
    failing = page.get_by_test_id("failing-primary")
    expect(failing).to_contain_text("东湖区薄弱小学")
    expect(failing).to_contain_text("+1,250 ㎡")
    expect(failing).not_to_contain_text("进贤")
    expect(page.locator("body")).not_to_contain_text("进贤县民和小学")
