"""Figures across enrolment years: the catchments oversubscribed year on year, and the
projected grade-1 intake the registry's class- and school-size dashboard shows.

Both read over the reader's scope (``visible_to(user, "view")`` on applications and
plans), in a fixed number of queries whatever the number of catchments and schools
(pinned by tests/test_trends.py).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Min
from django.db.models.functions import Coalesce

from .models import Application, Catchment, SchoolPlan, Stage, Status


def oversubscribed(user: Any, *, year: int) -> list[dict[str, Any]]:
    """The catchments oversubscribed in ``year`` or the year before, the same catchment
    being the same district and name (each year has its own versions). A catchment is
    oversubscribed when its active applications (not refused) outnumber the seats its
    schools' plans offer for the stage; one with no seats is not judged. Rows are
    flagged ``both`` when oversubscribed in the two years, those first.

    Four queries: the catchments' schools, the plans, the applications, the districts'
    names."""
    from edugov.org.models import Unit

    years = (year - 1, year)
    links = Catchment.schools.through.objects.filter(catchment__year__in=years).values_list(
        "catchment__district_id", "catchment__name", "catchment__year", "unit_id"
    )
    schools: dict[tuple[int, str, int], set[int]] = {}
    for district, name, y, unit in links:
        schools.setdefault((district, name, y), set()).add(unit)
    seats: dict[tuple[int, int, str], int] = {}
    for school, y, stage, n in (
        SchoolPlan.objects.visible_to(user, "view")
        .filter(year__in=years)
        .values_list("school_id", "year", "stage", "seats")
    ):
        seats[(school, y, stage)] = seats.get((school, y, stage), 0) + n
    applied = (
        Application.objects.visible_to(user, "view")
        .filter(year__in=years, catchment__isnull=False)
        .exclude(status=Status.REFUSED)
        .values("catchment__district_id", "catchment__name", "year", "stage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    figures: dict[tuple[int, str, str], dict[int, dict[str, int]]] = {}
    for a in applied:
        key = (a["catchment__district_id"], a["catchment__name"], a["stage"])
        units = schools.get((key[0], key[1], a["year"]), set())
        offered = sum(seats.get((u, a["year"], a["stage"]), 0) for u in units)
        figures.setdefault(key, {})[a["year"]] = {"applications": a["n"], "seats": offered}
    names = dict(Unit.objects.filter(pk__in={k[0] for k in figures}).values_list("pk", "name"))
    labels = dict(Stage.choices)
    rows = []
    for (district, name, stage), by_year in figures.items():
        over = {y: bool(f["seats"]) and f["applications"] > f["seats"] for y, f in by_year.items()}
        if not any(over.values()):
            continue
        empty = {"applications": 0, "seats": 0}
        rows.append(
            {
                "district": names.get(district, ""),
                "catchment": name,
                "stage": labels.get(stage, stage),
                "previous": by_year.get(years[0], empty),
                "current": by_year.get(years[1], empty),
                "over_previous": over.get(years[0], False),
                "over_current": over.get(years[1], False),
                "both": over.get(years[0], False) and over.get(years[1], False),
            }
        )
    rows.sort(key=lambda r: (not r["both"], r["district"], r["catchment"], r["stage"]))
    return rows


def projected_intake(user: Any, unit: Any, *, after: int) -> dict[str, Any] | None:
    """The grade-1 (and junior grade-1) intake placed for the first enrolment year after
    ``after`` that has plans under ``unit`` in the reader's scope: per school and stage,
    the plan's seats, the children placed there (a 统筹 child where they land) and those
    not yet placed. None when there is no such year. Registered with the registry's
    dashboard (``registry.intake``), which reads it and writes nothing.

    Three queries: the year, the plans, the placements."""
    plans = SchoolPlan.objects.visible_to(user, "view").filter(
        school__path__startswith=unit.path, year__gt=after
    )
    year = plans.aggregate(y=Min("year"))["y"]
    if year is None:
        return None
    rows: dict[tuple[int, str], dict[str, Any]] = {}
    for p in plans.filter(year=year).select_related("school").order_by("school__code", "stage"):
        rows[(p.school_id, p.stage)] = {
            "school": p.school.name,
            "school_code": p.school.code,
            "stage": p.stage,
            "seats": p.seats,
            "placed": 0,
            "waiting": 0,
        }
    counts = (
        Application.objects.visible_to(user, "view")
        .filter(year=year)
        .exclude(status=Status.REFUSED)
        .values("stage", "status")
        .annotate(school=Coalesce("placed_school_id", "school_id"), n=Count("pk"))
        .order_by()
    )
    for c in counts:
        row = rows.get((c["school"], c["stage"]))
        if row is None:
            continue
        row["placed" if c["status"] == Status.PLACED else "waiting"] += c["n"]
    return {"year": year, "schools": list(rows.values())}
