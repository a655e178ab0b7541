"""Property tests (hypothesis) of the calendar and of working-day deadlines.

The oracle is a day-by-day walk over ``chinese_calendar.is_workday`` with the local days
laid on top: slow, obviously right, and independent of the engine's table and searches.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import chinese_calendar
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from edugov.engines.workdays import (
    DEFAULT,
    Calendar,
    DeadlineRule,
    UnknownYear,
    package_years,
)

FIRST, LAST = package_years()
known_days = st.dates(date(FIRST, 1, 1), date(LAST, 12, 31))
small_n = st.integers(0, 40)
MANY = settings(max_examples=300, deadline=None)


def oracle_is_workday(d: date, off: frozenset = frozenset(), on: frozenset = frozenset()):
    if d in off:
        return False
    if d in on:
        return True
    return chinese_calendar.is_workday(d)


def oracle_add(d: date, n: int, off=frozenset(), on=frozenset()) -> date:
    if n == 0:
        while not oracle_is_workday(d, off, on):
            d += timedelta(days=1)
        return d
    while n:
        d += timedelta(days=1)
        n -= oracle_is_workday(d, off, on)
    return d


def in_range(d: date, n: int) -> bool:
    # Keep the answer inside the covered years (the last year's December is enough room).
    return d + timedelta(days=2 * n + 30) <= date(LAST, 12, 31)


@MANY
@given(known_days, small_n)
def test_add_workdays_matches_a_day_by_day_walk_over_chinese_calendar(d: date, n: int):
    assume(in_range(d, n))
    assert DEFAULT.add_workdays(d, n) == oracle_add(d, n)


@MANY
@given(known_days, st.integers(1, 3000))
def test_counting_back_gives_n_and_the_answer_is_a_working_day(d: date, n: int):
    try:
        end = DEFAULT.add_workdays(d, n)
    except UnknownYear as exc:
        assert exc.year == LAST + 1  # only ever runs off the end of the data
        return
    assert end > d
    assert DEFAULT.is_workday(end)
    assert DEFAULT.workdays_between(d, end) == n
    assert DEFAULT.workdays_between(end, d) == -n
    assert DEFAULT.workdays_between(d, end - timedelta(days=1)) == n - 1


@MANY
@given(known_days, known_days, known_days)
def test_counts_add_up(a: date, b: date, c: date):
    ab, bc, ac = (DEFAULT.workdays_between(x, y) for x, y in ((a, b), (b, c), (a, c)))
    assert ab + bc == ac


@MANY
@given(
    st.integers(1, 60),
    st.datetimes(datetime(FIRST, 1, 1), datetime(LAST, 9, 30)),
    st.sampled_from([None, timezone(timedelta(hours=8))]),
)
def test_no_working_day_deadline_lands_on_a_non_working_day(n: int, start, tz):
    start = start.replace(tzinfo=tz)
    due = DeadlineRule(n, "workday").due(start)
    assert oracle_is_workday(due.date())
    assert due.time() == time(23, 59, 59)
    assert due.tzinfo is tz
    assert DEFAULT.workdays_between(start.date(), due.date()) == n


@MANY
@given(
    st.one_of(
        st.tuples(st.integers(1, 400), st.just("day")),
        st.tuples(st.integers(1, 24), st.just("month")),
    ),
    st.datetimes(datetime(FIRST, 1, 1), datetime(LAST - 3, 12, 31)),
)
def test_a_rolled_deadline_is_the_first_working_day_from_the_plain_one(amount_unit, start):
    n, unit = amount_unit
    plain = DeadlineRule(n, unit).due(start).date()
    rolled = DeadlineRule(n, unit, roll=True).due(start).date()
    assert rolled >= plain
    assert oracle_is_workday(rolled)
    assert not any(
        oracle_is_workday(plain + timedelta(days=i)) for i in range((rolled - plain).days)
    )


window = st.dates(date(2024, 9, 1), date(2024, 11, 30))


@MANY
@given(
    st.sets(window, max_size=12),
    st.sets(window, max_size=12),
    window,
    st.integers(0, 25),
)
def test_local_days_are_respected(off: set, on: set, d: date, n: int):
    on -= off
    cal = Calendar(extra_holidays=off, extra_workdays=on)
    off_f, on_f = frozenset(off), frozenset(on)
    end = cal.add_workdays(d, n)
    assert end == oracle_add(d, n, off_f, on_f)
    assert end not in off
    if n:
        assert cal.workdays_between(d, end) == n
    for x in off:
        assert cal.is_workday(x) is False
    for x in on:
        assert cal.is_workday(x) is True
    deadline = DeadlineRule(max(n, 1), "workday").due(datetime.combine(d, time(9)), cal)
    assert oracle_is_workday(deadline.date(), off_f, on_f)
