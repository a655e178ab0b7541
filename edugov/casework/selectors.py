"""Reads of casework, scoped to the user: the inbox (待办 / 已办) and the statistics.

Every read goes through ``visible_to(user, action)``: 待办 is the union of the moves the
user may make now (each move an action of ``core.scoping``), so the inbox and the case
page's buttons cannot disagree. The statistics are aggregated in SQL, in a fixed number
of queries whatever the number of cases.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from edugov.core.scoping import scope_filter_any
from edugov.org.models import Unit

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
    actions = [action for ct in registry.all_types() for action in ct.todo_actions()]
    q = scope_filter_any(Case, user, actions)
    if q is None:
        return Case.objects.none()
    return Case.objects.filter(q, is_open=True)


def done(user: Any) -> QuerySet[Case]:
    """已办: cases the user has moved (and may still read)."""
    moved = CaseTransition.objects.filter(actor=_user(user)).values("case_id")
    return visible_cases(user).filter(pk__in=moved)


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def measures(now: dt.datetime) -> dict[str, Any]:
    """The aggregates every figure is made of (one definition: the statistics page, the
    work plan's computed KPIs and the exports all read these)."""
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
        # Summed, not averaged, so that the overall figure is exact from the rows.
        "days": Sum("working_days", filter=closed),
        "timed": Count("working_days", filter=closed),
        "reopened": Count("pk", filter=Q(reopened__gt=0)),
        "escalated": Count("pk", filter=Q(escalation__gt=0)),
    }


def finish(row: dict[str, Any]) -> dict[str, Any]:
    """The rates from the counts: 按时办结率 and 满意率 in percent (None: nothing to rate)."""
    row["days"] = row["days"] or 0
    row["on_time_rate"] = _rate(row["on_time"], row["closed"])
    row["satisfaction_rate"] = _rate(row["satisfied"], row["rated"])
    row["avg_days"] = round(row["days"] / row["timed"], 1) if row["timed"] else None
    return row


def figures(cases: QuerySet[Case], *, now: dt.datetime) -> dict[str, Any]:
    """The figures of ``cases`` (already chosen by the caller: a reader's scope, or a
    unit's subtree for a KPI), in one query."""
    return finish(cases.order_by().aggregate(**measures(now)))


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
    qs = visible_cases(user).order_by()
    if case_type:
        qs = qs.filter(case_type=case_type)
    if year:
        qs = qs.filter(year=year)
    if cases is not None:
        qs = qs.filter(pk__in=cases.values("pk"))
    return [finish(row) for row in qs.values(by).annotate(**measures(now)).order_by(by)]


def statistics(
    user: Any,
    *,
    now: dt.datetime,
    case_type: str = "",
    year: int | None = None,
    where: Q | None = None,
):
    """按时办结率, 满意率, average working days and overdue cases, overall, by type and by
    lead unit, over the cases the user may read. Two queries: the figures by type and lead
    unit (by type, by unit and overall are sums of them), and the lead units' names.

    - 按时办结率: closed (办结) cases closed by their deadline, of all closed cases;
    - 满意率: 满意 and 基本满意 of all cases with a 回访 answer;
    - average working days: from the clock's start to 办结, on the working-day calendar;
    - overdue: open cases past their binding deadline.

    ``where`` narrows the cases further with a module's own condition (the proposals of
    one year and kind: ``Q(proposal__year=2023)``), so a module's summary reads these
    definitions rather than writing its own."""
    cases = visible_cases(user).order_by()
    if where is not None:
        cases = cases.filter(where)
    if case_type:
        cases = cases.filter(case_type=case_type)
    if year:
        cases = cases.filter(year=year)
    aggregates = measures(now)

    def add(into: dict[str, Any], row: dict[str, Any]) -> None:
        for k in aggregates:
            into[k] = into.get(k, 0) + (row[k] or 0)

    # One pass over the cases, grouped by type and lead unit (a few thousand groups):
    # the figures by type, by unit and overall are sums of the groups, exact because every
    # measure is a count or a sum. Two grouped queries read the table twice.
    overall: dict[str, Any] = dict.fromkeys(aggregates, 0)
    types: dict[str, dict[str, Any]] = {}
    units: dict[int, dict[str, Any]] = {}
    for row in cases.values("case_type", "lead_unit").annotate(**aggregates).order_by():
        add(overall, row)
        add(types.setdefault(row["case_type"], {"case_type": row["case_type"]}), row)
        if row["lead_unit"] is not None:
            add(units.setdefault(row["lead_unit"], {"lead_unit": row["lead_unit"]}), row)
    by_type = []
    for code in sorted(types):
        row = types[code]
        try:
            row["label"] = str(registry.get(code).label)
        except LookupError:
            row["label"] = code
        by_type.append(finish(row))
    by_unit = sorted(units.values(), key=lambda r: (-r["overdue"], r["lead_unit"]))
    # What the page shows: the units with overdue cases (the chart), at least the first 100.
    by_unit = [r for i, r in enumerate(by_unit) if i < 100 or r["overdue"]]
    names = dict(
        Unit.objects.filter(pk__in=[r["lead_unit"] for r in by_unit]).values_list("pk", "name")
    )
    for row in by_unit:
        row["lead_unit__name"] = names.get(row["lead_unit"], "")
        finish(row)
    return {"overall": finish(overall), "by_type": by_type, "by_unit": by_unit}
