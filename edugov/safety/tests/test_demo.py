"""The demo: a year of monthly self-checks of every school, hazards on casework at each
stage (some overdue), risk waters, one canteen licence about to expire — and a second
load changes nothing."""

import pytest

from edugov.casework.models import Case
from edugov.conftest import make_school
from edugov.core import clock
from edugov.core.context import acting
from edugov.safety import demo
from edugov.safety.models import (
    Canteen,
    FoodPurchase,
    Hazard,
    Inspection,
    PatrolRecord,
    RiskWater,
    SampleCheck,
)
from edugov.safety.selectors import expiring_licences

pytestmark = pytest.mark.django_db


def test_the_demo_loads_a_year_of_inspections_and_their_hazards(cast, settings):
    settings.EDUGOV_TODAY = "2023-09-06"
    with acting(None):
        for i in range(30):
            make_school(cast.donghu, f"21360010{i:02d}", f"东湖区演示小学{i}")
        line = demo.load_demo()
    months = set(Inspection.objects.values_list("date__month", flat=True))
    assert (
        months == set(range(1, 13)) - {10} | {10}
        and not Inspection.objects.filter(date__gt=clock.today()).exists()
    )
    cases = Case.objects.filter(case_type="safety_hazard")
    assert Hazard.objects.count() == cases.count() >= 10, line
    assert cases.filter(is_open=True, deadline_at__lt=clock.now()).exists()
    assert cases.filter(state="closed").exists()
    assert all(h.case.subject == h for h in Hazard.objects.select_related("case")[:5])
    assert RiskWater.objects.filter(unit=cast.jinxian).exists()
    assert (
        Canteen.objects.count()
        and expiring_licences(cast.city_admin, today=clock.today())["canteens"].count() == 1
    )
    # The second part's ledgers: 东湖区's deliveries and 留样 checks, the waters' patrols.
    purchases = FoodPurchase.objects.select_related("supplier", "canteen__school")
    assert purchases.exists() and SampleCheck.objects.exists()
    assert all(
        p.supplier.unit_id == p.canteen.school.parent_id
        and p.supplier.licence_expiry >= p.date
        and p.date <= clock.today()
        for p in purchases
    )
    assert PatrolRecord.objects.filter(unit=cast.jinxian, date__lte=clock.today()).exists()
    before = (Inspection.objects.count(), cases.count())
    with acting(None):
        assert "already" in demo.load_demo()
    assert (Inspection.objects.count(), cases.count()) == before
