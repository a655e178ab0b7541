"""The demo: files for the private institutions, two years of 年检, a spread of tiers
with 红 by hard trigger, one closure with every student placed — and a second load
changes nothing."""

from django.db.models import Sum

from edugov.casework.models import Case
from edugov.core.context import acting

from .. import demo
from ..models import AnnualInspection, Placement, PrivateSchool, RiskAssessment
from .factories import credit_code


def test_the_demo_loads_two_years_and_a_realistic_spread(cast, settings):
    settings.EDUGOV_TODAY = "2023-09-06"
    from edugov.conftest import make_school

    with acting(None):
        for i in range(16):
            parent = cast.donghu if i % 2 else cast.jinxian
            kind, cat = ("primary", "21") if i % 4 == 0 else ("kindergarten", "11")
            make_school(
                parent,
                f"{cat}360020{i:02d}",
                f"演示民办学校{i}",
                kind,
                ownership="private",
                enrolment=100 + 10 * i,
                credit_code=credit_code(parent.code, 2000 + i),
            )
        make_school(cast.donghu, "2136003001", "东湖区接收小学", "primary")
        line = demo.load_demo()
    assert PrivateSchool.objects.count() == 16, line
    assert set(AnnualInspection.objects.values_list("round__year", flat=True)) == {2022, 2023}
    tiers = dict(RiskAssessment.objects.filter(year=2023).values_list("file__school__name", "tier"))
    assert {"红", "橙", "绿"} <= set(tiers.values()), tiers
    triggered = RiskAssessment.objects.filter(year=2023, tier="红")
    assert any(r.explanation["triggers"] for r in triggered)
    closed = PrivateSchool.objects.get(status="closed")
    placed = Placement.objects.filter(file=closed).aggregate(n=Sum("students"))["n"]
    assert placed == closed.school.enrolment
    assert Case.objects.get(case_type="private_approval").state == "approved"
    assert Case.objects.filter(case_type="private_disposal").exists()
    from ..models import Notice

    assert Notice.objects.first().recipients.count() == 16  # every file, before the closure
    before = (AnnualInspection.objects.count(), Case.objects.count())
    with acting(None):
        assert "already" in demo.load_demo()
    assert (AnnualInspection.objects.count(), Case.objects.count()) == before
