"""Deadlines of a case on the working-day calendar: the overall one, the state's own, the
binding one (``deadline_at``) and when each escalation level falls due.

Every time a case's deadline changes, ``schedule`` recomputes ``deadline_at`` and the next
escalation moment, so the scan reads only the cases whose moment has come.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from edugov.engines.workdays import Calendar, DeadlineRule, UnknownYear

from .declarations import CaseType, Rung


@functools.lru_cache(maxsize=256)
def parse(text: str) -> DeadlineRule:
    """``DeadlineRule.parse``, once per text: the scan asks for each rung of each case."""
    return DeadlineRule.parse(text)


def due(rule: DeadlineRule | str | None, start: dt.datetime, calendar: Calendar):
    """``rule`` counted from ``start``; None without a rule. A year the calendar does not
    know is refused with the engine's message, never counted as if every day worked."""
    if not rule:
        return None
    if isinstance(rule, str):
        rule = parse(rule)
    try:
        # Local time: a working day ends at 23:59:59 in the bureau's time zone, not UTC's
        # (the database hands datetimes back in UTC).
        return rule.due(timezone.localtime(start), calendar)
    except UnknownYear as exc:
        raise ValidationError(str(exc)) from exc


def before(rule: DeadlineRule, deadline: dt.datetime, calendar: Calendar) -> dt.datetime:
    """The moment ``rule`` before ``deadline``: the same time of day N working days
    earlier, N days, N months or N hours earlier."""
    deadline = timezone.localtime(deadline)
    if rule.unit == "hour":
        return deadline - dt.timedelta(hours=rule.amount)
    if rule.unit == "day":
        return deadline - dt.timedelta(days=rule.amount)
    if rule.unit == "month":
        return deadline - relativedelta(months=rule.amount)
    day, left = deadline.date(), rule.amount
    while left > 0:
        day -= dt.timedelta(days=1)
        if calendar.is_workday(day):
            left -= 1
    return deadline.replace(year=day.year, month=day.month, day=day.day)


def rung_at(rung: Rung, deadline: dt.datetime, calendar: Calendar) -> dt.datetime:
    """When ``rung`` is reached for ``deadline``."""
    if rung.before:
        return before(parse(rung.before), deadline, calendar)
    return parse(rung.after).due(timezone.localtime(deadline), calendar)


def next_rung_at(
    case_type: CaseType, deadline: dt.datetime | None, level: int, calendar: Calendar
) -> dt.datetime | None:
    """The moment the next level above ``level`` falls due (None: the ladder is done)."""
    if deadline is None:
        return None
    moments = [rung_at(r, deadline, calendar) for r in case_type.escalation if r.level > level]
    return min(moments) if moments else None


def binding(case: Any) -> dt.datetime | None:
    """The deadline that applies now: none for an ended case; the overall one until the
    case is closed (办结), and the state's own, whichever is earlier."""
    if not case.is_open:
        return None
    candidates = [case.state_due_at]
    if case.closed_at is None:
        candidates.append(case.due_at)
    present = [c for c in candidates if c is not None]
    return min(present) if present else None


def schedule(case: Any, case_type: CaseType, calendar: Calendar) -> None:
    """Recompute ``deadline_at``; when it changed, the ladder starts again for the new
    deadline (level 0) and the next escalation moment is set."""
    new = binding(case)
    if new != case.deadline_at:
        case.deadline_at = new
        case.escalation = 0
    try:
        case.next_escalation_at = next_rung_at(case_type, new, case.escalation, calendar)
    except UnknownYear as exc:
        raise ValidationError(str(exc)) from exc
