"""The computed KPIs the work plan binds its targets to."""

from decimal import Decimal

import pytest

from edugov.workplan.kpis import kpi_compute, kpi_source_for_subject, kpi_sources

pytestmark = pytest.mark.django_db

CODES = (
    "registry.public_kg_share",
    "registry.inclusive_coverage",
    "registry.standardized_kg_share",
    "registry.new_public_kg",
)


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
