"""The risk tier as the module computes it: inputs from the platform's own data, the
model versioned per year in settings, and the 民办义务教育 share KPI."""

import datetime as dt
from decimal import Decimal

import pytest

from edugov.core.context import acting

from ..kpis import CODE, compulsory_share
from ..risk import risk_assess, risk_values
from .factories import NOW, private_school

pytestmark = pytest.mark.django_db


@pytest.fixture
def file(cast):
    return private_school(cast.donghu_officer, cast.donghu, "1136000101", "东湖区民办启明幼儿园")


def assess(cast, file, year=2023):
    with acting(cast.donghu_officer):
        return risk_assess(file=file, user=cast.donghu_officer, year=year, now=NOW)


def test_an_expired_licence_forces_red_from_the_file_itself(cast, file):
    file.licence_valid_until = dt.date(2023, 8, 31)
    file.save()
    risk = assess(cast, file)
    assert risk.tier == "红" and risk.score == 0
    assert [t["code"] for t in risk.explanation["triggers"]] == ["licence_expired"]


def test_entered_finance_moves_the_score_and_the_model_is_versioned_per_year(cast, file, settings):
    risk = assess(cast, file)
    risk.debt_ratio, risk.cash_months = Decimal("100"), Decimal("1")
    risk.save()
    risk = assess(cast, file)
    # Two indicators at their worst; audit opinion, enrolment drop and 年检 have no data
    # and weigh nothing: 3000 of 60 weight = 50 points.
    assert (risk.tier, risk.score) == ("橙", 50)
    settings.EDUGOV_PRIVATE = {"risk": {2023: {"weights": {"debt_ratio": 60, "cash_months": 60}}}}
    risk = assess(cast, file)
    assert risk.tier == "红" and risk.score > 60 and risk.previous_tier == "橙"
    # The 2023 model does not reach back to 2022.
    assert assess(cast, file, year=2022).tier == "绿"


def test_the_enrolment_drop_is_computed_from_last_years_assessment(cast, file):
    assess(cast, file, year=2022)
    file.school.enrolment = 200  # 300 last year
    file.school.save()
    values = risk_values(file=file, assessment=assess(cast, file), year=2023)
    assert values["enrolment_drop"] == pytest.approx(33.3)


def test_the_private_compulsory_share_kpi_reads_approved_statistics(cast):
    from edugov.registry.models import AnnualStatistics
    from edugov.workplan.kpis import kpi_sources

    private = private_school(
        cast.donghu_officer, cast.donghu, "2136000110", "东湖区民办明德小学", "primary"
    )
    AnnualStatistics.objects.bulk_create(
        [
            AnnualStatistics(school=cast.donghu_school, year=2023, status="approved", g1=270),
            AnnualStatistics(school=private.school, year=2023, status="approved", g1=30),
            AnnualStatistics(school=cast.jinxian_school, year=2023, status="submitted", g1=500),
        ]
    )
    assert CODE in kpi_sources()
    assert compulsory_share(year=2023, scope=cast.donghu) == Decimal("10.0")
    assert compulsory_share(year=2023, scope=cast.city) == Decimal("10.0")
    assert compulsory_share(year=2022, scope=cast.city) is None
