"""DeadlineRule: the text form, and when each kind of deadline expires."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edugov.engines.workdays import Calendar, DeadlineRule, UnknownYear, add_months
from edugov.engines.workdays.rules import MAX_AMOUNT

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("5 个工作日", DeadlineRule(5, "workday")),
        ("5个工作日", DeadlineRule(5, "workday")),
        ("５个工作日", DeadlineRule(5, "workday")),  # full-width digit from an IME
        ("  5 工作日内 ", DeadlineRule(5, "workday")),
        ("15 个自然日", DeadlineRule(15, "day")),
        ("15 自然日", DeadlineRule(15, "day")),
        ("15 日", DeadlineRule(15, "day")),
        ("15天", DeadlineRule(15, "day")),
        ("15日内", DeadlineRule(15, "day")),
        ("3 个月", DeadlineRule(3, "month")),
        ("3个月内", DeadlineRule(3, "month")),
        ("24 小时", DeadlineRule(24, "hour")),
        ("2 小时", DeadlineRule(2, "hour")),
        ("2 个小时", DeadlineRule(2, "hour")),
        ("5 日（遇节假日顺延）", DeadlineRule(5, "day", roll=True)),
        ("5日(遇节假日顺延)", DeadlineRule(5, "day", roll=True)),
        ("3 个月（遇法定节假日顺延）", DeadlineRule(3, "month", roll=True)),
    ],
)
def test_it_parses_the_usual_ways_of_writing_a_deadline(text: str, rule: DeadlineRule):
    assert DeadlineRule.parse(text) == rule


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (DeadlineRule(5, "workday"), "5 个工作日"),
        (DeadlineRule(15, "day"), "15 个自然日"),
        (DeadlineRule(3, "month"), "3 个月"),
        (DeadlineRule(24, "hour"), "24 小时"),
        (DeadlineRule(5, "day", roll=True), "5 个自然日（遇节假日顺延）"),
    ],
)
def test_str_writes_the_canonical_text(rule: DeadlineRule, text: str):
    assert str(rule) == text


rules = st.one_of(
    st.builds(DeadlineRule, st.integers(1, MAX_AMOUNT), st.sampled_from(["workday", "hour"])),
    st.builds(
        DeadlineRule, st.integers(1, MAX_AMOUNT), st.sampled_from(["day", "month"]), st.booleans()
    ),
)


@settings(max_examples=300, deadline=None)
@given(rules)
def test_parse_of_str_gives_the_rule_back(rule: DeadlineRule):
    assert DeadlineRule.parse(str(rule)) == rule


@pytest.mark.parametrize(
    "text",
    [
        "",
        "5",
        "工作日",
        "5 周",
        "3 月",  # March, or three months? refused rather than guessed
        "-5 个工作日",
        "0 个工作日",
        "5.5 个工作日",
        "五个工作日",
        "10000 个工作日",
        "5 个工作日（遇节假日顺延）",  # a working day needs no rolling
        "24 小时（遇节假日顺延）",  # a crisis clock does not wait for the holiday
        "5 个工作日 5 个工作日",
    ],
)
def test_it_refuses_anything_else_with_a_chinese_message(text: str):
    with pytest.raises(ValueError) as info:
        DeadlineRule.parse(text)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(info.value))


def test_the_fields_are_checked_when_a_rule_is_built_in_code():
    with pytest.raises(ValueError, match="期限单位"):
        DeadlineRule(5, "week")
    with pytest.raises(ValueError, match="期限数"):
        DeadlineRule(0, "day")
    with pytest.raises(ValueError, match="期限数"):
        DeadlineRule(True, "day")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="顺延"):
        DeadlineRule(5, "hour", roll=True)


def at(text: str, tz=None) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=tz)


def test_working_days_end_at_the_end_of_the_nth_working_day_in_the_start_zone():
    rule = DeadlineRule.parse("5 个工作日")
    assert rule.due(at("2023-09-28T10:00")) == at("2023-10-11T23:59:59")
    due = rule.due(at("2023-09-28T10:00", SHANGHAI))
    assert due == at("2023-10-11T23:59:59", SHANGHAI)
    assert due.tzinfo is SHANGHAI
    # Received on a Saturday: Monday is the first working day.
    assert DeadlineRule(1, "workday").due(at("2024-07-13T08:00")) == at("2024-07-15T23:59:59")


def test_natural_days_do_not_move_off_a_holiday_unless_the_rule_says_so():
    start = at("2024-09-28T16:00")
    assert DeadlineRule(3, "day").due(start) == at("2024-10-01T23:59:59")  # National Day
    assert DeadlineRule(3, "day", roll=True).due(start) == at("2024-10-08T23:59:59")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2023-01-31", 1, "2023-02-28"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2023-03-31", 1, "2023-04-30"),
        ("2023-11-30", 3, "2024-02-29"),
        ("2023-12-15", 3, "2024-03-15"),
        ("2023-05-10", 24, "2025-05-10"),
    ],
)
def test_months_keep_the_day_of_the_month_clamped_to_the_months_end(start, months, expected):
    rule = DeadlineRule(months, "month")
    assert rule.due(at(f"{start}T09:00")) == at(f"{expected}T23:59:59")
    assert add_months(datetime.fromisoformat(start).date(), months).isoformat() == expected


def test_a_rolled_month_deadline_moves_past_the_holiday():
    assert DeadlineRule(1, "month", roll=True).due(at("2025-09-01T09:00")) == at(
        "2025-10-09T23:59:59"
    )


def test_hours_are_exact_and_ignore_holidays():
    tz = timezone(timedelta(hours=8))
    assert DeadlineRule(24, "hour").due(at("2024-09-30T20:15:30", tz)) == at(
        "2024-10-01T20:15:30", tz
    )
    assert DeadlineRule(2, "hour").due(at("2031-01-01T23:30")) == at("2031-01-02T01:30")


def test_the_calendar_is_consulted_only_when_the_rule_needs_it():
    start = at("2031-03-03T09:00")
    assert DeadlineRule(15, "day").due(start) == at("2031-03-18T23:59:59")
    for rule in (DeadlineRule(5, "workday"), DeadlineRule(15, "day", roll=True)):
        with pytest.raises(UnknownYear, match="2031 年"):
            rule.due(start)


def test_a_local_calendar_moves_a_working_day_deadline():
    storm = Calendar(extra_holidays=[datetime(2024, 7, 10).date()])
    start = at("2024-07-09T09:00")
    assert DeadlineRule(1, "workday").due(start) == at("2024-07-10T23:59:59")
    assert DeadlineRule(1, "workday").due(start, storm) == at("2024-07-11T23:59:59")


def test_the_start_must_be_a_datetime():
    with pytest.raises(ValueError, match="datetime"):
        DeadlineRule(1, "day").due(datetime(2024, 1, 2).date())  # type: ignore[arg-type]
