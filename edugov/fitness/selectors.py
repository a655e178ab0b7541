"""Reads of the results: the user's rows, and the figures over a unit for the work plan.

``level_counts_unscoped`` ignores the user on purpose: a KPI is the plan's figure for a
unit (the city, a district, a school), shown to whoever may read the plan; a district
sees counts, never students, through it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from .models import FitnessResult, Level


def results_visible(user: Any) -> QuerySet[FitnessResult]:
    if user is None:
        raise TypeError("results_visible needs the user; use the _unscoped reads for a unit")
    return FitnessResult.objects.visible_to(user, "view")


def level_counts_unscoped(*, year: int, scope) -> dict[int, int]:
    """Students per level (``Level``) for the school year starting in ``year``, over the
    schools under ``scope``: one grouped query."""
    rows = (
        FitnessResult.objects.filter(school_year=year, school__path__startswith=scope.path)
        .order_by()
        .values_list("level")
        .annotate(n=Count("pk"))
    )
    return {Level(level): n for level, n in rows}


def latest_year_unscoped(*, scope) -> int | None:
    return (
        FitnessResult.objects.filter(school__path__startswith=scope.path)
        .order_by("-school_year")
        .values_list("school_year", flat=True)
        .first()
    )
