"""A year the national package lacks (2027 in December 2026): the city enters the State
Council's notice as its own days, declares the year entered in full, and deadlines reach
into it. Until then they are refused, and the city admin's home page says so."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from edugov.audit.models import AuditEvent
from edugov.casework.calendar import current_calendar
from edugov.casework.home import calendar_gap
from edugov.casework.importers import CalendarAdjustmentImporter
from edugov.casework.models import AdjustmentKind, CalendarAdjustment, CalendarYear
from edugov.casework.services import adjustment_delete, adjustment_save, year_save
from edugov.core.context import acting
from edugov.core.testing import ScopedViewTests
from edugov.engines.workdays import UnknownYear, package_years

pytestmark = pytest.mark.django_db

# The year after the package's last (2027 with chinese-calendar 1.11), and one no release
# will hold for a long time: both keep their meaning once the package gains 2027.
NEXT = package_years()[1] + 1
YEAR = package_years()[1] + 40


def day_off(user, day: dt.date, reason: str = "元旦") -> CalendarAdjustment:
    with acting(user):
        return adjustment_save(
            adjustment=CalendarAdjustment(
                date=day, kind=AdjustmentKind.HOLIDAY, reason=reason, issued_by="国务院办公厅"
            ),
            user=user,
        )


def declare(user, year: int = YEAR) -> CalendarYear:
    with acting(user):
        return year_save(
            declaration=CalendarYear(year=year, issued_by="国务院办公厅", document="国办发明电"),
            user=user,
        )


def test_a_declared_year_lets_deadlines_reach_into_it_with_its_days_off(cast):
    start = dt.date(NEXT - 1, 12, 28)
    with pytest.raises(UnknownYear):
        current_calendar().add_workdays(start, 10)
    day_off(cast.city_admin, dt.date(NEXT, 1, 1))
    # One day entered is not the year: its other days stay unknown until it is declared.
    with pytest.raises(UnknownYear):
        current_calendar().add_workdays(start, 10)
    declare(cast.city_admin, NEXT)
    calendar = current_calendar()
    assert NEXT in calendar.known_years
    assert not calendar.is_workday(dt.date(NEXT, 1, 1))
    calendar_before = [start + dt.timedelta(days=i) for i in range(1, 20)]
    expected = [
        d
        for d in calendar_before
        if (d.year == NEXT - 1 and calendar.is_workday(d))
        or (d.year == NEXT and d.weekday() < 5 and d != dt.date(NEXT, 1, 1))
    ][9]
    assert calendar.add_workdays(start, 10) == expected
    event = AuditEvent.objects.get(event_type="create", object_type="casework.calendaryear")
    assert event.object_repr == str(NEXT)


def test_a_year_is_declared_only_after_its_days_off_and_only_once(cast):
    with pytest.raises(ValidationError) as info:
        declare(cast.city_admin)
    assert str(YEAR) in info.value.message_dict["year"][0]
    day_off(cast.city_admin, dt.date(YEAR, 1, 1))
    declare(cast.city_admin)
    with pytest.raises(ValidationError):
        declare(cast.city_admin)
    assert CalendarYear.objects.count() == 1


def test_a_year_the_national_calendar_holds_cannot_be_declared(cast):
    last = package_years()[1]
    day_off(cast.city_admin, dt.date(last, 7, 1), reason="台风停课")
    with pytest.raises(ValidationError) as info:
        declare(cast.city_admin, last)
    assert f"{package_years()[0]}–{last}" in info.value.message_dict["year"][0]


def test_only_the_city_declares_a_year(cast, client_for):
    day_off(cast.city_admin, dt.date(YEAR, 1, 1))
    with pytest.raises(PermissionDenied):
        declare(cast.dept_staff)
    assert (
        client_for(cast.donghu_officer).get(reverse("casework:calendar_year_create")).status_code
        == 404
    )
    response = client_for(cast.city_admin).post(
        reverse("casework:calendar_year_create"),
        {"year": YEAR, "issued_by": "国务院办公厅", "document": "国办发明电〔2026〕1号"},
    )
    assert response.status_code == 302
    assert CalendarYear.objects.get().unit == cast.city


def test_the_last_day_off_of_a_declared_year_stays_until_the_declaration_goes(cast, client_for):
    first = day_off(cast.city_admin, dt.date(YEAR, 1, 1))
    second = day_off(cast.city_admin, dt.date(YEAR, 10, 1), reason="国庆节")
    declaration = declare(cast.city_admin)
    with acting(cast.city_admin):
        adjustment_delete(adjustment=second, user=cast.city_admin)
        with pytest.raises(ValidationError) as info:
            adjustment_delete(adjustment=first, user=cast.city_admin)
    assert str(YEAR) in info.value.messages[0]
    client = client_for(cast.city_admin)
    client.post(reverse("casework:calendar_year_delete", args=[declaration.pk]))
    assert not CalendarYear.objects.exists()
    assert AuditEvent.objects.filter(
        event_type="delete", object_type="casework.calendaryear"
    ).exists()
    with pytest.raises(UnknownYear):
        current_calendar().add_workdays(dt.date(YEAR, 1, 4), 1)
    with acting(cast.city_admin):
        adjustment_delete(adjustment=first, user=cast.city_admin)
    assert not CalendarAdjustment.objects.exists()


def test_the_city_admin_is_told_in_december_that_next_year_is_unknown(cast, client_for):
    last = package_years()[1]
    with override_settings(EDUGOV_TODAY=dt.date(last, 12, 6)):
        alerts = calendar_gap(cast.city_admin)
        assert [a.level for a in alerts] == ["danger"] and str(last + 1) in str(alerts[0].label)
        assert calendar_gap(cast.donghu_officer) == []
        page = client_for(cast.city_admin).get(reverse("casework:calendar_list"))
        assert b'data-testid="next-year-unknown"' in page.content
    with override_settings(EDUGOV_TODAY=dt.date(last, 10, 31)):
        assert calendar_gap(cast.city_admin) == []
    with override_settings(EDUGOV_TODAY=dt.date(YEAR - 1, 12, 6)):
        assert len(calendar_gap(cast.city_admin)) == 1
        day_off(cast.city_admin, dt.date(YEAR, 1, 1))
        declare(cast.city_admin)
        assert calendar_gap(cast.city_admin) == []


def sheet(rows) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([c.field for c in CalendarAdjustmentImporter.columns])
    w.writerows(rows)
    return out.getvalue().encode()


def run(user, content: bytes):
    with acting(user):
        return CalendarAdjustmentImporter(user).run(io.BytesIO(content), "f.csv", len(content))


def test_a_notice_is_imported_as_days_and_a_bad_row_writes_nothing(cast):
    good = [
        [f"{YEAR}-01-01", "放假", "元旦", "国务院办公厅", ""],
        [f"{YEAR}-02-06", "Day off", "春节", "国务院办公厅", "国办发明电"],
        [f"{YEAR}-02-14", "调休上班", "春节", "国务院办公厅", "国办发明电"],
    ]
    report = run(
        cast.city_admin, sheet([*good, [f"{YEAR}-02-15", "补班", "春节", "国务院办公厅", ""]])
    )
    assert not report.ok and "5" in report.errors[0] and "放假" in report.errors[0]
    assert not CalendarAdjustment.objects.exists()
    report = run(cast.city_admin, sheet(good))
    assert report.ok and report.created == 3
    kinds = dict(CalendarAdjustment.objects.values_list("date", "kind"))
    assert kinds[dt.date(YEAR, 2, 14)] == AdjustmentKind.WORKDAY
    assert set(CalendarAdjustment.objects.values_list("unit", flat=True)) == {cast.city.pk}
    assert run(cast.city_admin, sheet(good)).unchanged == 3


def test_the_export_reads_back_through_the_import(cast, client_for):
    day_off(cast.city_admin, dt.date(YEAR, 1, 1))
    response = client_for(cast.city_admin).get(reverse("casework:calendar_export") + "?format=csv")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8-sig")
    assert "放假" in text
    assert run(cast.city_admin, text.encode()).unchanged == 1


class TestCalendarYearPages(ScopedViewTests):
    list_url = "casework:calendar_list"
    edit_url = "casework:calendar_year_edit"
    not_applicable = {
        "test_the_detail_page_answers_200_in_scope_and_404_outside": "a declaration has "
        "no page of its own beside its edit form",
        "test_the_export_contains_in_scope_rows_only": "a city declares a year or two; they "
        "are listed on the adjustments page, whose export is the calendar's",
    }

    def objects(self, cast):
        from edugov.org.models import Unit, UnitKind
        from edugov.org.services import unit_save

        day_off(cast.city_admin, dt.date(YEAR, 1, 1))
        inside = declare(cast.city_admin)
        with acting(None):
            other = unit_save(unit=Unit(kind=UnitKind.CITY, code="360200", name="景德镇市"))
        outside = CalendarYear.objects.create(
            unit=other, year=YEAR + 3, issued_by="外市", document="外市"
        )
        return cast.city_admin, inside, outside

    def label(self, obj):
        return f">{obj.year}<"
