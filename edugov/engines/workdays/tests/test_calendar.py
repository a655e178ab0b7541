"""Calendar arithmetic, unknown years and local announcements."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from edugov.engines.workdays import (
    DEFAULT,
    Calendar,
    UnknownYear,
    add_workdays,
    next_workday,
    package_years,
    workdays_between,
)

D = date.fromisoformat


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2023-09-28", 0, "2023-09-28"),  # a working day is its own next working day
        ("2023-09-29", 0, "2023-10-07"),
        ("2023-09-28", 1, "2023-10-07"),
        ("2023-09-28", 2, "2023-10-08"),  # the make-up Sunday
        ("2023-09-28", 3, "2023-10-09"),
        ("2023-10-01", 1, "2023-10-07"),  # a start on a day off: the next one counts as 1
        ("2024-02-08", 1, "2024-02-09"),
        ("2024-02-09", 1, "2024-02-18"),
        ("2025-12-31", 1, "2026-01-04"),  # across the year end, onto the make-up Sunday
        ("2024-01-01", 251, "2024-12-31"),  # all of 2024's 251 working days; 01-01 is off
    ],
)
def test_add_workdays(start: str, n: int, expected: str):
    assert add_workdays(D(start), n) == D(expected)
    assert DEFAULT.add_workdays(D(start), n) == D(expected)


def test_workdays_between_counts_after_a_up_to_and_including_b():
    assert workdays_between(D("2023-09-28"), D("2023-10-09")) == 3
    assert workdays_between(D("2023-10-09"), D("2023-09-28")) == -3
    assert workdays_between(D("2023-09-28"), D("2023-09-28")) == 0


@pytest.mark.parametrize(
    ("year", "count"),
    [
        # weekdays in the year − holidays that fall on a weekday + worked weekend days,
        # counted by hand from the notices (test_official_arrangements.py):
        (2023, 260 - 18 + 7),
        (2024, 262 - 19 + 8),
        (2025, 261 - 18 + 5),
        (2026, 261 - 19 + 6),
    ],
)
def test_working_days_in_a_whole_year(year: int, count: int):
    assert workdays_between(date(year - 1, 12, 31), date(year, 12, 31)) == count


def test_next_workday_and_a_datetime_counts_as_its_day():
    assert next_workday(D("2025-10-01")) == D("2025-10-09")
    assert DEFAULT.is_workday(datetime(2023, 10, 7, 9, 30)) is True


def test_n_must_be_a_non_negative_integer():
    for bad in (-1, 1.0, True, "1"):
        with pytest.raises(ValueError, match="非负整数"):
            add_workdays(D("2024-01-02"), bad)  # type: ignore[arg-type]


def test_a_date_must_be_a_date():
    with pytest.raises(ValueError, match="应为日期"):
        DEFAULT.is_workday("2024-01-02")  # type: ignore[arg-type]


@pytest.mark.parametrize("year", [2031, 2003])
def test_an_unknown_year_is_refused_with_the_year_in_the_message(year: int):
    with pytest.raises(UnknownYear) as info:
        DEFAULT.is_workday(date(year, 3, 2))
    assert info.value.year == year
    assert isinstance(info.value, ValueError)
    assert f"{year} 年的节假日安排尚未收录" in str(info.value)


def test_a_computation_that_runs_into_an_unknown_year_is_refused():
    last = package_years()[1]
    end = date(last, 12, 31)
    with pytest.raises(UnknownYear) as info:
        add_workdays(end.replace(day=20), 30)
    assert info.value.year == last + 1
    with pytest.raises(UnknownYear):
        workdays_between(end, date(last + 1, 1, 10))
    with pytest.raises(UnknownYear):
        workdays_between(date(last + 1, 1, 10), end)  # reversed too
    with pytest.raises(UnknownYear) as info:
        workdays_between(date(2003, 12, 31), date(2004, 1, 5))  # the start must be known
    assert info.value.year == 2003
    with pytest.raises(UnknownYear):
        next_workday(date(2040, 1, 1))


def test_local_days_off_and_make_up_days_win_over_the_national_arrangement():
    typhoon = D("2024-09-16")  # national day off already: stays off
    storm = D("2024-07-10")  # a Wednesday
    make_up = D("2024-07-13")  # a Saturday
    cal = Calendar(extra_holidays=[storm, typhoon], extra_workdays=[make_up])
    assert cal.is_workday(storm) is False
    assert cal.is_workday(make_up) is True
    assert DEFAULT.is_workday(storm) is True  # the national calendar is untouched
    assert cal.add_workdays(D("2024-07-09"), 1) == D("2024-07-11")
    assert cal.add_workdays(D("2024-07-12"), 1) == make_up
    # (Mon 07-08, Sun 07-14]: Tue, Thu, Fri and the make-up Saturday
    assert cal.workdays_between(D("2024-07-08"), D("2024-07-14")) == 4
    assert cal.extra_holidays == {storm, typhoon}


def test_a_local_day_in_an_unknown_year_is_known_and_nothing_else_is():
    cal = Calendar(extra_holidays=[D("2031-06-02")], extra_workdays=[D("2031-06-07")])
    assert cal.is_workday(D("2031-06-02")) is False
    assert cal.is_workday(D("2031-06-07")) is True
    with pytest.raises(UnknownYear):
        cal.is_workday(D("2031-06-03"))  # a plain Tuesday, still unknown
    with pytest.raises(UnknownYear):
        cal.add_workdays(D("2031-06-02"), 1)


def test_a_year_entered_by_hand_follows_its_entries_and_then_the_weekday_rule():
    year = package_years()[1] + 1
    new_year = date(year, 1, 1)
    cal = Calendar(extra_holidays=[new_year], extra_years=[year])
    assert year in cal.known_years
    assert cal.is_workday(new_year) is False
    for i in range(1, 365):
        d = new_year + timedelta(days=i)
        assert cal.is_workday(d) is (d.weekday() < 5), d
    assert cal.add_workdays(date(year - 1, 12, 31), 1) == cal.next_workday(date(year, 1, 2))
    with pytest.raises(UnknownYear):
        cal.is_workday(date(year + 1, 1, 4))


def test_a_day_listed_both_ways_or_out_of_range_is_refused():
    with pytest.raises(ValueError, match="2024-07-10 同时列为"):
        Calendar(extra_holidays=[D("2024-07-10")], extra_workdays=[D("2024-07-10")])
    with pytest.raises(ValueError, match="不在 1900–2100"):
        Calendar(extra_holidays=[date(202, 7, 10)])
    with pytest.raises(ValueError, match="应为日期"):
        Calendar(extra_workdays=["2024-07-13"])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="年份"):
        Calendar(extra_years=["2027"])  # type: ignore[list-item]
