"""Reads of the 双减 module, scoped to the user (``visible_to``), aggregated in a fixed
number of queries; the ``_unscoped`` reads are the public lookup and the KPIs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from edugov.engines.training import Position, reconcile
from edugov.org.models import Unit, UnitKind

from . import config
from .models import Institution, Programme, StatementLine, Status


def _need(user: Any) -> None:
    if user is None:
        raise TypeError("a selector needs the user; use the _unscoped read for a KPI")


def positions(user: Any, *, as_of: dt.date) -> list[Position]:
    """The reconciliation of every institution whose statement lines the user reads, on
    ``as_of``: the accounts' models in one query, the lines streamed in another, the
    engine in Decimal. Worst first (most flags, then the largest shortfall)."""
    _need(user)
    institutions = Institution.objects.visible_to(user, "view")
    custody = dict(institutions.values_list("pk", "custody"))
    ratios = {code: config.reserve_ratio(code) for code in config.get("reserve_ratio")}
    rows = (
        StatementLine.objects.visible_to(user, "view")
        .filter(booked_on__lte=as_of)
        .values_list("institution_id", "booked_on", "kind", "amount", "lessons", "ref")
        .iterator(chunk_size=5000)
    )
    out = reconcile(
        rows,
        as_of=as_of,
        reserve_ratio=lambda inst: ratios[custody.get(inst, "bank")],
        refund_days=config.get("refund_days"),
    )
    return sorted(out.values(), key=lambda p: (-len(p.flags), -p.shortfall))


def public_lookup_unscoped(query: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """The public lookup: licence, type, status and public penalty of the institutions
    whose name or licence number holds ``query``. Only those columns are read, so no
    staff or contact can reach the page."""
    query = query.strip()
    if len(query) < 2:
        return []
    return list(
        Institution.objects.filter(Q(name__icontains=query) | Q(licence_no=query) | Q(code=query))
        .order_by("name")
        .values(
            "code",
            "name",
            "licence_no",
            "category",
            "field",
            "status",
            "penalty",
            "address",
            "district__name",
        )[:limit]
    )


def vetted_providers(user: Any) -> QuerySet:
    """The providers a school may name: institutions of the registry operating normally."""
    _need(user)
    return Institution.objects.filter(status=Status.NORMAL)


def _schools(scope: Unit) -> QuerySet:
    return Unit.objects.filter(kind=UnitKind.SCHOOL, path__startswith=scope.path)


def afterschool_by_district(user: Any, *, year: int) -> list[dict[str, Any]]:
    """Coverage (schools offering ÷ schools) and participation (students taking part ÷
    students of the schools offering) by district, over the user's programmes: two
    grouped queries."""
    _need(user)
    programmes = (
        Programme.objects.visible_to(user, "view")
        .filter(year=year)
        .values("school__parent_id")
        .annotate(
            offering=Count("pk"),
            students=Sum("students"),
            participants=Sum("participants"),
        )
    )
    by_district = {r["school__parent_id"]: r for r in programmes}
    root = user.scope_root()
    schools = (
        Unit.objects.filter(kind=UnitKind.SCHOOL, path__startswith=root.path if root else "-")
        .values("parent_id", "parent__name")
        .annotate(n=Count("pk"))
        .order_by("parent__path")
    )
    rows = []
    for s in schools:
        p = by_district.get(s["parent_id"], {})
        students, part = p.get("students") or 0, p.get("participants") or 0
        rows.append(
            {
                "district": s["parent__name"],
                "schools": s["n"],
                "offering": p.get("offering", 0),
                "coverage": _pct(p.get("offering", 0), s["n"]),
                "students": students,
                "participants": part,
                "participation": _pct(part, students),
            }
        )
    return rows


def _pct(num: int, den: int) -> Decimal | None:
    if not den:
        return None
    return (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.1"))


def afterschool_coverage_unscoped(*, year: int, scope: Unit) -> Decimal | None:
    schools = _schools(scope).count()
    offering = Programme.objects.filter(year=year, school__path__startswith=scope.path).count()
    return _pct(offering, schools) if offering else None


def afterschool_participation_unscoped(*, year: int, scope: Unit) -> Decimal | None:
    agg = Programme.objects.filter(year=year, school__path__startswith=scope.path).aggregate(
        s=Sum("students"), p=Sum("participants")
    )
    return _pct(agg["p"] or 0, agg["s"]) if agg["s"] else None


def afterschool_latest_year_unscoped(*, scope: Unit) -> int | None:
    return (
        Programme.objects.filter(school__path__startswith=scope.path)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
