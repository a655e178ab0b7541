"""The same figure agrees with itself (issue 15, defect 4): a met KPI is not a lagging
one, counts are whole numbers, an area's colour follows the counts shown beside it, and
the gauge and the .docx state the KPI's own comparator."""

import datetime as dt
from decimal import Decimal

from edugov.workplan.documents import _kpi_text
from edugov.workplan.models import Kpi, Task, kpi_figure
from edugov.workplan.selectors import KpiRow, TaskRow
from edugov.workplan.status import (
    KpiFacts,
    Rag,
    Status,
    TaskFacts,
    Verdict,
    kpi_verdict,
    roll_up,
    task_status,
)
from edugov.workplan.views.plans import _gauge

MAR, DEC, JUL = dt.date(2023, 3, 1), dt.date(2023, 12, 31), dt.date(2023, 7, 10)
EVERY_PERIOD = {dt.date(2023, m, 1) for m in range(1, 13)}


def verdict(kpi: KpiFacts, percent: int = 50) -> Verdict:
    return task_status(
        TaskFacts(start=MAR, due=DEC, percent=percent, reported_periods=EVERY_PERIOD, kpis=[kpi]),
        today=JUL,
    )


def test_a_kpi_that_meets_its_target_does_not_make_its_task_lag():
    # "24 所 ≥ 22" was 滞后: its line ran from a baseline of 30 down to the target 22,
    # and 24 sat below that line in July although the target was already met.
    met = KpiFacts("≥", Decimal(30), Decimal(22), MAR, DEC, Decimal(24))
    assert verdict(met).status == Status.ON_TRACK
    met_below = KpiFacts("≤", Decimal(5), Decimal(10), MAR, DEC, Decimal(9))
    assert verdict(met_below).status == Status.ON_TRACK
    not_met = KpiFacts("≥", Decimal(10), Decimal(22), MAR, DEC, Decimal(11))
    assert verdict(not_met).status == Status.LAGGING


def test_a_task_with_a_met_kpi_that_lags_says_why():
    met = KpiFacts("≥", Decimal(30), Decimal(22), MAR, DEC, Decimal(24))
    lagging = verdict(met, percent=5)
    assert lagging.status == Status.LAGGING
    assert len(lagging.reasons) == 1 and "5%" in lagging.reasons[0]


def test_counts_are_whole_numbers():
    assert kpi_figure(Decimal("4.9"), "个") == "5"
    assert kpi_figure(Decimal("24.0000"), "所") == "24"
    assert kpi_figure(Decimal("56.04"), "%") == "56.04"


def test_a_missing_report_alone_does_not_make_an_area_red():
    # Area 五 was 红 beside "0 lagging, 0 overdue": its red came from missing reports.
    rag, _counts = roll_up([Status.REPORT_MISSING, Status.REPORT_MISSING, Status.ON_TRACK])
    assert rag == Rag.AMBER
    assert roll_up([Status.LAGGING, Status.LAGGING, Status.ON_TRACK])[0] == Rag.RED
    assert roll_up([Status.OVERDUE, Status.ON_TRACK, Status.ON_TRACK])[0] == Rag.RED
    assert roll_up([Status.ON_TRACK])[0] == Rag.GREEN


def _row(comparator: str) -> KpiRow:
    kpi = Kpi(name="新增学位", comparator=comparator, target_value=Decimal(5), unit="个")
    facts = KpiFacts(comparator, Decimal(0), Decimal(5), MAR, DEC, Decimal("4.9"), whole=True)
    return KpiRow(kpi, Decimal("4.9"), kpi_verdict(facts, JUL))


def test_the_gauge_and_the_docx_state_the_kpis_comparator_and_a_whole_count():
    for comparator in ("≥", "≤", "="):
        row = _row(comparator)
        data = _gauge(row)["series"][0]["data"][0]
        assert data["name"] == f"新增学位 {comparator}5个"
        assert data["value"] == 5
        text = _kpi_text(TaskRow(Task(), Verdict(Status.ON_TRACK), None, kpis=[row]))
        assert f"{comparator}5个" in text and "4.9" not in text and "：5个" in text


def test_a_count_kpis_reason_states_whole_numbers():
    # "指标 4.9 低于进度线 11.15" on 实施18个中小学网点建设 in the demo.
    behind = KpiFacts("=", Decimal(0), Decimal(18), MAR, DEC, Decimal("4.9"), whole=True)
    (reason,) = verdict(behind).reasons
    assert "4.9" not in reason and "5" in reason and "." not in reason
