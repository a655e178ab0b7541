"""双监控: a line exactly at the threshold behind the straight line is not flagged; one
fen further behind is. A project's line reads the project's payments."""

import datetime as dt
from decimal import Decimal

import pytest

from edugov.core.context import acting

from ..models import BudgetLine, LineExecution
from ..selectors import flagged, monitoring, time_progress
from ..services import record_save
from .world import project, report

pytestmark = pytest.mark.django_db


def test_the_straight_line():
    assert time_progress(dt.date(2023, 6, 1)) == Decimal("50.00")
    assert time_progress(dt.date(2023, 12, 1)) == Decimal("100.00")


def test_flag_at_the_edge():
    assert not flagged(Decimal("40.00"), Decimal("50.00"), Decimal("10"))
    assert flagged(Decimal("39.99"), Decimal("50.00"), Decimal("10"))


def _line(cast, spent: str, code: str):
    with acting(cast.donghu_officer):
        line = record_save(
            obj=BudgetLine(
                unit=cast.donghu, year=2023, code=code, name=code, amount=Decimal("1000000.00")
            ),
            user=cast.donghu_officer,
        )
        record_save(
            obj=LineExecution(line=line, month=dt.date(2023, 3, 1), spent=Decimal(spent)),
            user=cast.donghu_officer,
        )
    return line


@pytest.mark.parametrize(
    "spent, threshold, flag",
    [
        ("400000.00", "10", False),  # 40.00% at June's 50.00%: exactly 10 points behind
        ("399999.99", "10", True),  # one fen less: behind by more than 10
        ("399999.99", "10.01", False),  # the configured threshold moves the edge
    ],
)
def test_a_line_is_flagged_beyond_the_configured_points_only(
    cast, settings, spent, threshold, flag
):
    settings.EDUGOV_PROJECTS = {"monitor_threshold": Decimal(threshold)}
    _line(cast, spent, "M-1")
    [mon] = monitoring(cast.donghu_officer, year=2023, month=dt.date(2023, 6, 1))
    assert mon.progress == Decimal("50.00")
    assert mon.flag is flag
    assert [v for _m, v in mon.curve][:3] == [
        0,
        0,
        (100 * Decimal(spent) / 1000000).quantize(Decimal("0.01")),
    ]


def test_a_projects_line_reads_its_payments(cast, settings):
    settings.EDUGOV_TODAY = "2023-09-25"
    settings.EDUGOV_PROJECTS = {"late_days": 3650}
    p = project(cast.donghu_officer, cast.donghu_school, "M-P", budget="1000000.00")
    report(cast.donghu_officer, p, dt.date(2023, 2, 1), central="100000", city="200000")
    with acting(cast.donghu_officer):
        record_save(
            obj=BudgetLine(
                unit=cast.donghu,
                year=2023,
                code="M-P",
                name="M-P",
                project=p,
                amount=Decimal("1000000.00"),
            ),
            user=cast.donghu_officer,
        )
    [mon] = monitoring(cast.donghu_officer, year=2023, month=dt.date(2023, 3, 1))
    assert mon.spent == Decimal("300000") and mon.execution == Decimal("30.00")
    assert not mon.flag  # 25.00% of the year gone
    assert monitoring(cast.jinxian_principal, year=2023, month=dt.date(2023, 3, 1)) == []
