"""Reads of casework, scoped to the user: the inbox (待办 / 已办) and the statistics.

Every read goes through ``visible_to(user, action)``: 待办 is the union of the moves the
user may make now (each move an action of ``core.scoping``), so the inbox and the case
page's buttons cannot disagree. The statistics are aggregated in SQL, in a fixed number
of queries whatever the number of cases.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from edugov.core.scoping import scope_filter

from . import registry
from .models import Case, CaseTransition, Satisfaction


def _user(user: Any) -> Any:
    if user is None:
        raise TypeError("a selector needs the user whose scope it reads")
    return user


def visible_cases(user: Any, action: str = "view") -> QuerySet[Case]:
    return Case.objects.visible_to(_user(user), action)


def todo(user: Any) -> QuerySet[Case]:
    """待办: open cases waiting for one of the user's moves (``Transition.in_todo``: the
    moves that carry the loop on, not the optional ones such as 转办 or 延期申请)."""
    _user(user)
    q = None
    for ct in registry.all_types():
        for action in ct.todo_actions():
            cond = scope_filter(Case, user, action)
            if cond is not None:
                q = cond if q is None else q | cond
    if q is None:
        return Case.objects.none()
    return Case.objects.filter(q, is_open=True)


def done(user: Any) -> QuerySet[Case]:
    """已办: cases the user has moved (and may still read)."""
    moved = CaseTransition.objects.filter(actor=_user(user)).values("case_id")
    return visible_cases(user).filter(pk__in=moved)


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _filtered(user: Any, case_type: str, year: int | None) -> QuerySet[Case]:
    cases = visible_cases(user)
    if case_type:
        cases = cases.filter(case_type=case_type)
    if year:
        cases = cases.filter(year=year)
    return cases


def case_measures(now: dt.datetime) -> dict[str, Any]:
    """The aggregates of the statistics, for ``annotate`` or ``aggregate``."""
    late = Q(is_open=True, deadline_at__lt=now)
    closed = Q(closed_at__isnull=False)
    return {
        "total": Count("pk"),
        "open": Count("pk", filter=Q(is_open=True)),
        "overdue": Count("pk", filter=late),
        "closed": Count("pk", filter=closed),
        "on_time": Count("pk", filter=closed & Q(on_time=True)),
        "rated": Count("pk", filter=~Q(satisfaction="")),
        "satisfied": Count(
            "pk",
            filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASIC]),
        ),
        "reopened": Count("pk", filter=Q(reopened__gt=0)),
        "escalated": Count("pk", filter=Q(escalation__gt=0)),
        "avg_days": Avg("working_days", filter=closed),
    }


def finish_row(row: dict[str, Any]) -> dict[str, Any]:
    row["on_time_rate"] = _rate(row["on_time"], row["closed"])
    row["satisfaction_rate"] = _rate(row["satisfied"], row["rated"])
    row["avg_days"] = round(row["avg_days"], 1) if row["avg_days"] is not None else None
    return row


def statistics_by(
    user: Any,
    *,
    now: dt.datetime,
    by: str,
    case_type: str = "",
    year: int | None = None,
    cases: QuerySet[Case] | None = None,
) -> list[dict[str, Any]]:
    """The figures of ``statistics`` grouped by any column or lookup of the case: a type's
    ``attrs`` key ("attrs__topic"), a unit above the lead unit ("lead_unit__parent__name").
    One query. ``cases`` narrows further (a module's own filter), within the user's scope."""
    qs = _filtered(user, case_type, year)
    if cases is not None:
        qs = qs.filter(pk__in=cases.values("pk"))
    return [finish_row(row) for row in qs.values(by).annotate(**case_measures(now)).order_by(by)]


def statistics(user: Any, *, now: dt.datetime, case_type: str = "", year: int | None = None):
    """按时办结率, 满意率, average working days and overdue cases, overall, by type and by
    lead unit, over the cases the user may read. Three queries.

    - 按时办结率: closed (办结) cases closed by their deadline, of all closed cases;
    - 满意率: 满意 and 基本满意 of all cases with a 回访 answer;
    - average working days: from the clock's start to 办结, on the working-day calendar;
    - overdue: open cases past their binding deadline."""
    cases = _filtered(user, case_type, year)
    measures = case_measures(now)
    finish = finish_row
    overall = finish(cases.aggregate(**measures))
    by_type = []
    for row in cases.values("case_type").annotate(**measures).order_by("case_type"):
        try:
            row["label"] = str(registry.get(row["case_type"]).label)
        except LookupError:
            row["label"] = row["case_type"]
        by_type.append(finish(row))
    by_unit = [
        finish(row)
        for row in cases.filter(lead_unit__isnull=False)
        .values("lead_unit", "lead_unit__name")
        .annotate(**measures)
        .order_by("-overdue", "lead_unit__name")
    ]
    return {"overall": overall, "by_type": by_type, "by_unit": by_unit}
