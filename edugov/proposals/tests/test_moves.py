"""The loop of a proposal on casework: each move in scope, out of scope, without the
permission and in the wrong state; 面商 before 答复; class C needs its reason; 不满意
sends it back once with the 1-month redo limit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from edugov.casework.models import Case, Satisfaction
from edugov.conftest import make_user
from edugov.org.models import Unit

from .conftest import CONSULT, REPLY, T0, at, move

pytestmark = pytest.mark.django_db


def test_the_whole_loop_from_the_list_to_conclusion(cast, make_proposal, jichu_staff, xueqian):
    p = make_proposal()
    case = Case.objects.get(pk=p.case_id)
    assert case.case_type == "npc_suggestion" and case.state == "handling"
    assert case.lead_unit == xueqian
    assert [u.name for u in case.co_units.all()] == ["基础教育科"]
    # 3 months from 交办 (2023-03-01): 2023-06-01, the end of that day.
    assert timezone.localdate(case.due_at) == dt.date(2023, 6, 1)
    move(p, jichu_staff, "co_opinion", opinion="同意，配合做好师资配备")
    move(p, cast.dept_staff, "consult", **CONSULT)
    move(p, cast.dept_staff, "reply", now=at(2023, 5, 20, 9, 0), **REPLY)
    case.refresh_from_db()
    assert case.state == "replied" and case.on_time is True and case.attrs["classification"] == "A"
    move(p, cast.city_admin, "review", satisfaction=Satisfaction.SATISFIED)
    case = move(p, cast.city_admin, "finish")
    assert case.state == "closed" and not case.is_open


def test_the_answer_needs_a_consultation_first(cast, make_proposal):
    p = make_proposal()
    with pytest.raises(ValidationError) as info:
        move(p, cast.dept_staff, "reply", **REPLY)
    assert "答复" in "".join(info.value.messages)
    assert Case.objects.get(pk=p.case_id).state == "handling"


def test_class_c_is_refused_without_its_reason(cast, make_proposal):
    p = make_proposal()
    move(p, cast.dept_staff, "consult", **CONSULT)
    with pytest.raises(ValidationError) as info:
        move(p, cast.dept_staff, "reply", **{**REPLY, "classification": "C"})
    assert "C" in "".join(info.value.messages) and "原因" in "".join(info.value.messages)
    assert Case.objects.get(pk=p.case_id).state == "consulted"
    move(
        p,
        cast.dept_staff,
        "reply",
        **{**REPLY, "classification": "C", "limitation": "选址用地尚未落实"},
    )
    case = Case.objects.get(pk=p.case_id)
    assert case.state == "replied" and case.attrs["limitation"] == "选址用地尚未落实"


def test_dissatisfied_sends_it_back_once_with_a_month_to_redo(cast, make_proposal):
    p = make_proposal()
    move(p, cast.dept_staff, "consult", **CONSULT)
    move(p, cast.dept_staff, "reply", **REPLY)
    back = at(2023, 4, 3, 9, 0)
    case = move(p, cast.city_admin, "review", now=back, satisfaction=Satisfaction.DISSATISFIED)
    assert case.state == "handling" and case.reopened == 1 and case.closed_at is None
    assert timezone.localdate(case.due_at) == dt.date(2023, 5, 3)
    move(p, cast.dept_staff, "consult", now=back, **CONSULT)
    move(p, cast.dept_staff, "reply", now=back, **REPLY)
    case = move(p, cast.city_admin, "review", now=back, satisfaction=Satisfaction.DISSATISFIED)
    assert case.state == "rated"  # the cap reached: rated as it is


# --- every move: in scope, out of scope, without the permission, wrong state --------


def _handling(make_proposal, **kw):
    return make_proposal(**kw)


def _received(make_proposal):
    return make_proposal(listed_lead=None, listed_co="")


def _consulted(make_proposal, cast):
    p = make_proposal()
    move(p, cast.dept_staff, "consult", **CONSULT)
    return p


def _replied(make_proposal, cast):
    p = _consulted(make_proposal, cast)
    move(p, cast.dept_staff, "reply", **REPLY)
    return p


def _rated(make_proposal, cast):
    p = _replied(make_proposal, cast)
    move(p, cast.city_admin, "review", satisfaction=Satisfaction.BASIC)
    return p


def _extending(make_proposal, cast):
    p = make_proposal()
    move(p, cast.dept_staff, "extend", until=dt.date(2023, 9, 1), reason="需调研")
    return p


MOVES = {
    # move: (prepare, actor, data)
    "assign": ("received", "city_admin", {"lead_unit": "学前教育科"}),
    "send_back": ("handling", "dept_staff", {"reason": "不属我科职责"}),
    "co_opinion": ("handling", "jichu_staff", {"opinion": "同意"}),
    "consult": ("handling", "dept_staff", CONSULT),
    "extend": ("handling", "dept_staff", {"until": dt.date(2023, 9, 1), "reason": "需调研"}),
    "approve_extension": ("extending", "city_admin", {}),
    "refuse_extension": ("extending", "city_admin", {"reason": "不符合延期条件"}),
    "reply": ("consulted", "dept_staff", REPLY),
    "review": ("replied", "city_admin", {"satisfaction": Satisfaction.SATISFIED}),
    "finish": ("rated", "city_admin", {}),
}


def _prepare(state, make_proposal, cast):
    return {
        "received": lambda: _received(make_proposal),
        "handling": lambda: _handling(make_proposal),
        "consulted": lambda: _consulted(make_proposal, cast),
        "replied": lambda: _replied(make_proposal, cast),
        "rated": lambda: _rated(make_proposal, cast),
        "extending": lambda: _extending(make_proposal, cast),
    }[state]()


def _data(data):
    if "lead_unit" in data:
        return {**data, "lead_unit": Unit.objects.get(name=data["lead_unit"])}
    return data


def _actor(name, cast, jichu_staff):
    return jichu_staff if name == "jichu_staff" else getattr(cast, name)


@pytest.mark.parametrize("name", sorted(MOVES))
def test_each_move_by_its_actor_in_scope(name, cast, make_proposal, jichu_staff):
    state, actor, data = MOVES[name]
    p = _prepare(state, make_proposal, cast)
    before = Case.objects.get(pk=p.case_id).timeline.count()
    move(p, _actor(actor, cast, jichu_staff), name, **_data(data))
    assert Case.objects.get(pk=p.case_id).timeline.count() == before + 1


@pytest.mark.parametrize("name", sorted(MOVES))
def test_each_move_refused_out_of_scope(name, cast, make_proposal):
    state, _actor_name, data = MOVES[name]
    p = _prepare(state, make_proposal, cast)
    with pytest.raises(PermissionDenied):
        move(p, cast.donghu_officer, name, **_data(data))


@pytest.mark.parametrize("name", sorted(MOVES))
def test_each_move_refused_without_the_permission(name, cast, make_proposal, jichu_staff):
    """A member of the very unit whose move it is, in a role without casework's change."""
    state, actor, data = MOVES[name]
    p = _prepare(state, make_proposal, cast)
    unit = _actor(actor, cast, jichu_staff).unit
    reader = make_user(f"no_perm_{name}", "teacher", unit)
    with pytest.raises(PermissionDenied):
        move(p, reader, name, **_data(data))


