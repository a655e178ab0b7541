"""Figures across years: the catchments oversubscribed year on year (hand-checked, per
scope, in a fixed number of queries), the statistics grouped by district, and the
projected intake the registry's class-size dashboard shows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from edugov.core.context import acting
from edugov.core.crypto import blind_index
from edugov.enrolment.history import year_copy
from edugov.enrolment.models import Application, Catchment, SchoolPlan, Status
from edugov.enrolment.selectors import statistics
from edugov.enrolment.services import application_submit
from edugov.enrolment.trends import oversubscribed, projected_intake

from . import world

pytestmark = pytest.mark.django_db
LAST_YEAR = world.NOW.replace(year=2025)


def apply_2025(school, community, serial):
    user = world.parent(f"1380000{serial:04d}")
    birth = dt.date(2019, 3, 1)
    with acting(user):
        return application_submit(
            user=user,
            idempotency_key=f"h{serial}",
            school=school,
            stage="primary",
            child_name=f"往年{serial}",
            child_id=world.child_id(birth, serial),
            birth_date=birth,
            community=community,
            facts=world.HOME,
            now=LAST_YEAR,
        )


def child(serial):
    """The world's 2026 application of child ``serial`` (the name is encrypted: found by
    the ID's blind index)."""
    index = blind_index(world.child_id(dt.date(2020, 3, 1), serial), "id")
    return Application.objects.get(year=2026, child_index=index)


@pytest.fixture
def years(cast):
    """2025: 育新 2 applications for 1 seat (over), 民和 1 for 2. 2026 (the world plus
    these): 育新 3 for 2 (over), 民和 3 for 2 (over) and one refused, not counted."""
    world.build(cast)
    with acting(cast.city_admin):
        copied = year_copy(
            user=cast.city_admin,
            from_year=2026,
            to_year=2025,
            at=world.NOW,
            published_at=LAST_YEAR - dt.timedelta(days=30),
        )
    assert copied == {"catchments": 2, "plans": 2}
    SchoolPlan.objects.filter(school=cast.donghu_school, year=2025).update(seats=1)
    apply_2025(cast.donghu_school, "育新花园", 1)
    apply_2025(cast.donghu_school, "育新花园", 2)
    apply_2025(cast.jinxian_school, "民和小区", 3)
    world.apply(world.parent("13900000005"), cast.donghu_school, "育新花园", 5)
    refused = world.apply(world.parent("13900000006"), cast.jinxian_school, "民和小区", 6)
    Application.objects.filter(pk=refused.pk).update(status=Status.REFUSED)
    world.apply(world.parent("13900000007"), cast.jinxian_school, "民和小区", 7)
    return cast


def test_the_year_copy_is_idempotent(years):
    with acting(years.city_admin):
        again = year_copy(user=years.city_admin, from_year=2026, to_year=2025, at=world.NOW)
    assert again == {"catchments": 0, "plans": 0}
    copy = Catchment.objects.get(year=2025, name="育新学区")
    assert list(copy.schools.all()) == [years.donghu_school]
    assert list(copy.communities.values_list("name", flat=True)) == ["育新花园"]


def test_the_catchments_oversubscribed_year_on_year(years):
    rows = oversubscribed(years.city_admin, year=2026)
    assert [(r["catchment"], r["both"], r["over_previous"], r["over_current"]) for r in rows] == [
        ("育新学区", True, True, True),  # both years first
        ("民和学区", False, False, True),
    ]
    yuxin, minhe = rows
    assert yuxin["district"] == years.donghu.name
    assert yuxin["previous"] == {"applications": 2, "seats": 1}
    assert yuxin["current"] == {"applications": 3, "seats": 2}
    assert minhe["previous"] == {"applications": 1, "seats": 2}
    assert minhe["current"] == {"applications": 3, "seats": 2}  # the refused one left out
    # Scope: a district its catchments, a school what its own plan and applications show.
    assert [r["catchment"] for r in oversubscribed(years.donghu_officer, year=2026)] == ["育新学区"]
    assert [r["catchment"] for r in oversubscribed(years.jinxian_principal, year=2026)] == [
        "民和学区"
    ]
    # 2027 has nothing yet: 2026's oversubscription alone, in neither year both.
    later = oversubscribed(years.city_admin, year=2027)
    assert [(r["catchment"], r["both"], r["over_previous"]) for r in later] == [
        ("育新学区", False, True),  # 东湖区 before 进贤县
        ("民和学区", False, True),
    ]


