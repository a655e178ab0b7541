"""The 双减 rules at their exact edges (issue 20, Done when)."""

from datetime import date, time
from decimal import Decimal

import pytest

from edugov.engines.training import Charge, Lesson, charge_violations, lesson_violations, rules
from edugov.engines.workdays import DEFAULT

workday = DEFAULT.is_workday


def subject(on, start=time(18, 0), end=time(19, 0), online=False):
    return Lesson(on=on, start=start, end=end, online=online, subject=True)


def test_a_subject_lesson_on_a_make_up_saturday_is_allowed_and_on_a_holiday_is_not():
    # 2023-10-07 (Saturday) was worked for the National Day holiday; 10-02 was a day off.
    assert lesson_violations(subject(date(2023, 10, 7)), is_workday=workday) == []
    assert lesson_violations(subject(date(2023, 10, 2)), is_workday=workday) == [rules.HOLIDAY]
    assert lesson_violations(subject(date(2023, 10, 14)), is_workday=workday) == [rules.HOLIDAY]


def test_a_subject_lesson_in_the_vacation_is_refused():
    summer = lambda d: date(2023, 7, 10) <= d <= date(2023, 8, 31)  # noqa: E731
    lesson = subject(date(2023, 7, 12))
    assert lesson_violations(lesson, is_workday=workday, in_vacation=summer) == [rules.VACATION]


def test_online_subject_lessons_last_30_minutes_and_end_by_21_00():
    day = date(2023, 10, 9)
    ok = subject(day, time(20, 30), time(21, 0), online=True)
    assert lesson_violations(ok, is_workday=workday) == []
    long = subject(day, time(20, 0), time(20, 31), online=True)
    assert lesson_violations(long, is_workday=workday) == [rules.ONLINE_TOO_LONG]
    late = subject(day, time(20, 40), time(21, 1), online=True)
    assert lesson_violations(late, is_workday=workday) == [rules.ENDS_TOO_LATE]


def test_non_subject_lessons_end_by_20_30_offline_and_21_00_online():
    sat = date(2023, 10, 14)  # a weekend is fine for 非学科类
    art = Lesson(on=sat, start=time(19, 0), end=time(20, 30), online=False, subject=False)
    assert lesson_violations(art, is_workday=workday) == []
    late = Lesson(on=sat, start=time(19, 0), end=time(20, 31), online=False, subject=False)
    assert lesson_violations(late, is_workday=workday) == [rules.ENDS_TOO_LATE]
    online = Lesson(on=sat, start=time(20, 0), end=time(21, 0), online=True, subject=False)
    assert lesson_violations(online, is_workday=workday) == []


def charge(amount="3000.00", lessons=60, to=date(2023, 11, 30), subject=False):
    return Charge(
        amount=Decimal(amount),
        lessons=lessons,
        covers_from=date(2023, 9, 1),
        covers_to=to,
        subject=subject,
    )


def test_sixty_lessons_pass_and_sixty_one_do_not():
    assert charge_violations(charge(lessons=60)) == []
    assert charge_violations(charge(lessons=61)) == [rules.TOO_MANY_LESSONS]


def test_5000_yuan_passes_and_5000_01_does_not_for_non_subject_training():
    assert charge_violations(charge("5000.00")) == []
    assert charge_violations(charge("5000.01")) == [rules.TOO_MUCH_MONEY]
    # 学科类 fees are under 政府指导价, not this cap.
    assert charge_violations(charge("5000.01", subject=True)) == []


def test_three_months_both_days_included():
    assert charge_violations(charge(to=date(2023, 11, 30))) == []
    assert charge_violations(charge(to=date(2023, 12, 1))) == [rules.TOO_MANY_MONTHS]


def test_money_as_a_float_is_refused():
    with pytest.raises(TypeError):
        charge_violations(Charge(5000.0, 1, date(2023, 9, 1), date(2023, 9, 2), False))
