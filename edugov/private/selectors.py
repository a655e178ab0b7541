"""Reads of the private-school module that other pages share."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery

from edugov.casework.models import Case

from .casetypes import APPROVAL
from .models import AnnualInspection, PrivateSchool, SchoolStatus

# The only fields the public list shows (a school's public registration, not its file).
PUBLIC_FIELDS = (
    "name",
    "district",
    "institution_type",
    "licence_number",
    "licence_scope",
    "licence_valid_until",
    "year",
    "result",
)


def published_register() -> list[dict[str, Any]]:
    """The licensed private schools with their latest published 年检 result, as plain
    dicts holding ``PUBLIC_FIELDS`` only: a founder, an account, a phone cannot reach the
    page because they are never read. It takes no user: the page is public, and it reads only what is published."""
    published = AnnualInspection.objects.filter(
        school=OuterRef("school"), round__published_at__isnull=False, state="decided"
    ).order_by("-round__year")
    closed = Case.objects.filter(
        case_type=APPROVAL, state="approved", attrs__kind="closure"
    ).values("school_id")
    rows = (
        PrivateSchool.objects.filter(status=SchoolStatus.LICENSED, school__is_active=True)
        .exclude(school_id__in=closed)
        .annotate(
            year=Subquery(published.values("round__year")[:1]),
            result=Subquery(published.values("result")[:1]),
        )
        .select_related("school__parent")
        .order_by("school__path")
    )
    return [
        {
            "name": f.school.name,
            "district": f.school.parent.name if f.school.parent_id else "",
            "institution_type": f.school.get_institution_type_display(),
            "licence_number": f.licence_number,
            "licence_scope": f.licence_scope,
            "licence_valid_until": f.licence_valid_until,
            "year": f.year,
            "result": f.result or "",
        }
        for f in rows
    ]
