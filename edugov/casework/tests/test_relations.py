"""The scoping mechanism's extensions casework relies on: a relation across a many-to-many
never repeats a row, ``Where`` is a condition on the row, and ``allowed_actions`` answers
several actions in one query."""

from __future__ import annotations

import pytest

from edugov.casework.models import Case
from edugov.conftest import make_user
from edugov.core.context import acting
from edugov.core.relations import InScope, MemberOf, Where, many_valued
from edugov.core.scoping import allowed_actions

from .conftest import move

pytestmark = pytest.mark.django_db


def test_a_relation_across_a_many_to_many_lists_each_case_once(cast, open_case):
    case = open_case()
    move(
        case,
        cast.city_admin,
        "assign",
        lead_unit=cast.donghu,
        co_units=[cast.jinxian, cast.jinxian_school, cast.donghu_school],
    )
    officer = make_user("jinxian_officer", "district_staff", cast.jinxian)
    either = MemberOf("co_units") | MemberOf("lead_unit")
    for user in (officer, cast.city_admin, cast.donghu_officer):
        rows = Case.objects.filter(either.q(user, Case) | InScope("co_units").q(user, Case))
        assert rows.count() == len(set(rows.values_list("pk", flat=True))), user.username
    assert list(Case.objects.filter(MemberOf("co_units").q(officer, Case))) == [case]
    assert many_valued(Case, "co_units") and not many_valued(Case, "lead_unit")


def test_where_is_a_condition_on_the_row(cast, open_case):
    case = open_case()
    assert Case.objects.filter(Where(state="received").q(cast.counselor, Case)).get() == case
    assert not Case.objects.filter(Where(state="closed").q(cast.city_admin, Case)).exists()
    assert not Case.objects.filter((~Where(state="received")).q(cast.city_admin, Case)).exists()


def test_allowed_actions_takes_one_query(cast, handling, django_assert_num_queries):
    actions = handling.type.actions()
    with acting(cast.donghu_officer):
        # The role's permissions and the grants are read once per user and request.
        allowed_actions(cast.donghu_officer, handling, actions)
        with django_assert_num_queries(1):
            allowed = allowed_actions(cast.donghu_officer, handling, actions)
    assert allowed == {
        "t_complaint:send_back",
        "t_complaint:extend",
        "t_complaint:answer",
    }
