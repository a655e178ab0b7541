"""The computed KPIs the work plan binds its targets to."""

import datetime as dt
from decimal import Decimal

import pytest

from edugov.core.context import acting
from edugov.registry.models import InstitutionStatus, Standardization, StatsStatus
from edugov.registry.services import status_save
from edugov.workplan.kpis import kpi_compute, kpi_source_for_subject, kpi_sources

from .conftest import make_stats

pytestmark = pytest.mark.django_db

CODES = (
    "registry.public_kg_share",
    "registry.inclusive_coverage",
    "registry.standardized_kg_share",
    "registry.new_public_kg",
)


@pytest.fixture
def kindergartens(cast, school_factory):
    # 东湖区: public 200, 普惠民办 100, other private 100 (one standardized, one converted
    # to public on 2023-03-01); 进贤县: public 100.
    public = school_factory(cast.donghu, "kindergarten")
    puhui = school_factory(cast.donghu, "kindergarten", ownership="private", inclusive=True)
    private = school_factory(cast.donghu, "kindergarten", ownership="private")
    converted = school_factory(cast.jinxian, "kindergarten", ownership="private")
    with acting(None):
        status_save(
            status=InstitutionStatus(
                school=private,
                effective_on=dt.date(2020, 1, 1),
                ownership="private",
                standardization=Standardization.DEMONSTRATION,
            )
        )
        status_save(
            status=InstitutionStatus(
                school=converted, effective_on=dt.date(2023, 3, 1), ownership="public"
            )
        )
    make_stats(public, children=200, teachers=14)
    make_stats(puhui, children=100, teachers=8)
    make_stats(private, children=100, teachers=8)
    make_stats(converted, children=100, teachers=8)
    make_stats(public, 2022, children=999, teachers=70, status=StatsStatus.DRAFT)


def test_the_sources_are_registered_with_their_plan_subjects():
    sources = kpi_sources()
    assert set(CODES) <= set(sources)
    assert kpi_source_for_subject("公办园在园幼儿占比达到58%").code == CODES[0]
    assert kpi_source_for_subject("普惠性幼儿园覆盖率达到93%以上").code == CODES[1]
    assert kpi_source_for_subject("确保全市达标率达到30%以上").code == CODES[2]
    assert kpi_source_for_subject("新增公办幼儿园22所以上").code == CODES[3]
    assert sources[CODES[3]].unit == "所"


def test_city_values_are_pooled_over_children_and_kindergartens(cast, kindergartens):
    # Children: 500; public 200 + converted 100 = 300 → 60 %; 普惠 300 + 100 = 400 → 80 %;
    # standardized 1 of 4 kindergartens → 25 %; new public in 2023: the converted one.
    values = {c: kpi_compute(c, year=2023, scope=cast.city) for c in CODES}
    assert values == {
        CODES[0]: Decimal("60.00"),
        CODES[1]: Decimal("80.00"),
        CODES[2]: Decimal("25.00"),
        CODES[3]: Decimal("1"),
    }


def test_a_district_scope_counts_its_own_kindergartens_only(cast, kindergartens):
    assert kpi_compute(CODES[0], year=2023, scope=cast.donghu) == Decimal("50.00")
    assert kpi_compute(CODES[3], year=2023, scope=cast.donghu) == Decimal("0")
    assert kpi_compute(CODES[0], year=2023, scope=cast.jinxian) == Decimal("100.00")


def test_no_approved_figures_means_no_value(cast, kindergartens):
    for code in CODES:
        assert kpi_compute(code, year=2022, scope=cast.city) is None
