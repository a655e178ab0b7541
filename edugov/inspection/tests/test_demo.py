"""The demo: every school has a 督学 (five schools each), monthly visits to the demo's
today, findings, rectification cases at each stage (some overdue), one campaign in its
self-assessment — and a second load changes nothing."""

from edugov.casework.models import Case
from edugov.conftest import make_school
from edugov.core import clock
from edugov.core.context import acting
from edugov.inspection import demo
from edugov.inspection.models import Assignment, Campaign, Inspector, Visit
from edugov.org.models import Unit, UnitKind


def test_the_demo_covers_every_school_once(cast, settings):
    settings.EDUGOV_TODAY = "2023-09-06"
    with acting(None):
        for i in range(40):
            make_school(cast.donghu, f"21360010{i:02d}", f"东湖区演示小学{i}")
    with acting(None):
        line = demo.load_demo()
    schools = Unit.objects.filter(kind=UnitKind.SCHOOL, is_active=True)
    assigned = Assignment.objects.filter(end_date__isnull=True)
    assert assigned.count() == schools.count()
    assert max(i.assignments.count() for i in Inspector.objects.all()) == 5
    months = set(Visit.objects.values_list("date__month", flat=True))
    assert set(range(1, 9)) <= months <= set(range(1, 10))
    assert not Visit.objects.filter(date__gt=clock.today()).exists()
    cases = Case.objects.filter(case_type="inspection_rectify")
    assert cases.count() >= 5, line
    now = clock.now()
    assert cases.filter(is_open=True, deadline_at__lt=now).exists()
    assert Campaign.objects.get().state == "self"
    before = (Visit.objects.count(), cases.count())
    with acting(None):
        assert "already" in demo.load_demo()
    assert (Visit.objects.count(), cases.count()) == before
