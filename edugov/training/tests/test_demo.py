"""The demo: institutions in each status, a year of statements with shortfalls, cases of
隐形变异 at each stage, a programme for every school (70–99 %) — and a second load
changes nothing."""

from edugov.casework.models import Case
from edugov.core.context import acting
from edugov.org.models import Unit, UnitKind
from edugov.training import demo
from edugov.training.models import Institution, Programme, StatementLine
from edugov.training.selectors import positions


def test_the_demo_loads_once_and_shows_every_part(cast, settings, monkeypatch):
    settings.EDUGOV_TODAY = "2023-09-06"
    monkeypatch.setattr(demo, "N_INSTITUTIONS", 120)
    with acting(None):
        line = demo.load_demo()
    assert Institution.objects.count() == 120
    assert set(Institution.objects.values_list("status", flat=True)) >= {"normal", "rectify"}
    cases = Case.objects.filter(case_type="training_case")
    assert cases.count() == 68 and cases.filter(state="rectifying").exists(), line
    assert Case.objects.filter(case_type="training_complaint", state="received").count() == 20
    schools = Unit.objects.filter(kind=UnitKind.SCHOOL, is_active=True).count()
    assert Programme.objects.count() == schools
    assert all(0.70 <= p.participation <= 0.99 for p in Programme.objects.all())
    import datetime as dt

    rows = positions(cast.city_admin, as_of=dt.date(2023, 9, 6))
    assert StatementLine.objects.values("institution").distinct().count() == 50
    assert sum(1 for p in rows if "shortfall" in p.flags) >= 5
    before = Institution.objects.count(), cases.count()
    with acting(None):
        assert "already" in demo.load_demo()
    assert (Institution.objects.count(), cases.count()) == before