def test_the_year_on_year_figures_take_the_same_queries_whatever_the_size(years):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            oversubscribed(years.city_admin, year=2026)
        return len(ctx.captured_queries)

    count()  # the user's grants, read once and then cached
    small = count()
    for serial in range(40, 46):
        apply_2025(years.jinxian_school, "民和小区", serial)
    world.catchment(years.donghu, years.donghu_junior, "一中学区", "一中小区")
    # The catchments' schools, the plans, the applications, the districts' names; the
    # grants once per model.
    assert count() == small == 6


def test_the_statistics_grouped_by_district(years):
    figures = statistics(years.city_admin, year=2026)
    by = {d["name"]: d for d in figures["districts"]}
    assert set(by) == {years.donghu.name, years.jinxian.name}
    assert (by[years.donghu.name]["total"], by[years.donghu.name]["seats"]) == (3, 2)
    assert by[years.donghu.name]["unplaced"] == 1 and by[years.donghu.name]["schools"] == 1
    assert (by[years.jinxian.name]["total"], by[years.jinxian.name]["unplaced"]) == (4, 1)
    assert sum(d["total"] for d in figures["districts"]) == figures["total"]["total"] == 7
    assert [d["name"] for d in statistics(years.donghu_officer, year=2026)["districts"]] == [
        years.donghu.name
    ]


def test_the_projected_intake_counts_children_where_they_land(years):
    one = child(1)
    moved = Application.objects.get(school=years.jinxian_school, status=Status.UNPLACED)
    Application.objects.filter(pk=one.pk).update(
        status=Status.PLACED, placed_school=years.donghu_school
    )
    Application.objects.filter(pk=moved.pk).update(
        status=Status.PLACED, placed_school=years.donghu_school, assigned_at=world.NOW
    )
    found = projected_intake(years.city_admin, years.city, after=2025)
    assert found["year"] == 2026
    rows = {r["school"]: r for r in found["schools"]}
    # 育新: 孩子1 and the 进贤县 child assigned here placed; 孩子3 (统筹) and 孩子5 waiting.
    assert rows[years.donghu_school.name] == {
        "school": years.donghu_school.name,
        "school_code": years.donghu_school.code,
        "stage": "primary",
        "seats": 2,
        "placed": 2,
        "waiting": 2,
    }
    # 民和: 孩子2 (documents asked for) and 孩子7 waiting; the refused child left out.
    assert (
        rows[years.jinxian_school.name]["placed"],
        rows[years.jinxian_school.name]["waiting"],
    ) == (0, 2)
    assert projected_intake(years.city_admin, years.city, after=2024)["year"] == 2025
    assert projected_intake(years.city_admin, years.city, after=2026) is None
    district = projected_intake(years.donghu_officer, years.donghu, after=2025)
    assert [r["school"] for r in district["schools"]] == [years.donghu_school.name]


def test_the_class_size_dashboard_shows_the_projected_intake(years, client_for):
    Application.objects.filter(pk=child(1).pk).update(
        status=Status.PLACED, placed_school=years.donghu_school
    )
    url = reverse("registry:classsize", args=[years.donghu.pk])
    body = client_for(years.donghu_officer).get(url, {"year": 2025}).content.decode()
    assert 'data-testid="projected-intake"' in body
    table = body.split('data-testid="projected-intake"')[1].split("</table>")[0]
    assert years.donghu_school.name in table and years.jinxian_school.name not in table
    # seats 2, placed 1, waiting 2 (孩子3, 孩子5), one class of ≤45.
    assert "<td>2</td><td>1</td><td>2</td><td>1 " in table
    assert SchoolPlan.objects.filter(year=2026).count() == 2  # read only


def test_the_statistics_page_shows_districts_and_the_year_on_year_table(years, client_for):
    url = reverse("enrolment:statistics")
    city = client_for(years.city_admin).get(url, {"year": 2026}).content.decode()
    assert city.count('data-testid="district-row"') == 2
    assert city.count('data-testid="yoy-row"') == 2 and 'class="table-warning"' in city
    assert "2 / 1" in city and "3 / 2" in city
    district = client_for(years.donghu_officer).get(url, {"year": 2026}).content.decode()
    assert 'data-testid="district-row"' not in district  # one district: its schools only
    assert district.count('data-testid="yoy-row"') == 1 and "民和学区" not in district
