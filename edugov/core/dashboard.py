"""Selectors for the home dashboard: aggregates over what the user can see, in a
fixed number of queries whatever the number of schools."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Sum

from edugov.org.models import InstitutionType, Unit, UnitKind

# The home page's figure cards: KPI sources of the work plan (``workplan.kpis``), so the
# home page and a task bound to the same indicator show one number from one definition
# (approved statistics through the indicator engine), never a second count of their own.
HOME_KPIS = ("registry.public_kg_share", "registry.inclusive_coverage")


def institution_summary(user: Any) -> dict[str, Any]:
    schools = Unit.objects.visible_to(user, "view").filter(kind=UnitKind.SCHOOL, is_active=True)
    by_type = dict(
        schools.values_list("institution_type")
        .annotate(n=Count("id"))
        .values_list("institution_type", "n")
    )
    by_district = list(
        schools.values("parent__name", "parent__sort_order")
        .annotate(n=Count("id"), students=Sum("enrolment"))
        .order_by("parent__sort_order", "parent__name")
    )
    labels = dict(InstitutionType.choices)
    return {
        "schools": sum(by_type.values()),
        "students": sum(d["students"] or 0 for d in by_district),
        "by_type": [
            {"name": str(labels.get(k, k)), "value": v} for k, v in sorted(by_type.items())
        ],
        "by_district": [
            {"name": d["parent__name"], "schools": d["n"], "students": d["students"] or 0}
            for d in by_district
        ],
    }


def kpi_cards(user: Any) -> list[dict[str, Any]]:
    """Each home KPI over the user's scope, for the newest year with data.

    Computed over the scope unit, like a task's KPI over its lead unit's scope; shown
    only to a user who holds the source's permission (the figure's rows are theirs to
    read), else as "no data".
    """
    from edugov.workplan.kpis import kpi_latest, kpi_sources

    sources = kpi_sources()
    root = user.scope_root() if hasattr(user, "scope_root") else None
    cards = []
    for code in HOME_KPIS:
        source = sources.get(code)
        if source is None:
            continue
        year, value = None, None
        if root is not None and (not source.perm or user.has_perm(source.perm)):
            year, value = kpi_latest(code, scope=root)
        cards.append(
            {"code": code, "label": source.label, "unit": source.unit, "year": year, "value": value}
        )
    return cards
