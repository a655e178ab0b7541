"""Reads of proposals, scoped to the reader: the list and the year's summary.

The summary's 按时办结率, 满意率 and overdue counts are casework's
(``casework.selectors.statistics``, narrowed with ``where``): one definition in the
project. What only proposals have — the shares of the result classes A/B/C — is counted
here from the 答复's recorded class, over the same cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from edugov.casework.selectors import statistics
from edugov.casework.selectors import visible_cases as _visible_cases

from .casetypes import result_classes
from .models import CASE_TYPE, Proposal


def _user(user: Any) -> Any:
    if user is None:
        raise TypeError("a selector needs the user whose scope it reads")
    return user


def visible_proposals(user: Any, action: str = "view") -> QuerySet[Proposal]:
    return Proposal.objects.visible_to(_user(user), action)


def _where(year: int, kind: str) -> Q:
    types = [CASE_TYPE[kind]] if kind else list(CASE_TYPE.values())
    return Q(case_type__in=types, proposal__year=year)


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def summary(user: Any, *, year: int, now: dt.datetime, kind: str = "") -> dict[str, Any]:
    """The year's figures, overall and by 主办 department: casework's measures plus the
    answered cases by result class and each class's share of the answered. Five queries (three of them casework's), whatever the number of departments."""
    where = _where(year, kind)
    stats = statistics(_user(user), now=now, where=where)
    classes = [code for code, _label in result_classes()]
    answered = Q(closed_at__isnull=False, attrs__has_key="classification")
    measures = {"answered": Count("pk", filter=answered)}
    for code in classes:
        measures[f"class_{code}"] = Count("pk", filter=answered & Q(attrs__classification=code))
    cases = _visible_cases(user).filter(where)

    def shares(row: dict[str, Any]) -> dict[str, Any]:
        row["classes"] = [
            {
                "code": code,
                "count": row[f"class_{code}"],
                "share": _share(row[f"class_{code}"], row["answered"]),
            }
            for code in classes
        ]
        return row

    overall = {**stats["overall"], **shares(cases.aggregate(**measures))}
    by_class = {
        row["lead_unit"]: shares(row)
        for row in cases.filter(lead_unit__isnull=False).values("lead_unit").annotate(**measures)
    }
    empty = shares({"answered": 0, **{f"class_{c}": 0 for c in classes}})
    by_unit = [
        {**row, **by_class.get(row["lead_unit"], empty)}
        for row in sorted(stats["by_unit"], key=lambda r: r["lead_unit__name"])
    ]
    return {
        "year": year,
        "kind": kind,
        "classes": list(result_classes()),
        "overall": overall,
        "by_unit": by_unit,
    }
