"""Selectors for the home dashboard: aggregates over what the user can see, in a
fixed number of queries whatever the number of schools."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum

from edugov.org.models import InstitutionType, Ownership, Unit, UnitKind


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
    kg = schools.filter(institution_type=InstitutionType.KINDERGARTEN).aggregate(
        total=Sum("enrolment"),
        public=Sum("enrolment", filter=Q(ownership=Ownership.PUBLIC)),
        inclusive=Sum("enrolment", filter=Q(ownership=Ownership.PUBLIC) | Q(inclusive=True)),
    )
    total_kg = kg["total"] or 0
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
        # Shares of children, not of kindergartens: the national indicator's definition.
        "kg_public_share": (kg["public"] or 0) / total_kg if total_kg else None,
        "kg_inclusive_share": (kg["inclusive"] or 0) / total_kg if total_kg else None,
    }
