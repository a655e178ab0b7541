"""Status history: "public as of a date", and what the kindergarten evaluation counts."""

import datetime as dt

import pytest

from edugov.core.context import acting
from edugov.registry.evaluations import kindergarten_evaluation
from edugov.registry.models import InstitutionStatus, Standardization
from edugov.registry.selectors import load_area_unscoped, status_as_of
from edugov.registry.services import status_save

from .conftest import make_stats

pytestmark = pytest.mark.django_db


def change(school, day, ownership, inclusive=False, standardization=Standardization.NONE):
    with acting(None):
        return status_save(
            status=InstitutionStatus(
                school=school,
                effective_on=day,
                ownership=ownership,
                inclusive=inclusive,
                standardization=standardization,
            )
        )


def test_a_kindergarten_that_turns_public_counts_as_public_from_that_date(cast, school_factory):
    kg = school_factory(cast.donghu, "kindergarten", ownership="private", inclusive=True)
    change(kg, dt.date(2023, 3, 1), "public")
    assert status_as_of(kg, dt.date(2022, 9, 1)).ownership == "private"  # the Unit's own
    assert status_as_of(kg, dt.date(2023, 2, 28)).ownership == "private"
    assert status_as_of(kg, dt.date(2023, 3, 1)).ownership == "public"


def test_the_evaluation_reads_status_on_the_statistics_date_of_each_year(cast, school_factory):
    converted = school_factory(cast.donghu, "kindergarten", ownership="private", inclusive=True)
    late = school_factory(cast.donghu, "kindergarten", ownership="private")
    public = school_factory(cast.donghu, "kindergarten")
    change(converted, dt.date(2023, 3, 1), "public", standardization=Standardization.STANDARDIZED)
    # Turns public after 1 September 2023: first counts in the 2024 figures.
    change(late, dt.date(2023, 11, 1), "public")
    for year in (2022, 2023):
        make_stats(converted, year, children=100, teachers=8)
        make_stats(late, year, children=50, teachers=4)
        make_stats(public, year, children=150, teachers=10)
    result = kindergarten_evaluation(load_area_unscoped(cast.donghu))
    rows = {r["year"]: r for r in result.districts}
    # 2022: public 150 of 300 = 50 %; 普惠 = public + 普惠民办 (converted) = 250 → 83.3 %.
    assert rows[2022]["indicators"]["kg_public_share"]["value"] == pytest.approx(50.0)
    assert rows[2022]["indicators"]["kg_inclusive_coverage"]["value"] == pytest.approx(250 / 3)
    assert rows[2022]["n_new_public"] == 0
    # 2023: the converted one is public (250 of 300), 1 of 3 standardized, 1 new public.
    assert rows[2023]["indicators"]["kg_public_share"]["value"] == pytest.approx(250 / 3)
    assert rows[2023]["indicators"]["kg_standardized_share"]["value"] == pytest.approx(100 / 3)
    assert rows[2023]["n_new_public"] == 1


def test_status_is_for_kindergartens_only(cast):
    with pytest.raises(Exception, match="普惠"):
        change(cast.donghu_school, dt.date(2023, 1, 1), "public", inclusive=True)
