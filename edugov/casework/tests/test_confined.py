"""Need-to-know case types (``CaseType.readers``): their cases, timeline and evidence
open to the declared readers alone, never to a scope that merely covers their units, and
their notifications reach readers only (issue 18: a crisis case)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from edugov.casework import registry
from edugov.casework.declarations import LEAD, CaseType, Kind, State, Transition
from edugov.casework.models import Case, CaseTransition, Notification
from edugov.casework.notify import recipients
from edugov.conftest import session_login
from edugov.core.relations import Person
from edugov.core.scoping import can

pytestmark = pytest.mark.django_db

CONFINED = CaseType(
    code="t_confined",
    label="测试保密办件",
    prefix="测密",
    initial="open",
    deadline="24 小时",
    states=(State("open", "处理中"), State("closed", "已结束", terminal=True)),
    transitions=(Transition("close", "结束", ("open",), "closed", LEAD, kind=Kind.CLOSE),),
    # Only the user who opened it reads it (a stand-in for "the assigned counselor").
    readers=Person("opened_by"),
)


@pytest.fixture(autouse=True)
def _confined_type():
    registry.register(CONFINED)
    yield
    registry.unregister(CONFINED.code)


@pytest.fixture
def confined(cast, open_case):
    # Owned by 东湖区, handled by its school: every scope above would read a plain case.
    return open_case(
        user=cast.donghu_officer,
        case_type="t_confined",
        title="保密办件",
        lead_unit=cast.donghu_school,
    )


def test_only_the_readers_see_a_confined_case_whatever_their_scope(cast, confined):
    assert can(cast.donghu_officer, confined, "view")
    for user in (cast.city_admin, cast.donghu_principal, cast.jinxian_principal):
        assert not Case.objects.visible_to(user, "view").filter(pk=confined.pk).exists()
        page = session_login(Client(), user).get(
            reverse("casework:case_detail", args=[confined.pk])
        )
        assert page.status_code == 404
    # Its timeline goes with it.
    step = CaseTransition.objects.get(case=confined)
    assert CaseTransition.objects.visible_to(cast.donghu_officer, "view").filter(pk=step.pk)
    assert not CaseTransition.objects.visible_to(cast.city_admin, "view").filter(pk=step.pk)


def test_a_move_of_a_confined_case_needs_the_reader_as_well_as_the_rule(cast, confined):
    # The principal's unit leads the case (the move's rule) but she is no reader.
    assert not can(cast.donghu_principal, confined, "t_confined:close")
    assert not can(cast.city_admin, confined, "comment")
    assert can(cast.donghu_officer, confined, "comment")


def test_plain_cases_keep_their_scope_rule(cast, open_case, confined):
    plain = open_case(user=cast.donghu_officer, title="普通办件", lead_unit=cast.donghu_school)
    assert can(cast.city_admin, plain, "view") and can(cast.donghu_principal, plain, "view")


def test_a_confined_case_notifies_its_readers_only(cast, confined):
    # Opening told the lead unit (the principal's school): she reads nothing, so nothing.
    assert not Notification.objects.filter(case=confined).exists()
    assert recipients(confined, ("unit", "lead_unit")) == [cast.donghu_officer]
