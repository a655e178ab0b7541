"""The 双减 course-time and prepayment rules (DOMAIN.md §7; 教监管函〔2021〕2号;
穗教规字〔2021〕8号), one lesson or one charge at a time.

Each check returns the codes of the rules broken (empty: allowed), never words: the
Django app turns codes into Chinese sentences and into cases.

学科类 lessons may be given only on a working day of the calendar (so a make-up
Saturday, 调休上班, is allowed and a holiday is not) outside the school vacations; online
ones last at most 30 minutes and end by 21:00. 非学科类 lessons end by 20:30 offline and
21:00 online. A charge covers at most 3 months and 60 lessons, and for 非学科类 at most
5,000 元. Every limit is a field of :class:`TimeLimits` / :class:`PrepayLimits`, so a city
may set its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from edugov.engines.workdays.rules import add_months

# Violation codes (stable: stored in case attributes and counted).
HOLIDAY = "holiday"  # 学科类 on a weekend or public holiday (not a make-up working day)
VACATION = "vacation"  # 学科类 during 寒暑假
ONLINE_TOO_LONG = "online_too_long"  # 学科类 online lesson over the limit
ENDS_TOO_LATE = "ends_too_late"
BAD_TIMES = "bad_times"  # ends before it starts
TOO_MANY_MONTHS = "too_many_months"
TOO_MANY_LESSONS = "too_many_lessons"
TOO_MUCH_MONEY = "too_much_money"


@dataclass(frozen=True)
class TimeLimits:
    online_minutes: int = 30
    online_end: time = time(21, 0)
    nonsubject_offline_end: time = time(20, 30)
    # DOMAIN.md states no end time for 学科类 offline lessons; a city may set one.
    subject_offline_end: time | None = None


@dataclass(frozen=True)
class PrepayLimits:
    months: int = 3
    lessons: int = 60
    nonsubject_amount: Decimal = Decimal("5000.00")


@dataclass(frozen=True)
class Lesson:
    """One scheduled lesson: its day, start and end (local time), mode and category."""

    on: date
    start: time
    end: time
    online: bool
    subject: bool  # 学科类


@dataclass(frozen=True)
class Charge:
    """One prepayment: what it costs and what it covers (lessons, the period paid for)."""

    amount: Decimal
    lessons: int
    covers_from: date
    covers_to: date
    subject: bool


def _minutes(start: time, end: time) -> int:
    return (datetime.combine(date.min, end) - datetime.combine(date.min, start)).seconds // 60


def lesson_violations(
    lesson: Lesson,
    *,
    is_workday: Callable[[date], bool],
    in_vacation: Callable[[date], bool] = lambda d: False,
    limits: TimeLimits = TimeLimits(),
) -> list[str]:
    """The rules ``lesson`` breaks. ``is_workday`` is the working-day calendar (national
    holidays, make-up days and local adjustments); ``in_vacation`` the school vacations."""
    if lesson.end <= lesson.start:
        return [BAD_TIMES]
    broken: list[str] = []
    if lesson.subject:
        if not is_workday(lesson.on):
            broken.append(HOLIDAY)
        if in_vacation(lesson.on):
            broken.append(VACATION)
        if lesson.online and _minutes(lesson.start, lesson.end) > limits.online_minutes:
            broken.append(ONLINE_TOO_LONG)
    if lesson.online:
        latest = limits.online_end
    elif lesson.subject:
        latest = limits.subject_offline_end
    else:
        latest = limits.nonsubject_offline_end
    if latest is not None and lesson.end > latest:
        broken.append(ENDS_TOO_LATE)
    return broken


def charge_violations(charge: Charge, *, limits: PrepayLimits = PrepayLimits()) -> list[str]:
    """The rules ``charge`` breaks. Money is ``Decimal`` only: a float is refused, since
    5000.01 as a float is not 5000.01."""
    if not isinstance(charge.amount, Decimal):
        raise TypeError(f"charge.amount must be a Decimal, not {type(charge.amount).__name__}")
    broken: list[str] = []
    # "≤ 3 months", both days included: 1 March to 31 May passes, to 1 June does not.
    if charge.covers_to >= add_months(charge.covers_from, limits.months):
        broken.append(TOO_MANY_MONTHS)
    if charge.lessons > limits.lessons:
        broken.append(TOO_MANY_LESSONS)
    if not charge.subject and charge.amount > limits.nonsubject_amount:
        broken.append(TOO_MUCH_MONEY)
    return broken
