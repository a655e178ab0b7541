"""课后服务: providers vetted against the registry, "5+2" shortfalls shown, coverage and
participation by district equal to the work plan's KPIs."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from edugov.core.context import acting
from edugov.workplan.kpis import kpi_compute

from ..models import Programme
from ..services import programme_problems, programme_save

pytestmark = pytest.mark.django_db


def test_vetting_participants_and_the_5_plus_2_shortfalls(cast, world):
    inst = world["donghu"]
    inst.status = "suspended"
    inst.save()
    programme = Programme.objects.get(school=cast.donghu_school)
    with acting(cast.donghu_principal), pytest.raises(ValidationError):
        programme_save(user=cast.donghu_principal, programme=programme, providers=[inst])
    p = Programme(
        school=cast.donghu_junior,
        year=2023,
        ends_at=dt.time(17),
        students=10,
        participants=11,
        minutes_per_day=90,
        days_per_week=4,
    )
    with acting(cast.donghu_officer), pytest.raises(ValidationError):
        programme_save(user=cast.donghu_officer, programme=p)
    assert len(programme_problems(p)) == 3


def test_coverage_and_participation_by_district_are_the_kpis(cast, world, client_for):
    # 东湖区: 2 schools, 1 offering, 720 of 800 taking part.
    assert kpi_compute("training.afterschool_coverage", year=2023, scope=cast.donghu) == Decimal(
        "50.0"
    )
    assert kpi_compute(
        "training.afterschool_participation", year=2023, scope=cast.donghu
    ) == Decimal("90.0")
    assert kpi_compute("training.afterschool_coverage", year=2022, scope=cast.donghu) is None
    page = client_for(cast.donghu_officer).get(
        reverse("training:afterschool_stats"), {"year": 2023}
    )
    body = page.content.decode()
    assert body.count('data-testid="district-row"') == 1 and "50.0%" in body and "90.0%" in body