@pytest.mark.parametrize("name", sorted(MOVES))
def test_each_move_refused_in_the_wrong_state(name, cast, make_proposal, jichu_staff):
    state, actor, data = MOVES[name]
    wrong = "handling" if state == "received" else "received"
    if name in ("approve_extension", "refuse_extension"):
        wrong = "handling"  # no request waiting
    p = _prepare(wrong, make_proposal, cast)
    with pytest.raises(ValidationError):
        move(p, _actor(actor, cast, jichu_staff), name, **_data(data))


def test_the_page_answers_404_to_a_move_out_of_scope(cast, make_proposal, client_for):
    from django.urls import reverse

    p = make_proposal()
    url = reverse("casework:case_move", args=[p.case_id])
    response = client_for(cast.jinxian_principal).post(url, {"move": "consult"})
    assert response.status_code == 404
    assert Case.objects.get(pk=p.case_id).state == "handling"


def test_the_clock_starts_at_assignment(cast, make_proposal, xueqian):
    p = make_proposal(listed_lead=None, listed_co="")
    case = Case.objects.get(pk=p.case_id)
    assert case.state == "received" and case.due_at is None
    later = at(2023, 3, 15, 9, 0)
    case = move(p, cast.city_admin, "assign", now=later, lead_unit=xueqian)
    assert timezone.localdate(case.due_at) == dt.date(2023, 6, 15)
    assert case.clock_started_at > T0
