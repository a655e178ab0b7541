"""The whole scenario on a phone-sized screen: a parent logs in by SMS code and applies
with a document; the school asks for more; the parent adds a document; the school
approves; after the lottery of the oversubscribed category, the parent sees the result."""

import pytest
from playwright.sync_api import expect

from edugov.admissions.services.lottery import draw_close, draw_run, party_commit, party_reveal
from edugov.conftest import browser_login
from edugov.core.context import acting
from edugov.engines.lottery import commit
from edugov.enrolment import sms
from edugov.enrolment.models import Application, SchoolPlan, Status
from edugov.enrolment.services import application_review, placement_apply_draw, placement_prepare

from . import world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_apply_ask_more_add_approve_draw_result_on_a_phone(
    cast, browser, page, live_server, settings, tmp_path, request
):
    settings.EDUGOV_TODAY = "2026-07-01"
    settings.MEDIA_ROOT = str(tmp_path)
    world.catchment(cast.donghu, cast.donghu_school, "育新学区", "育新花园")
    # Two other families already approved: three claims in the same category, two seats.
    for i in (21, 22):
        other = world.apply(world.parent(f"139000000{i}"), cast.donghu_school, "育新花园", i)
        application_review(user=cast.donghu_principal, application=other, move="approve")
    pdf = tmp_path / "hukou.pdf"
    pdf.write_bytes(world.PDF)
    page.set_viewport_size(PHONE)

    # 1. The parent logs in with the SMS code and applies with a document.
    sms.ConsoleSMS.sent.clear()
    page.goto(f"{live_server.url}/enrolment/login/")
    page.fill("#id_phone", "13912345678")
    page.click("[data-testid=login-submit]")
    code = sms.ConsoleSMS.sent[-1][1].split("验证码是 ")[1][:6]
    page.fill("#id_code", code)
    page.click("[data-testid=login-submit]")
    page.click("[data-testid=apply]")
    page.select_option("#id_school", label=cast.donghu_school.name)
    page.fill("#id_child_name", "王小明")
    page.fill("#id_child_id", world.child_id(world.dt.date(2020, 8, 31), 30))
    page.fill("#id_birth_date", "2020-08-31")
    page.fill("#id_community", "育新花园")
    page.check("#id_household_in_catchment")
    page.check("#id_property_in_catchment")
    page.fill("#id_property_since", "2019-05-01")
    page.set_input_files("input[name=household]", str(pdf))
    page.click("[data-testid=submit]")
    expect(page.locator("[data-testid=status]")).to_be_visible()
    app = Application.objects.get(parent__username="p13912345678")
    assert app.category == "home_and_household" and app.documents.count() == 1
    parent_url = page.url

    # 2. The school asks for more.
    # Closed at the end, before the live server stops: a context left open kept its
    # keep-alive connections, whose server threads then closed a database connection
    # no longer shared with them (the "DatabaseWrapper … same thread" warnings).
    school_context = browser.new_context(locale="zh-CN", viewport=PHONE)
    request.addfinalizer(school_context.close)
    school = school_context.new_page()
    browser_login(school, live_server, "donghu_principal")
    school.goto(f"{live_server.url}/enrolment/{app.pk}/")
    school.fill("[data-testid=reason]", "请补充房产证")
    school.click("[data-testid=ask-more]")
    school.wait_for_load_state()

    # 3. The parent sees the reason and adds a document.
    page.goto(parent_url)
    expect(page.locator("[data-testid=reason]")).to_have_text("请补充房产证")
    page.set_input_files("input[name=property]", str(pdf))
    page.click("[data-testid=supplement]")
    expect(page.locator("[data-testid=supplement]")).to_have_count(0)
    assert app.documents.count() == 2

    # 4. The school approves.
    school.goto(f"{live_server.url}/enrolment/{app.pk}/")
    school.click("[data-testid=approve]")
    expect(school.locator("[data-testid=approve]")).to_have_count(0)
    app.refresh_from_db()
    assert app.status == Status.APPROVED

    # 5. The district runs the draw; the parent sees the result.
    plan = SchoolPlan.objects.get(school=cast.donghu_school)
    officer = cast.donghu_officer
    with acting(officer):
        draw = placement_prepare(user=officer, plan=plan, public_number_rule="福彩3D")
        party_commit(draw=draw, party="公证处", commitment=commit("secret"))
        draw_close(draw=draw)
        party_reveal(party=draw.parties.get(), secret="secret")
        draw_run(draw=draw, public_number="456")
        plan.refresh_from_db()
        placement_apply_draw(user=officer, plan=plan)
    app.refresh_from_db()
    page.goto(parent_url)
    expect(page.locator("[data-testid=status]")).to_have_text(app.get_status_display())
    if app.status == Status.PLACED:
        expect(page.locator("[data-testid=result]")).to_have_text(cast.donghu_school.name)
