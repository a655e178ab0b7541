"""My inbox: 待办 is exactly the cases on which I may make a move now; 已办 the ones I moved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from edugov.casework.models import Case
from edugov.casework.selectors import done, todo
from edugov.conftest import make_user

from .conftest import move

pytestmark = pytest.mark.django_db


def test_todo_follows_whose_move_it_is(cast, open_case, duban):
    case = open_case()
    assert list(todo(cast.city_admin)) == [case]  # the owner assigns it
    assert list(todo(cast.donghu_officer)) == []
    move(case, cast.city_admin, "assign", lead_unit=cast.donghu, supervising_unit=duban.unit)
    # The owner may still transfer it, but it waits for 东湖区 now.
    assert list(todo(cast.city_admin)) == []
    assert list(Case.objects.visible_to(cast.city_admin, "t_complaint:transfer")) == [case]
    assert list(todo(cast.donghu_officer)) == [case]  # now 东湖区 signs
    assert list(todo(cast.donghu_principal)) == []  # a school under it does not
    assert list(done(cast.city_admin)) == [case]
    assert list(done(cast.donghu_officer)) == []


def test_todo_holds_an_extension_for_the_supervisor_only_while_it_waits(cast, handling, duban):
    assert list(todo(duban)) == []
    move(handling, cast.donghu_officer, "extend", until="2023-10-20", reason="调查")
    assert list(todo(duban)) == [handling]
    move(handling, duban, "approve_extension")
    assert list(todo(duban)) == []


def test_a_case_with_several_co_units_is_listed_once(cast, open_case):
    from edugov.conftest import make_user

    case = open_case()
    move(
        case,
        cast.city_admin,
        "assign",
        lead_unit=cast.donghu,
        co_units=[cast.jinxian, cast.donghu_school, cast.jinxian_school],
    )
    move(case, cast.donghu_officer, "sign")
    jinxian_officer = make_user("jinxian_officer", "district_staff", cast.jinxian)
    opinion = Case.objects.visible_to(jinxian_officer, "t_complaint:co_opinion")
    assert list(opinion) == [case]  # the co-unit may give its opinion
    assert list(todo(jinxian_officer)) == []  # but the case does not wait for it


def test_the_inbox_page_lists_todo_and_done_in_a_fixed_number_of_queries(
    cast, open_case, client_for, django_assert_max_num_queries
):
    for i in range(3):
        case = open_case(title=f"投诉{i}")
        move(case, cast.city_admin, "assign", lead_unit=cast.donghu)
    client = client_for(cast.donghu_officer)
    client.get(reverse("casework:inbox"))  # warm the session and permission caches
    with django_assert_max_num_queries(14):
        page = client.get(reverse("casework:inbox")).content.decode()
    assert page.count("投诉") >= 3
    for i in range(3, 13):
        case = open_case(title=f"投诉{i}")
        move(case, cast.city_admin, "assign", lead_unit=cast.donghu)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("casework:inbox")).content.decode()
    assert "投诉12" in page
    done_page = client_for(cast.city_admin).get(reverse("casework:inbox"), {"box": "done"})
    assert "投诉12" in done_page.content.decode()


def test_the_inbox_answers_only_get(cast, client_for):
    client = client_for(cast.donghu_officer)
    assert client.post(reverse("casework:inbox")).status_code == 404
    # A role without casework (the teacher; the counselor has crisis cases since issue 18).
    teacher = make_user("inbox_teacher", "teacher", cast.donghu_school)
    assert client_for(teacher).get(reverse("casework:inbox")).status_code == 404
