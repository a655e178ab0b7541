"""The coverage KPI on a hand-checked world: two districts, public and private schools,
kindergartens not counted, a school opened or closed around the year's end, an
organization founded after it. Computed through the work plan's KPI sources."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from edugov.conftest import make_school
from edugov.core.context import acting
from edugov.programmes.kpis import CODE
from edugov.programmes.models import PartyForm
from edugov.programmes.selectors import coverage_unscoped
from edugov.workplan.kpis import kpi_compute, kpi_sources

from .world import organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools(cast):
    """东湖区:育新 (public, branch), 第一中学 (public, none), 私立A (private, branch),
    私立B (private, founded 2024), a kindergarten (not counted, has an organization),
    a school closed in 2022 (not counted). 进贤县: 民和 (public, none), 私立C (private,
    joint branch), 新校 (public, opened 2024: not counted in 2023)."""
    with acting(None):
        pa = make_school(cast.donghu, "2136009001", "东湖私立A", ownership="private")
        pb = make_school(cast.donghu, "2136009002", "东湖私立B", ownership="private")
        kg = make_school(cast.donghu, "1136009003", "东湖幼儿园", "kindergarten")
        make_school(cast.donghu, "2136009004", "东湖停办校", closed_on=dt.date(2022, 7, 1))
        pc = make_school(cast.jinxian, "2136009005", "进贤私立C", ownership="private")
        make_school(cast.jinxian, "2136009006", "进贤新校", opened_on=dt.date(2024, 9, 1))
    admin = cast.city_admin
    organization(admin, cast.donghu_school)
    organization(admin, cast.donghu_junior, form=PartyForm.NONE)
    organization(admin, pa, members=5)
    organization(admin, pb, established_on=dt.date(2024, 3, 1))
    organization(admin, kg)
    organization(admin, pc, form=PartyForm.JOINT_BRANCH)
    return cast


def test_the_kpi_by_hand(schools):
    cast = schools
    # 2023 city: counted 育新 第一中学 私立A 私立B 民和 私立C = 6; covered 育新 私立A 私立C = 3
    assert kpi_compute(CODE, year=2023, scope=cast.city) == Decimal("50.00")
    # 东湖区: 4 counted, 2 covered; 进贤县: 2 counted (新校 opened 2024), 1 covered
    assert kpi_compute(CODE, year=2023, scope=cast.donghu) == Decimal("50.00")
    assert kpi_compute(CODE, year=2023, scope=cast.jinxian) == Decimal("50.00")
    # 2024: 私立B founded, 新校 opened without one: city 4 of 7
    assert kpi_compute(CODE, year=2024, scope=cast.city) == Decimal("57.14")
    assert kpi_compute(CODE, year=2024, scope=cast.donghu) == Decimal("75.00")
    assert kpi_compute(CODE, year=2023, scope=cast.donghu_school) == Decimal("100.00")
    assert kpi_sources()[CODE].perm == "programmes.view_partyorganization"


def test_public_and_private_apart_by_district(schools):
    cast = schools
    rows, total = coverage_unscoped(year=2023, scope=cast.city)
    by = {r.unit.name: r for r in rows}
    dh, jx = by["东湖区"], by["进贤县"]
    assert (dh.schools, dh.covered) == ({"public": 2, "private": 2}, {"public": 1, "private": 1})
    assert (jx.schools, jx.covered) == ({"public": 1, "private": 1}, {"public": 0, "private": 1})
    assert (total.rate("public"), total.rate("private"), total.rate()) == (
        Decimal("33.33"),
        Decimal("66.67"),
        Decimal("50.00"),
    )


def test_no_counted_school_is_no_data_not_zero(cast):
    with acting(None):
        kg = make_school(cast.jinxian, "1136009009", "进贤幼儿园", "kindergarten")
    assert kpi_compute(CODE, year=2023, scope=kg) is None


def test_the_page_shows_the_readers_districts_only(schools, client_for):
    cast = schools
    page = client_for(cast.donghu_officer).get(reverse("programmes:coverage"), {"year": 2023})
    body = page.content.decode()
    assert page.status_code == 200 and "东湖区" in body and "进贤县" not in body
    assert body.count('data-testid="coverage-row"') == 1
    city = client_for(cast.city_admin).get(reverse("programmes:coverage"), {"year": 2023})
    assert city.content.decode().count('data-testid="coverage-row"') == 2
