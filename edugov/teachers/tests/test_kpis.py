"""The computed KPIs: rotation share and its backbone share from the published plan,
training on track, students per teacher; read through the work plan's sources."""

from decimal import Decimal

import pytest

from edugov.core.context import acting
from edugov.org.models import Unit
from edugov.teachers import rotation
from edugov.workplan.kpis import kpi_compute

from .world import make_plan, make_teacher, rotation_district, training

pytestmark = pytest.mark.django_db


def publish(cast, plan):
    with acting(cast.donghu_officer):
        rotation.plan_submit(user=cast.donghu_officer, plan=plan)
        for c in plan.confirmations.all():
            rotation.confirmation_confirm(user=cast.donghu_officer, confirmation=c)
        rotation.plan_approve(user=cast.donghu_officer, plan=plan)
        rotation.plan_publish(user=cast.donghu_officer, plan=plan)


def test_rotation_shares_come_from_the_published_plan(cast):
    rotation_district(cast)
    plan = make_plan(cast.donghu_officer, cast.donghu)

    def share(**kw):
        return kpi_compute("teachers.rotation_share", **kw)

    assert share(year=2026, scope=cast.donghu) is None  # a draft counts nothing
    publish(cast, plan)
    assert share(year=2026, scope=cast.donghu) == Decimal("10.00")  # 1 of 10 eligible
    assert share(year=2026, scope=cast.city) == Decimal("10.00")
    backbone = kpi_compute("teachers.rotation_backbone_share", year=2026, scope=cast.donghu)
    assert backbone == Decimal("100.00")
    assert share(year=2026, scope=cast.jinxian) is None


def test_training_on_track_and_students_per_teacher(cast):
    a, b = make_teacher(cast.donghu_school), make_teacher(cast.donghu_school)
    training(a, 360)
    training(b, 1)
    on_track = kpi_compute("teachers.training_on_track", year=2026, scope=cast.donghu)
    assert on_track == Decimal("50.00")
    Unit.objects.filter(pk=cast.donghu_school.pk).update(enrolment=45)
    students = sum(
        Unit.objects.filter(kind="school", path__startswith=cast.donghu.path).values_list(
            "enrolment", flat=True
        )
    )
    ratio = kpi_compute("teachers.students_per_teacher", year=2026, scope=cast.donghu)
    assert ratio == (Decimal(students) / 2).quantize(Decimal("0.01"))
    assert kpi_compute("teachers.students_per_teacher", year=2026, scope=cast.jinxian) is None
