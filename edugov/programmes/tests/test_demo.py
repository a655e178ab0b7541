"""The demo: about 400 programmes over every kind, each linked to a task of the point it
serves in the Nanchang plan; an organization row for every counted school and the
coverage KPI bound to the point-2 task with a real figure; deterministic, idempotent."""

import pytest
from django.db.models import Count

from edugov.conftest import make_school
from edugov.core.context import acting
from edugov.programmes import demo
from edugov.programmes.kinds import KIND_POINTS, ProgrammeKind
from edugov.programmes.kpis import CODE
from edugov.programmes.models import PartyOrganization, Programme
from edugov.workplan import demo as workplan_demo
from edugov.workplan.kpis import kpi_compute
from edugov.workplan.models import Kpi
from edugov.workplan.tests.conftest import duban  # noqa: F401 - the 督导室's member

pytestmark = pytest.mark.django_db


def test_the_demo_loads_programmes_linked_to_their_tasks(cast, duban):  # noqa: F811
    with acting(None):
        for i in range(8):
            make_school(
                cast.jinxian,
                f"21360080{i:02d}",
                f"进贤县演示小学{i}",
                ownership="private" if i % 3 == 0 else "public",
            )
        workplan_demo.load_demo()
        line = demo.load_demo()
    assert Programme.objects.count() == sum(demo.COUNTS.values()) == 400, line
    kinds = set(Programme.objects.values_list("kind", flat=True))
    assert kinds == set(ProgrammeKind.values)
    for kind, number in Programme.objects.values_list("kind", "task__point__number"):
        assert number in KIND_POINTS[kind]
    # every participating school is a school; the confirmed ones have a date
    assert (
        not Programme.objects.exclude(schools__kind="school").filter(schools__isnull=False).exists()
    )
    assert not Programme.objects.filter(state="confirmed", confirmed_on=None).exists()
    assert PartyOrganization.objects.count() == 11  # the cast's three and the eight
    kpi = Kpi.objects.get(source_code=CODE)
    assert kpi.task.point.number == 2
    value = kpi_compute(CODE, year=2023, scope=cast.city)
    assert value is not None and 0 < value <= 100
    codes = list(Programme.objects.order_by("code").values_list("code", "title", "unit_id"))
    with acting(None):
        assert "already" in demo.load_demo()
    assert list(Programme.objects.order_by("code").values_list("code", "title", "unit_id")) == codes
    assert Programme.objects.values("kind").annotate(n=Count("pk")).count() == 10
