"""The working-day calendar: the national one from the engine, the city's adjustments on top,
built once and rebuilt when an adjustment changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from edugov.audit.models import AuditEvent
from edugov.casework.calendar import current_calendar
from edugov.casework.models import AdjustmentKind, CalendarAdjustment
from edugov.casework.services import adjustment_save
from edugov.core.context import acting
from edugov.core.testing import ScopedViewTests

from .conftest import at, move

pytestmark = pytest.mark.django_db


def typhoon(user, day=dt.date(2023, 9, 26)) -> CalendarAdjustment:
    with acting(user):
        return adjustment_save(
            adjustment=CalendarAdjustment(
                date=day, kind=AdjustmentKind.HOLIDAY, reason="台风停课", issued_by="南昌市人民政府"
            ),
            user=user,
        )


def test_one_working_day_after_september_28_is_the_make_up_saturday(db):
    assert current_calendar().add_workdays(dt.date(2023, 9, 28), 1) == dt.date(2023, 10, 7)


def test_a_local_day_off_moves_the_deadlines(cast, open_case):
    typhoon(cast.city_admin)
    case = open_case()
    move(case, cast.city_admin, "assign", lead_unit=cast.donghu)
    case.refresh_from_db()
    # Signing within 1 working day of Monday 09-25: Tuesday is the typhoon day → Wednesday.
    assert case.state_due_at == at(2023, 9, 27, 23, 59, 59)


def test_the_calendar_is_built_once_and_rebuilt_after_a_change(cast, django_assert_num_queries):
    typhoon(cast.city_admin)
    current_calendar()
    with django_assert_num_queries(1):  # the change stamp only
        assert not current_calendar().is_workday(dt.date(2023, 9, 26))
    with acting(cast.city_admin) as ctx, django_assert_num_queries(1):
        current_calendar()
        current_calendar()  # inside a request: not even the stamp again
    assert ctx.cache
    adjustment = CalendarAdjustment.objects.get()
    adjustment.kind = AdjustmentKind.WORKDAY
    adjustment.date = dt.date(2023, 9, 30)
    with acting(cast.city_admin):
        adjustment_save(adjustment=adjustment, user=cast.city_admin)
    calendar = current_calendar()
    assert calendar.is_workday(dt.date(2023, 9, 26)) and calendar.is_workday(dt.date(2023, 9, 30))


def test_an_unknown_year_is_refused_with_the_engines_message(cast, open_case):
    case = open_case(now=at(2099, 3, 2, 9, 0))
    with pytest.raises(ValidationError) as info:
        move(case, cast.city_admin, "assign", now=at(2099, 3, 2, 9, 0), lead_unit=cast.donghu)
    assert "2099" in info.value.messages[0] and "节假日" in info.value.messages[0]
    case.refresh_from_db()
    assert case.state == "received"


def test_only_the_city_records_adjustments(cast, client_for):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        typhoon(cast.dept_staff)
    assert (
        client_for(cast.donghu_officer).get(reverse("casework:calendar_create")).status_code == 404
    )
    client = client_for(cast.city_admin)
    response = client.post(
        reverse("casework:calendar_create"),
        {"date": "2023-09-26", "kind": "holiday", "reason": "台风停课", "issued_by": "市政府"},
    )
    assert response.status_code == 302
    adjustment = CalendarAdjustment.objects.get()
    assert adjustment.unit == cast.city
    assert AuditEvent.objects.filter(
        event_type="create", object_type="casework.calendaradjustment"
    ).exists()
    client.post(reverse("casework:calendar_delete", args=[adjustment.pk]))
    assert not CalendarAdjustment.objects.exists()
    assert AuditEvent.objects.filter(
        event_type="delete", object_type="casework.calendaradjustment"
    ).exists()


class TestCalendarPages(ScopedViewTests):
    list_url = "casework:calendar_list"
    edit_url = "casework:calendar_edit"
    export_url = "casework:calendar_export"
    not_applicable = {
        "test_the_detail_page_answers_200_in_scope_and_404_outside": "an adjustment has "
        "no page of its own beside its edit form",
    }

    def objects(self, cast):
        from edugov.core.context import acting
        from edugov.org.models import Unit, UnitKind
        from edugov.org.services import unit_save

        inside = typhoon(cast.city_admin)
        # A row of another tree (a second city): outside even the city admin's scope.
        with acting(None):
            other = unit_save(unit=Unit(kind=UnitKind.CITY, code="360200", name="景德镇市"))
        outside = CalendarAdjustment.objects.create(
            unit=other, date=dt.date(2023, 11, 1), kind="holiday", reason="外市", issued_by="外市"
        )
        return cast.city_admin, inside, outside

    def label(self, obj):
        return obj.reason
