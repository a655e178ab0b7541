"""The 优良率 KPI: (优秀 + 良好) / tested, 免测 left out, over the unit's schools only."""

from decimal import Decimal

import pytest

from edugov.fitness.kpis import good_rate
from edugov.workplan.kpis import kpi_source_for_subject

from .world import record

pytestmark = pytest.mark.django_db

STRONG = dict(
    height_cm=140,
    weight_kg=35,
    vital_capacity=3000,
    run_50m=8.0,
    sit_and_reach=16.0,
    rope_skipping=150,
    sit_ups=50,
    shuttle_50x8=95,
)


def test_good_rate_over_a_district(cast):
    p = cast.donghu_principal
    record(p, cast.donghu_school, class_name="1班", values=STRONG)  # 优秀
    record(p, cast.donghu_school, class_name="1班")  # 不及格 (three items untested)
    record(p, cast.donghu_school, class_name="1班", exempt=True)  # not counted
    record(cast.jinxian_principal, cast.jinxian_school, class_name="1班", values=STRONG)
    assert good_rate(year=2023, scope=cast.donghu) == Decimal("50.00")
    assert good_rate(year=2023, scope=cast.city) == Decimal("66.67")
    assert good_rate(year=2022, scope=cast.city) is None
    assert kpi_source_for_subject("学生体质健康优良率达到55%").code == "fitness.good_rate"
