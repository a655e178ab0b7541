"""The demo: the point-18 portfolio (18 + 56 + 71, the 71 summing to ¥218M), a year of
monthly reports, late milestones with open cases, 生均公用经费 for every compulsory school
— and a second load changes nothing."""

from decimal import Decimal

import pytest
from django.db.models import Count, Sum

from edugov.casework.models import Case
from edugov.conftest import make_school
from edugov.core.context import acting
from edugov.projects import demo
from edugov.projects.models import (
    SOURCE_CODES,
    Asset,
    ProgressReport,
    Project,
    PublicFundAllocation,
)
from edugov.projects.selectors import city_summary

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_point_18_portfolio(cast, settings):
    settings.EDUGOV_TODAY = "2023-09-06"
    with acting(None):
        for i in range(6):
            make_school(cast.donghu, f"21360020{i:02d}", f"东湖区演示小学{i}")
        line = demo.load_demo()
    counts = dict(
        Project.objects.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    assert counts == {"livelihood": 18, "new_build": 56, "weak_link": 71}, line
    weak = Project.objects.filter(kind="weak_link").aggregate(
        **{s: Sum(f"budget_{s}") for s in SOURCE_CODES}
    )
    assert sum(weak.values()) == Decimal("218000000.00")
    months = set(ProgressReport.objects.values_list("month", flat=True))
    assert len(months) >= 11
    assert Case.objects.filter(case_type="project_delay", is_open=True).exists()
    assert ProgressReport.objects.filter(delayed=True).exclude(delay_reason="").exists()
    assert PublicFundAllocation.objects.filter(school=cast.donghu_school).exists()
    assert Asset.objects.filter(school=cast.donghu_school).exists()
    assert not Asset.objects.filter(school=cast.jinxian_school).exists()
    summary = city_summary(cast.city_admin, month=max(months))
    assert summary.total.projects == 145 and summary.delayed
    before = (Project.objects.count(), ProgressReport.objects.count())
    with acting(None):
        assert "already" in demo.load_demo()
    assert (Project.objects.count(), ProgressReport.objects.count()) == before
