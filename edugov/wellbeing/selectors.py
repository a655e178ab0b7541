"""Counts by tier rolled up school → district → city, from the rows the user may read
(``TierCount.visible_to``), in one query; suppressed on the way out. Individual rows are
read through ``visible_to`` only, where the readers relation confines them."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Sum

from edugov.engines.screening import TIERS

from .models import CaseFile, Submission, TierCount
from .suppression import shown


def _need(user: Any) -> None:
    if user is None:
        raise TypeError("a selector needs the user")


def tier_rollup(user: Any, *, campaign_id: int | None = None) -> dict[str, Any]:
    """{"districts": [(name, {tier: shown})...], "city": {tier: shown}} over the user's
    visible counts. Districts in the tree's order, never by a count."""
    _need(user)
    qs = TierCount.objects.visible_to(user, "view")
    if campaign_id:
        qs = qs.filter(campaign_id=campaign_id)
    rows = qs.values("school__parent__name", "school__parent__path", "tier").annotate(
        n=Sum("count")
    )
    by_district: dict[tuple[str, str], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(TIERS, 0)
    )
    city = dict.fromkeys(TIERS, 0)
    for r in rows:
        by_district[(r["school__parent__path"], r["school__parent__name"])][r["tier"]] += (
            r["n"] or 0
        )
        city[r["tier"]] += r["n"] or 0
    return {
        "tiers": TIERS,
        "districts": [
            (name, [shown(c[t]) for t in TIERS]) for (_path, name), c in sorted(by_district.items())
        ],
        "city": [shown(city[t]) for t in TIERS],
    }


def results_for(user: Any):
    _need(user)
    return Submission.objects.visible_to(user, "view").select_related(
        "campaign", "school", "student"
    )


def cases_for(user: Any):
    _need(user)
    return CaseFile.objects.visible_to(user, "view").select_related(
        "case", "school", "student", "counselor"
    )


def hospitals_for(user: Any):
    """The hospitals a counselor may refer to: those listed in her scope, and the city's
    list, which is every school's (a hospital is no secret; its list is the bureau's)."""
    from django.db.models import Q

    from .models import Hospital

    _need(user)
    return Hospital.objects.filter(
        Q(pk__in=Hospital.objects.visible_to(user, "view").values("pk")) | Q(unit__kind="city")
    ).order_by("name")
