"""Working-day calendar for deadlines (工作日), issue 16 §1. Plain Python, no Django.

    >>> from datetime import date
    >>> from edugov.engines.workdays import add_workdays
    >>> add_workdays(date(2023, 9, 28), 1)  # after the 2023 National Day holiday
    datetime.date(2023, 10, 7)

National holidays and make-up days come from ``chinese-calendar``; local days from the
caller. Rules, semantics, sources and limits: docs/engines/workdays.md.
"""

from .days import (
    DEFAULT,
    Calendar,
    UnknownYear,
    add_workdays,
    next_workday,
    package_years,
    workdays_between,
)
from .rules import UNITS, DeadlineRule, add_months

__all__ = [
    "DEFAULT",
    "UNITS",
    "Calendar",
    "DeadlineRule",
    "UnknownYear",
    "add_months",
    "add_workdays",
    "next_workday",
    "package_years",
    "workdays_between",
]
