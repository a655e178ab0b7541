"""The 12345 loop in a real browser: the city's hotline desk has dispatched an order to
东湖区; the district officer signs and answers it; the desk's 回访 says 不满意, which
reopens it (二次办理); the second answer and 回访 close it; the case page's timeline
shows every step, and the order page links the case."""

import pytest
from playwright.sync_api import expect

from edugov.casework.services import case_move
from edugov.conftest import browser_login, make_user
from edugov.core.context import acting
from edugov.hotline.models import HotlineOrder
from edugov.hotline.services import order_receive

from .conftest import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_out(page):
    page.click("form[action$='/logout/'] button")
    page.wait_for_url("**/login/**")


def do(page, move, **fields):
    box = page.locator(f"[data-testid=move-{move}]")
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    for name, value in fields.items():
        if name == "satisfaction":
            box.locator(f"input[name={move}-satisfaction][value={value}]").check()
        else:
            box.locator(f"[name={move}-{name}]").fill(value)
    box.locator(f"[data-testid=do-{move}]").click()


def test_sign_answer_dissatisfied_reopen_answer_close(cast, page, live_server, settings):
    settings.EDUGOV_TODAY = "2023-09-25"
    desk = make_user("hotline_desk", "department_staff", cast.city)
    received = at(2023, 9, 25, 8, 30)
    with acting(desk):
        order = order_receive(
            user=desk,
            order=HotlineOrder(
                platform_no="NC2023092500001",
                received_at=received,
                order_type="complaint",
                topic="fees",
                content="东湖区育新学校课后服务收费过高，要求退费",
                school=cast.donghu_school,
                district=cast.donghu,
                caller_name="张女士",
                caller_phone="13800001111",
            ),
            now=received,
        )
        case_move(
            user=desk,
            case=order.case,
            transition="dispatch",
            lead_unit=cast.donghu,
            now=at(2023, 9, 25, 8, 45),
        )
    case_url = f"{live_server.url}/casework/cases/{order.case.pk}/"
    # The browser's moves are dated by the clock: the fixed day at the wall clock's time of
    # day. On the order's own day they came before its 08:45 dispatch whenever the test ran
    # before 08:45 Beijing time, and the timeline's order failed: the moves are the next day.
    settings.EDUGOV_TODAY = "2023-09-26"

    # 1. The 东湖区 officer finds the order in the list, opens it and signs it.
    browser_login(page, live_server, "donghu_admin")
    page.goto(f"{live_server.url}/hotline/")
    page.click("text=NC2023092500001")
    expect(page.locator("[data-testid=caller-phone]")).to_have_text("138****1111")
    page.click("[data-testid=case-link]")
    expect(page.locator("[data-testid=case-state]")).to_have_text("待签收")
    do(page, "sign")
    expect(page.locator("[data-testid=case-state]")).to_have_text("办理中")
    # 2. … and answers it.
    do(page, "answer", outcome="经核实，已责令学校按标准收费并退还多收费用。")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已答复待回访")
    # The 回访 is not the district's.
    expect(page.locator("[data-testid=move-review]")).to_have_count(0)
    log_out(page)

    # 3. The desk's 回访: 不满意 reopens the order (二次办理).
    browser_login(page, live_server, "hotline_desk")
    page.goto(case_url)
    do(page, "review", satisfaction="dissatisfied", reason="家长称尚未收到退费")
    expect(page.locator("[data-testid=case-state]")).to_have_text("办理中")
    log_out(page)

    # 4. The officer answers a second time.
    browser_login(page, live_server, "donghu_admin")
    page.goto(case_url)
    do(page, "answer", outcome="退费已于今日到账，已电话告知来电人。")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已答复待回访")
    log_out(page)

    # 5. The second 回访 closes it.
    browser_login(page, live_server, "hotline_desk")
    page.goto(case_url)
    do(page, "review", satisfaction="satisfied")
    expect(page.locator("[data-testid=case-state]")).to_have_text("已办结")
    expect(page.locator("[data-testid=satisfaction]")).to_have_text("满意")

    # 6. The timeline shows each step, in order.
    steps = page.locator("[data-testid=timeline-step]")
    expect(steps).to_have_count(7)
    for i, label in enumerate(["派单", "签收", "答复", "回访", "答复", "回访"], start=1):
        expect(steps.nth(i)).to_contain_text(label)
    expect(steps.nth(4)).to_contain_text("家长称尚未收到退费")
    # The case page links its order; the order page shows the final state.
    page.click("[data-testid=subject-link]")
    expect(page.locator("[data-testid=order-state]")).to_have_text("已办结")
    order.case.refresh_from_db()
    assert order.case.reopened == 1 and order.case.state == "closed"
