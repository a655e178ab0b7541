"""The enrolment statistics over a reader's scope, in a fixed number of queries whatever
the number of schools and applications (three of its own, plus the scoping's lookups of the
user's grants; pinned by tests/test_district.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from edugov.org.models import Unit, UnitKind

from .models import Application, Category, SchoolPlan, Status


def _rate(placed: int, seats: int) -> float | None:
    return round(100.0 * placed / seats, 1) if seats else None


def _ancestors(path: str) -> list[int]:
    return [int(p) for p in path.strip("/").split("/") if p]


SUMMED = ("seats", "total", "placed", "unplaced", "assigned")


def _by_district(schools: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The school rows summed per district (a city-wide reader's first table), in
    district-code order."""
    out: dict[str, dict[str, Any]] = {}
    for r in schools:
        d = out.setdefault(
            r["district_code"],
            {"name": r["district"], "code": r["district_code"], "schools": 0,
             **dict.fromkeys(SUMMED, 0), "by_category": {}},
        )  # fmt: skip
        d["schools"] += 1
        for k in SUMMED:
            d[k] += r[k]
        for cat, n in r["by_category"].items():
            d["by_category"][cat] = d["by_category"].get(cat, 0) + n
    rows = sorted(out.values(), key=lambda d: d["code"])
    for d in rows:
        d["fill_rate"] = _rate(d["placed"], d["seats"])
        d["cells"] = [d["by_category"].get(k, 0) for k in Category.values]
    return rows


def statistics(user: Any, *, year: int) -> dict[str, Any]:
    """Per school: plan seats, applications (in all and by priority category), placed
    (at that school, whichever school the child applied to), the fill rate (placed /
    seats), the children left for 统筹 (applied there, not placed) and those the
    district assigned there by hand. Per category: applications, placed, not placed.
    Scope: ``visible_to(user, "view")`` on applications and on plans."""
    apps = (
        Application.objects.visible_to(user, "view")
        .filter(year=year)
        .values("school_id", "placed_school_id", "category", "status")
        .annotate(n=Count("pk"), assigned=Count("pk", filter=Q(assigned_at__isnull=False)))
        .order_by()
    )
    plans = (
        SchoolPlan.objects.visible_to(user, "view")
        .filter(year=year)
        .values("school_id")
        .annotate(seats=Sum("seats"))
        .order_by()
    )
    by_school: dict[int, dict[str, Any]] = {}

    def row(school_id: int) -> dict[str, Any]:
        return by_school.setdefault(
            school_id,
            {"seats": 0, "total": 0, "by_category": {}, "placed": 0, "unplaced": 0,
             "assigned": 0},
        )  # fmt: skip

    for p in plans:
        row(p["school_id"])["seats"] = p["seats"] or 0
    categories = {key: {"total": 0, "placed": 0, "unplaced": 0} for key in Category.values}
    for a in apps:
        r = row(a["school_id"])
        r["total"] += a["n"]
        r["by_category"][a["category"]] = r["by_category"].get(a["category"], 0) + a["n"]
        c = categories.setdefault(a["category"], {"total": 0, "placed": 0, "unplaced": 0})
        c["total"] += a["n"]
        if a["status"] == Status.UNPLACED:
            r["unplaced"] += a["n"]
            c["unplaced"] += a["n"]
        elif a["status"] == Status.PLACED and a["placed_school_id"]:
            # Counted at the school that takes the child: with 统筹 it may be another.
            placed = row(a["placed_school_id"])
            placed["placed"] += a["n"]
            placed["assigned"] += a["assigned"]
            c["placed"] += a["n"]
    # The schools and, in the same query, the districts (a handful city-wide) that the
    # district grouping finds each school under.
    units = {
        u["pk"]: u
        for u in Unit.objects.filter(
            Q(pk__in=list(by_school)) | Q(kind__in=[UnitKind.DISTRICT, UnitKind.ZONE])
        ).values("pk", "name", "code", "path", "kind")
    }
    schools = []
    for pk, r in by_school.items():
        unit = units.get(pk, {"name": str(pk), "code": "", "path": ""})
        district = next(
            (
                units[a]
                for a in _ancestors(unit["path"])
                if a in units and units[a]["kind"] in (UnitKind.DISTRICT, UnitKind.ZONE)
            ),
            None,
        )
        r.update(
            pk=pk,
            name=unit["name"],
            code=unit["code"],
            district=district["name"] if district else "",
            district_code=district["code"] if district else "",
            fill_rate=_rate(r["placed"], r["seats"]),
        )
        schools.append(r)
    schools.sort(key=lambda r: (-r["total"], r["code"]))
    total = {
        "name": _("Total"),
        "code": "",
        "seats": sum(r["seats"] for r in schools),
        "total": sum(r["total"] for r in schools),
        "by_category": {k: v["total"] for k, v in categories.items()},
        "placed": sum(r["placed"] for r in schools),
        "unplaced": sum(r["unplaced"] for r in schools),
        "assigned": sum(r["assigned"] for r in schools),
    }
    total["fill_rate"] = _rate(total["placed"], total["seats"])
    for r in [*schools, total]:
        # In the order of the table's category columns (templates cannot index a dict).
        r["cells"] = [r["by_category"].get(k, 0) for k in Category.values]
    labels = dict(Category.choices)
    return {
        "schools": schools,
        "districts": _by_district(schools),
        "total": total,
        "categories": list(Category.choices),
        "by_category": [{"key": k, "label": labels.get(k, k), **v} for k, v in categories.items()],
    }
