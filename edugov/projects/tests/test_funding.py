"""The funding checks: 生均公用经费 against the national base and the provincial standard
(configuration), and the 两个只增不减 from the city's yearly totals."""

from decimal import Decimal

import pytest

from edugov.core.context import acting

from ..models import EducationSpending, PublicFundAllocation
from ..selectors import allocation_checks, two_no_decrease
from ..services import record_save

pytestmark = pytest.mark.django_db


def _save(user, obj):
    with acting(user):
        return record_save(obj=obj, user=user)


def test_an_allocation_is_held_against_the_base_and_the_standard(cast, settings):
    _save(
        cast.city_admin,
        PublicFundAllocation(
            school=cast.donghu_school,
            year=2023,
            students_primary=500,
            students_junior=100,
            students_special=2,
            allocated=Decimal("392000.00"),
        ),
    )
    # 500×600 + 100×800 + 2×6000 = 392,000: at the base, not below it.
    [c] = allocation_checks(cast.donghu_officer, year=2023)
    assert c["base"] == Decimal("392000") and not c["below_base"] and not c["below_standard"]
    assert c["per_student"] == Decimal("651.16")  # 392,000 ÷ 602
    # A province raising its standard (configuration) finds the school short.
    settings.EDUGOV_PROJECTS = {
        "provincial_standard": {
            "primary": Decimal("720"),
            "junior": Decimal("940"),
            "special": Decimal("6000"),
        }
    }
    [c] = allocation_checks(cast.donghu_officer, year=2023)
    assert c["below_standard"] and not c["below_base"]
    assert c["gap"] == Decimal("500") * 120 + Decimal("100") * 140
    assert allocation_checks(cast.jinxian_principal, year=2023) == []


def test_two_no_decrease_catches_a_fall_of_either_figure(cast):
    for year, spending, students in (
        (2021, "900000000", 90000),  # 10,000 per student
        (2022, "950000000", 100000),  # total up, per student down to 9,500: fails
        (2023, "940000000", 90000),  # total down: fails; per student up
    ):
        _save(
            cast.city_admin,
            EducationSpending(
                unit=cast.donghu, year=year, spending=Decimal(spending), students=students
            ),
        )
    rows = {r["row"].year: r for r in two_no_decrease(cast.donghu_officer)}
    assert rows[2021]["spending_ok"] is None and rows[2021]["per_student_ok"] is None
    assert rows[2022]["spending_ok"] is True and rows[2022]["per_student_ok"] is False
    assert rows[2023]["spending_ok"] is False and rows[2023]["per_student_ok"] is True
    assert two_no_decrease(cast.jinxian_principal) == []
