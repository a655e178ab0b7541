"""Each move of a 12345 order: in scope, out of scope (404), without the permission, in
the wrong state; 不满意 reopens once only; duplicates are merged into a main order."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from edugov.casework.models import Case
from edugov.conftest import make_user, session_login

from .conftest import T0, at, move

pytestmark = pytest.mark.django_db


def test_receiving_opens_a_numbered_case_with_the_order_type_limit(cast, receive):
    order = receive(order_type="consult")
    case = order.case
    assert case.case_type == "hotline_order" and case.state == "received"
    assert case.number == "热线〔2023〕第1号"
    assert case.subject_id == order.pk and case.subject_label == "NC001"
    # The clock starts at 派单: 咨询 3 working days from Monday 09-25 → Thursday 09-28.
    move(case, cast.city_admin, "dispatch", lead_unit=cast.donghu)
    case.refresh_from_db()
    assert case.due_at.date().isoformat() == "2023-09-28"
    # 签收 within 1 working day.
    assert case.state_due_at.date().isoformat() == "2023-09-26"


def test_a_complaint_has_13_working_days(cast, receive):
    order = receive(order_type="complaint")
    move(order.case, cast.city_admin, "dispatch", lead_unit=cast.donghu)
    order.case.refresh_from_db()
    # 13 working days from 09-25 across National Day (09-29…10-06 off, 10-07/08 worked).
    assert order.case.due_at.date().isoformat() == "2023-10-18"


def test_the_whole_loop_with_one_reopening(cast, handling):
    case = handling.case
    move(
        case, cast.donghu_officer, "answer", outcome="已核实，退还多收费用", now=at(2023, 9, 26, 9)
    )
    move(case, cast.city_admin, "review", satisfaction="dissatisfied", now=at(2023, 9, 27, 9))
    case.refresh_from_db()
    assert case.state == "handling" and case.reopened == 1 and case.closed_at is None
    move(case, cast.donghu_officer, "answer", outcome="再次核实并公示", now=at(2023, 9, 28, 9))
    move(case, cast.city_admin, "review", satisfaction="dissatisfied", now=at(2023, 9, 28, 15))
    case.refresh_from_db()
    # The second 不满意 does not reopen again: the order ends, rated.
    assert case.state == "closed" and not case.is_open and case.reopened == 1
    assert case.satisfaction == "dissatisfied"
    moves = list(case.timeline.values_list("move", flat=True))
    assert moves == ["", "dispatch", "sign", "answer", "review", "answer", "review"]


def test_satisfied_closes_the_order(cast, handling):
    case = handling.case
    move(case, cast.donghu_officer, "answer", outcome="已答复")
    move(case, cast.city_admin, "review", satisfaction="satisfied")
    case.refresh_from_db()
    assert case.state == "closed" and case.on_time is True


def test_a_school_order_is_signed_by_its_district(cast, receive):
    order = receive(school=cast.donghu_school)
    move(order.case, cast.city_admin, "dispatch", lead_unit=cast.donghu_school)
    # The district acts for its school (Within), and the school itself too.
    move(order.case, cast.donghu_officer, "sign")
    order.case.refresh_from_db()
    assert order.case.state == "handling"


@pytest.mark.parametrize(
    ("name", "data"),
    [("sign", {}), ("answer", {"outcome": "x"}), ("send_back", {"reason": "非本单位职责"})],
)
def test_handler_moves_are_refused_outside_the_lead_unit(cast, receive, name, data):
    order = receive()
    move(order.case, cast.city_admin, "dispatch", lead_unit=cast.donghu)
    if name == "answer":
        move(order.case, cast.donghu_officer, "sign")
    with pytest.raises(PermissionDenied):
        move(order.case, cast.jinxian_principal, name, **data)


def test_out_of_scope_is_404_on_the_case_page_and_its_moves(cast, receive):
    order = receive()
    move(order.case, cast.city_admin, "dispatch", lead_unit=cast.donghu)
    client = session_login(Client(), cast.jinxian_principal)
    assert client.get(reverse("casework:case_detail", args=[order.case.pk])).status_code == 404
    assert client.get(reverse("hotline:order_detail", args=[order.pk])).status_code == 404
    response = client.post(reverse("casework:case_move", args=[order.case.pk]), {"move": "sign"})
    assert response.status_code == 404
    order.case.refresh_from_db()
    assert order.case.state == "dispatched"


def test_without_the_permission_a_member_of_the_unit_cannot_move(cast, receive):
    teacher = make_user("donghu_teacher", "teacher", cast.donghu)
    order = receive()
    move(order.case, cast.city_admin, "dispatch", lead_unit=cast.donghu)
    with pytest.raises(PermissionDenied):
        move(order.case, teacher, "sign")


def test_dispatch_is_the_receiving_units(cast, receive):
    order = receive()
    with pytest.raises(PermissionDenied):
        move(order.case, cast.donghu_officer, "dispatch", lead_unit=cast.donghu)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("sign", {}),
        ("answer", {"outcome": "x"}),
        ("review", {"satisfaction": "satisfied"}),
    ],
)
def test_moves_in_the_wrong_state_are_refused(cast, receive, name, data):
    order = receive()  # received, not yet dispatched
    user = cast.city_admin
    with pytest.raises(ValidationError, match="cannot take the step|不能"):
        move(order.case, user, name, **data)


def test_review_needs_the_answer_first_and_the_owner(cast, handling):
    with pytest.raises(ValidationError):
        move(handling.case, cast.city_admin, "review", satisfaction="satisfied")
    move(handling.case, cast.donghu_officer, "answer", outcome="已答复")
    with pytest.raises(PermissionDenied):
        move(handling.case, cast.donghu_officer, "review", satisfaction="satisfied")


def test_a_duplicate_is_merged_into_its_main_order(cast, receive):
    main = receive("NC100")
    dup = receive("NC101")
    move(dup.case, cast.city_admin, "merge", main="NC100")
    dup.case.refresh_from_db()
    assert dup.case.state == "merged" and not dup.case.is_open
    assert dup.case.attrs["main"] == "NC100"
    client = session_login(Client(), cast.city_admin)
    page = client.get(reverse("hotline:order_detail", args=[main.pk]))
    assert b"NC101" in page.content and b'data-testid="duplicates"' in page.content
    page = client.get(reverse("hotline:order_detail", args=[dup.pk]))
    assert b'data-testid="main-order"' in page.content


@pytest.mark.parametrize(
    ("main", "message"),
    [("NC999", "No 12345 order|没有"), ("NC101", "itself|本身|自身")],
)
def test_a_merge_names_another_stored_order(cast, receive, main, message):
    receive("NC100")
    dup = receive("NC101")
    with pytest.raises(ValidationError, match=message):
        move(dup.case, cast.city_admin, "merge", main=main)
    dup.case.refresh_from_db()
    assert dup.case.state == "received"


def test_a_merge_into_a_merged_order_is_refused(cast, receive):
    receive("NC100")
    second = receive("NC101")
    third = receive("NC102")
    move(second.case, cast.city_admin, "merge", main="NC100")
    with pytest.raises(ValidationError):
        move(third.case, cast.city_admin, "merge", main="NC101")


def test_a_handled_order_cannot_be_merged(cast, handling, receive):
    receive("NC200")
    with pytest.raises(ValidationError):
        move(handling.case, cast.city_admin, "merge", main="NC200")


def test_an_opinion_item_runs_on_an_hour_clock(cast):
    from edugov.core.context import acting
    from edugov.hotline.services import opinion_open

    with acting(cast.city_admin):
        case = opinion_open(user=cast.city_admin, title="网传学生食物中毒", level="major", now=T0)
    move(case, cast.city_admin, "assign", lead_unit=cast.donghu)
    case = Case.objects.get(pk=case.pk)
    assert case.due_at == at(2023, 9, 25, 12, 0)  # 重大: 2 小时
    move(case, cast.donghu_officer, "respond", outcome="已发布情况通报", now=at(2023, 9, 25, 11))
    move(case, cast.city_admin, "verify", now=at(2023, 9, 25, 15))
    case.refresh_from_db()
    assert case.state == "closed" and case.on_time is True


def test_an_opinion_level_is_one_of_the_configured(cast):
    from edugov.core.context import acting
    from edugov.hotline.services import opinion_open

    with acting(cast.city_admin), pytest.raises(ValidationError):
        opinion_open(user=cast.city_admin, title="x", level="huge", now=T0)


def test_the_opinion_clock_is_configurable(cast, settings):
    from edugov.core.context import acting
    from edugov.hotline.services import opinion_open

    settings.EDUGOV_HOTLINE = {"opinion_levels": {"general": ("一般", "48 小时")}}
    with acting(cast.city_admin):
        case = opinion_open(user=cast.city_admin, title="x", level="general", now=T0)
    move(case, cast.city_admin, "assign", lead_unit=cast.donghu)
    case.refresh_from_db()
    assert case.due_at == at(2023, 9, 27, 10, 0)
