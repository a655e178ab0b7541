"""The bulk load of past cases: the same states, deadlines and numbers as moves made one
by one; refused for a unit outside the loader's scope or a move its state refuses."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from edugov.casework.models import Case, CaseTransition
from edugov.casework.services import PastCase, PastMove, cases_bulk_load
from edugov.core.context import acting

from .conftest import T0, at, move

pytestmark = pytest.mark.django_db


def past(cast, title="历史投诉", moves=()):
    return PastCase(
        title=title, unit=cast.city, opened_at=T0, opened_by=cast.city_admin, moves=list(moves)
    )


def test_a_bulk_case_ends_as_the_same_moves_one_by_one(cast, open_case):
    steps = [
        ("assign", T0, cast.city_admin, {"lead_unit": cast.donghu}),
        ("sign", at(2023, 9, 26, 9), cast.donghu_officer, {}),
    ]
    one = open_case()
    for name, when, user, data in steps:
        move(one, user, name, now=when, **data)
    with acting(cast.city_admin):
        [bulk] = cases_bulk_load(
            user=cast.city_admin,
            case_type="t_complaint",
            cases=[past(cast, moves=[PastMove(n, w, u, d) for n, w, u, d in steps])],
        )
    one.refresh_from_db()
    bulk = Case.objects.get(pk=bulk.pk)
    for field in ("state", "due_at", "deadline_at", "next_escalation_at", "lead_unit_id"):
        assert getattr(bulk, field) == getattr(one, field), field
    assert (one.seq, bulk.seq) == (1, 2)  # one series
    assert list(bulk.timeline.values_list("move", flat=True)) == ["", "assign", "sign"]
    assert CaseTransition.objects.filter(case=bulk).count() == 3


def test_a_move_the_state_refuses_stops_the_load(cast):
    with acting(cast.city_admin), pytest.raises(ValidationError, match="历史投诉"):
        cases_bulk_load(
            user=cast.city_admin,
            case_type="t_complaint",
            cases=[past(cast, moves=[PastMove("sign", T0, cast.donghu_officer)])],
        )
    assert not Case.objects.exists()


def test_a_unit_outside_the_loaders_scope_is_refused(cast):
    with acting(cast.donghu_officer), pytest.raises(PermissionDenied):
        cases_bulk_load(user=cast.donghu_officer, case_type="t_complaint", cases=[past(cast)])
    with acting(cast.donghu_officer), pytest.raises(ValidationError):
        cases_bulk_load(
            user=cast.donghu_officer,
            case_type="t_complaint",
            cases=[
                PastCase(
                    title="x",
                    unit=cast.donghu,
                    opened_at=T0,
                    opened_by=cast.donghu_officer,
                    lead_unit=cast.jinxian_school,
                )
            ],
        )
    assert not Case.objects.exists()


def test_each_owning_units_series_is_numbered_in_order_and_continues(cast, open_case):
    import datetime as dt

    from edugov.casework.models import CaseCounter

    open_case()  # the city's series has one number already
    later = T0 + dt.timedelta(hours=2)
    cases = [
        PastCase(title="乙", unit=cast.city, opened_at=later, opened_by=cast.city_admin),
        PastCase(title="甲", unit=cast.city, opened_at=T0, opened_by=cast.city_admin),
        PastCase(title="丙", unit=cast.donghu, opened_at=T0, opened_by=cast.city_admin),
        PastCase(title="丁", unit=cast.jinxian, opened_at=T0, opened_by=cast.city_admin),
    ]
    with acting(cast.city_admin):
        loaded = cases_bulk_load(user=cast.city_admin, case_type="t_complaint", cases=cases)
    seq = {c.title: (c.unit_id, c.seq) for c in loaded}
    assert seq == {
        "甲": (cast.city.pk, 2),  # in order of opening within the series
        "乙": (cast.city.pk, 3),
        "丙": (cast.donghu.pk, 1),
        "丁": (cast.jinxian.pk, 1),
    }
    last = dict(CaseCounter.objects.filter(case_type="t_complaint").values_list("unit_id", "last"))
    assert last == {cast.city.pk: 3, cast.donghu.pk: 1, cast.jinxian.pk: 1}
