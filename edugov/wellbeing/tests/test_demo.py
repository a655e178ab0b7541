"""The demo: 东湖区's autumn campaign, a handful of 红 cases, and ``donghu_counselor``
reading her own school's cases only; idempotent."""

import pytest

from edugov.accounts.models import User
from edugov.core.context import acting
from edugov.demo.generator import load_demo as load_base
from edugov.wellbeing.demo import load_demo
from edugov.wellbeing.models import Appointment, CaseFile, Submission, TierCount

pytestmark = pytest.mark.django_db


def test_the_demo_campaign_and_the_counselors_view(settings):
    settings.EDUGOV_TODAY = "2023-09-06"
    with acting(None):
        load_base()
        line = load_demo()
    total = Submission.objects.count()
    assert total > 1000, line
    red = CaseFile.objects.filter(case__case_type="wb_crisis").count()
    assert 3 <= red <= 40, line
    assert sum(TierCount.objects.values_list("count", flat=True)) == total
    counselor = User.objects.get(username="donghu_counselor")
    mine = CaseFile.objects.visible_to(counselor)
    assert mine.exists() and set(mine.values_list("school", flat=True)) == {counselor.unit_id}
    assert Appointment.objects.visible_to(counselor).count() == 3
    principal = User.objects.get(username="donghu_principal")
    assert not CaseFile.objects.visible_to(principal).exists()
    with acting(None):
        assert load_demo() == "wellbeing: already loaded"
    print(line)
