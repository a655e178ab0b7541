"""The status rules as a pure function: no database, a given ``today``."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from edugov.workplan.status import (
    Cycle,
    KpiFacts,
    Rag,
    Rule,
    Status,
    TaskFacts,
    expected_percent,
    roll_up,
    task_status,
)

D = dt.date
MAR, DEC = D(2023, 3, 1), D(2023, 12, 31)
ALL_REPORTED = {D(2023, m, 1) for m in range(1, 13)}


def facts(**kw) -> TaskFacts:
    kw.setdefault("reported_periods", ALL_REPORTED)
    return TaskFacts(start=kw.pop("start", MAR), due=kw.pop("due", DEC), **kw)


def test_a_task_before_its_start_is_not_started():
    assert task_status(facts(), today=D(2023, 2, 10)).status == Status.NOT_STARTED


def test_a_task_keeping_pace_is_on_track():
    # 2023-06-01 is 92 of 305 days in: 30% expected, 20% reported is within 15 points.
    verdict = task_status(facts(percent=20), today=D(2023, 6, 1))
    assert verdict.expected_percent == 30
    assert verdict.status == Status.ON_TRACK


def test_more_than_fifteen_points_behind_is_lagging_with_the_reason():
    verdict = task_status(facts(percent=10), today=D(2023, 7, 1))
    assert verdict.status == Status.LAGGING
    assert "10%" in verdict.reasons[0]


def test_the_lag_threshold_is_configurable():
    f = facts(percent=10)
    assert task_status(f, today=D(2023, 7, 1), rule=Rule(lag_points=40)).status == Status.ON_TRACK


def test_past_due_and_not_done_is_overdue():
    assert task_status(facts(percent=90), today=D(2024, 1, 2)).status == Status.OVERDUE


def test_done_and_closed_win_over_dates():
    assert task_status(facts(done=True), today=D(2024, 5, 1)).status == Status.DONE
    assert task_status(facts(done=True, closed=True), today=D(2024, 5, 1)).status == Status.CLOSED


def test_a_missing_report_after_its_deadline_is_its_own_state():
    reported = {D(2023, 3, 1), D(2023, 4, 1)}
    # May's report is due on 5 June: missing from 6 June, not before.
    assert task_status(
        facts(percent=50, reported_periods=reported), today=D(2023, 6, 5)
    ).status == (Status.ON_TRACK)
    verdict = task_status(facts(percent=50, reported_periods=reported), today=D(2023, 6, 6))
    assert verdict.status == Status.REPORT_MISSING
    assert "2023-05" in verdict.reasons[0]


def test_a_kpi_below_its_straight_line_makes_the_task_lag():
    kpi = KpiFacts("≥", Decimal(50), Decimal(58), MAR, DEC, actual=Decimal(51))
    verdict = task_status(facts(percent=80, kpis=[kpi]), today=D(2023, 9, 1))
    assert verdict.status == Status.LAGGING
    assert "51" in verdict.reasons[0] and "54.83" in verdict.reasons[0]
    off = Rule(kpi_trajectory=False)
    assert task_status(facts(percent=80, kpis=[kpi]), today=D(2023, 9, 1), rule=off).status == (
        Status.ON_TRACK
    )


def test_a_kpi_to_be_kept_below_lags_when_above_its_line():
    kpi = KpiFacts("≤", Decimal(40), Decimal(20), MAR, DEC, actual=Decimal(39))
    assert task_status(facts(percent=80, kpis=[kpi]), today=D(2023, 11, 1)).status == Status.LAGGING


def test_a_kpi_without_a_value_is_not_judged():
    kpi = KpiFacts("≥", Decimal(0), Decimal(58), MAR, DEC, actual=None)
    assert task_status(facts(percent=80, kpis=[kpi]), today=D(2023, 9, 1)).status == Status.ON_TRACK


def test_quarterly_cycles_align_on_january_and_are_due_the_month_after():
    q = Cycle(months=3, deadline_day=10)
    assert q.period_start(D(2023, 5, 20)) == D(2023, 4, 1)
    assert q.deadline(D(2023, 4, 1)) == D(2023, 7, 10)
    assert q.last_due_period(D(2023, 7, 11)) == D(2023, 4, 1)
    assert q.last_due_period(D(2023, 7, 10)) == D(2023, 1, 1)
    assert q.periods(D(2023, 2, 1), D(2023, 9, 1)) == [D(2023, 1, 1), D(2023, 4, 1), D(2023, 7, 1)]


def test_monthly_cycle_crosses_the_year():
    m = Cycle()
    assert m.deadline(D(2023, 12, 1)) == D(2024, 1, 5)
    assert m.last_due_period(D(2024, 1, 3)) == D(2023, 11, 1)


def test_roll_up_is_red_for_overdue_amber_for_lagging_green_otherwise():
    assert roll_up([Status.ON_TRACK, Status.OVERDUE])[0] == Rag.RED
    assert roll_up([Status.ON_TRACK] * 4 + [Status.LAGGING])[0] == Rag.AMBER
    assert roll_up([Status.ON_TRACK, Status.LAGGING])[0] == Rag.RED  # half in trouble
    assert roll_up([Status.ON_TRACK, Status.DONE])[0] == Rag.GREEN
    assert roll_up([])[0] == Rag.GREEN


@given(
    st.dates(D(2022, 1, 1), D(2025, 1, 1)),
    st.integers(0, 400),
    st.integers(0, 700),
)
def test_expected_percent_is_monotonic_and_bounded(start, length, offset):
    due = start + dt.timedelta(days=length)
    today = start + dt.timedelta(days=offset)
    now = expected_percent(start, due, today)
    later = expected_percent(start, due, today + dt.timedelta(days=1))
    assert 0 <= now <= later <= 100


@given(st.dates(D(2020, 1, 1), D(2030, 12, 31)), st.sampled_from([1, 2, 3, 4, 6, 12]))
def test_the_last_due_period_has_a_passed_deadline_and_the_next_has_not(today, months):
    cycle = Cycle(months=months)
    last = cycle.last_due_period(today)
    assert cycle.deadline(last) < today
    assert cycle.deadline(cycle.next_start(last)) >= today
