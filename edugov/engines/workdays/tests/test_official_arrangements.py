"""The 2023–2026 national arrangements, written down from the State Council's notices.

Each year's notice (国务院办公厅关于20XX年部分节假日安排的通知) lists the days off
(放假调休) and the weekend days that are worked instead (上班). Every day of the year not
named there follows the weekday rule. The tests below rebuild each year from the notice
alone and compare it, day by day, with this engine and with chinese-calendar itself, so a
wrong package release fails here rather than in a bureau's deadlines.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from edugov.engines.workdays import DEFAULT, add_workdays, package_years

# (first day off, last day off) ranges and worked weekend days, as each notice states them.
NOTICES = {
    # 国务院办公厅关于2023年部分节假日安排的通知, issued 2022-12-08.
    2023: {
        "off": [
            ("2022-12-31", "2023-01-02"),  # 元旦
            ("2023-01-21", "2023-01-27"),  # 春节
            ("2023-04-05", "2023-04-05"),  # 清明节
            ("2023-04-29", "2023-05-03"),  # 劳动节
            ("2023-06-22", "2023-06-24"),  # 端午节
            ("2023-09-29", "2023-10-06"),  # 中秋节、国庆节
        ],
        "work": [
            "2023-01-28",
            "2023-01-29",
            "2023-04-23",
            "2023-05-06",
            "2023-06-25",
            "2023-10-07",
            "2023-10-08",
        ],
    },
    # 国务院办公厅关于2024年部分节假日安排的通知, issued 2023-10-25. 除夕 (02-09) is only
    # "encouraged" as a day off in the notice, so it stays a working day.
    2024: {
        "off": [
            ("2024-01-01", "2024-01-01"),  # 元旦，与周末连休
            ("2024-02-10", "2024-02-17"),  # 春节
            ("2024-04-04", "2024-04-06"),  # 清明节
            ("2024-05-01", "2024-05-05"),  # 劳动节
            ("2024-06-10", "2024-06-10"),  # 端午节，与周末连休
            ("2024-09-15", "2024-09-17"),  # 中秋节
            ("2024-10-01", "2024-10-07"),  # 国庆节
        ],
        "work": [
            "2024-02-04",
            "2024-02-18",
            "2024-04-07",
            "2024-04-28",
            "2024-05-11",
            "2024-09-14",
            "2024-09-29",
            "2024-10-12",
        ],
    },
    # 国务院办公厅关于2025年部分节假日安排的通知, issued 2024-11-12 (the year the 除夕 and
    # 5月2日 became statutory holidays: 春节 8 days, 劳动节 5 days).
    2025: {
        "off": [
            ("2025-01-01", "2025-01-01"),  # 元旦
            ("2025-01-28", "2025-02-04"),  # 春节
            ("2025-04-04", "2025-04-06"),  # 清明节
            ("2025-05-01", "2025-05-05"),  # 劳动节
            ("2025-05-31", "2025-06-02"),  # 端午节
            ("2025-10-01", "2025-10-08"),  # 国庆节、中秋节
        ],
        "work": ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
    },
    # 国务院办公厅关于2026年部分节假日安排的通知, issued 2025-11-04
    # (www.gov.cn/zhengce/content/202511/content_7047090.htm).
    2026: {
        "off": [
            ("2026-01-01", "2026-01-03"),  # 元旦
            ("2026-02-15", "2026-02-23"),  # 春节
            ("2026-04-04", "2026-04-06"),  # 清明节
            ("2026-05-01", "2026-05-05"),  # 劳动节
            ("2026-06-19", "2026-06-21"),  # 端午节
            ("2026-09-25", "2026-09-27"),  # 中秋节
            ("2026-10-01", "2026-10-07"),  # 国庆节
        ],
        "work": [
            "2026-01-04",
            "2026-02-14",
            "2026-02-28",
            "2026-05-09",
            "2026-09-20",
            "2026-10-10",
        ],
    },
}

OFF = {
    date.fromisoformat(a) + timedelta(days=i)
    for notice in NOTICES.values()
    for a, b in notice["off"]
    for i in range((date.fromisoformat(b) - date.fromisoformat(a)).days + 1)
}
WORK = {date.fromisoformat(d) for notice in NOTICES.values() for d in notice["work"]}


def expected_from_the_notices(d: date) -> bool:
    if d in OFF:
        return False
    return d in WORK or d.weekday() < 5


def days_of(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)]


def test_one_working_day_after_2023_09_28_is_the_make_up_saturday_2023_10_07():
    assert add_workdays(date(2023, 9, 28), 1) == date(2023, 10, 7)


@pytest.mark.parametrize(
    ("day", "works"),
    [
        ("2024-02-04", True),  # Sunday, worked before 春节
        ("2024-02-18", True),  # Sunday, worked after 春节
        ("2024-02-09", True),  # 除夕 2024: only encouraged as a day off
        ("2025-01-26", True),
        ("2025-02-08", True),
        ("2025-01-28", False),  # 除夕 2025, statutory from 2025 on
        ("2025-09-28", True),
        ("2025-10-08", False),
        ("2025-10-11", True),
        ("2026-01-04", True),
        ("2026-02-23", False),  # Monday, last day of the 9-day 春节
        ("2026-02-28", True),
        ("2026-09-20", True),
        ("2026-10-10", True),
    ],
)
def test_named_days_from_the_notices(day: str, works: bool):
    d = date.fromisoformat(day)
    assert DEFAULT.is_workday(d) is works
    assert chinese_calendar.is_workday(d) is works


@pytest.mark.parametrize("year", sorted(NOTICES))
def test_every_day_of_the_year_matches_the_notice(year: int):
    # December of the last year also depends on the next year's 元旦, announced a year
    # later; for 2023–2025 that notice is in the table, for 2026 no late-December day has
    # been moved so far (2027's notice is not in chinese-calendar yet).
    wrong = [
        (d.isoformat(), DEFAULT.is_workday(d))
        for d in days_of(year)
        if DEFAULT.is_workday(d) != expected_from_the_notices(d)
    ]
    assert wrong == []
    wrong_in_package = [
        d.isoformat()
        for d in days_of(year)
        if chinese_calendar.is_workday(d) != expected_from_the_notices(d)
    ]
    assert wrong_in_package == []


def test_the_table_agrees_with_chinese_calendar_on_every_covered_day():
    first, last = package_years()
    assert first == 2004
    assert last >= 2026
    days = [d for y in range(first, last + 1) for d in days_of(y)]
    assert [d for d in days if DEFAULT.is_workday(d) != chinese_calendar.is_workday(d)] == []


def test_the_covered_years_are_those_the_package_accepts():
    first, last = package_years()
    for outside in (date(first - 1, 12, 31), date(last + 1, 1, 1)):
        with pytest.raises(NotImplementedError):
            chinese_calendar.is_workday(outside)
