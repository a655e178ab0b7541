"""The working-day calendar casework counts with: the national calendar of the engine
(``engines.workdays``: statutory holidays and their make-up days) plus the city's own
announcements (``CalendarAdjustment``), and the years the city has declared entered in full
(``CalendarYear``) while the package lacks them.

``current_calendar()`` builds it once and keeps it until an adjustment changes: each call
costs one aggregate query (counts and newest changes), and inside a request or an ``acting``
block not even that after the first. A service that computes several deadlines asks once.
"""

from __future__ import annotations

import threading

from django.db.models import Count, Max, Value

from edugov.core import context
from edugov.engines.workdays import Calendar

from .models import AdjustmentKind, CalendarAdjustment, CalendarYear

_lock = threading.Lock()
_built: tuple[object, Calendar] | None = None
_CONTEXT_KEY = "casework.calendar"


def _stamp() -> tuple[object, ...]:
    """Count and newest change of both tables, in one query (a UNION of two groups)."""

    def group(model, kind: int):
        return (
            model.objects.order_by()
            .annotate(k=Value(kind))
            .values("k")
            .annotate(n=Count("pk"), last=Max("updated_at"))
            .values_list("k", "n", "last")
        )

    return tuple(sorted(group(CalendarAdjustment, 0).union(group(CalendarYear, 1), all=True)))


def _build() -> Calendar:
    rows = CalendarAdjustment.objects.values_list("date", "kind")
    holidays = sorted(d for d, k in rows if k == AdjustmentKind.HOLIDAY)
    workdays = sorted(d for d, k in rows if k == AdjustmentKind.WORKDAY)
    years = CalendarYear.objects.values_list("year", flat=True)
    return Calendar(extra_holidays=holidays, extra_workdays=workdays, extra_years=years)


def current_calendar() -> Calendar:
    """The engine Calendar with the city's adjustments."""
    global _built
    cache = context.current().cache
    if cache is not None and _CONTEXT_KEY in cache:
        return cache[_CONTEXT_KEY]
    stamp = _stamp()
    with _lock:
        if _built is None or _built[0] != stamp:
            _built = (stamp, _build())
        calendar = _built[1]
    if cache is not None:
        cache[_CONTEXT_KEY] = calendar
    return calendar


def forget() -> None:
    """Drop the cached calendar (after an adjustment is saved in the same request)."""
    global _built
    cache = context.current().cache
    if cache is not None:
        cache.pop(_CONTEXT_KEY, None)
    with _lock:
        _built = None
