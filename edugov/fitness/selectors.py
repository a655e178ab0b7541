"""Reads of the results: the user's rows, and the figures over a unit for the work plan.

``level_counts_unscoped`` ignores the user on purpose: a KPI is the plan's figure for a
unit (the city, a district, a school), shown to whoever may read the plan; a district
sees counts, never students, through it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, FloatField, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from edugov.engines.fitness import SCORED_ITEMS
from edugov.org.models import Unit, UnitKind

from .models import ITEM_LABELS, FitnessResult, Level


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


@dataclass
class LevelRow:
    """Students per level over one group (a district, a school or a grade)."""

    label: str
    counts: dict[int, int] = field(default_factory=dict)

    @property
    def by_level(self) -> list[int]:
        """The counts in ``Level`` order (the report's columns)."""
        return [self.counts.get(level, 0) for level in Level.values]

    @property
    def tested(self) -> int:
        return sum(n for level, n in self.counts.items() if level != Level.EXEMPT)

    def share(self, *levels: int) -> Decimal | None:
        """Per cent of the tested (免测 are not in the denominator, as in the KPI)."""
        if not self.tested:
            return None
        n = sum(self.counts.get(level, 0) for level in levels)
        return (Decimal(100 * n) / self.tested).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def pass_rate(self) -> Decimal | None:
        return self.share(Level.EXCELLENT, Level.GOOD, Level.PASS)

    @property
    def good_rate(self) -> Decimal | None:
        return self.share(Level.EXCELLENT, Level.GOOD)


@dataclass
class Report:
    year: int | None
    years: list[int]
    rows: list[LevelRow]
    total: LevelRow
    trend: list[tuple[int, Decimal | None]]
    weakest: list[tuple[str, str, float]]  # (item label, grade, mean item score)


def counted(user: Any) -> QuerySet[FitnessResult]:
    """The rows the user may aggregate (``count``): the report reads them, never lists them."""
    if user is None:
        raise TypeError("counted needs the user")
    return FitnessResult.objects.visible_to(user, "count")


def report(user: Any, year: int | None = None) -> Report:
    """The report over the user's scope for one school year: levels per district (city),
    per school (district) or per grade (school); the 优良率 over the years; and each item's
    weakest grade. Four grouped queries, whatever the number of students."""
    qs = counted(user).order_by()
    by_year: dict[int, LevelRow] = {}
    for school_year, level, n in qs.values_list("school_year", "level").annotate(n=Count("pk")):
        by_year.setdefault(school_year, LevelRow(str(school_year))).counts[level] = n
    years = sorted(by_year, reverse=True)
    if year not in by_year:
        year = years[0] if years else None
    trend = [(y, by_year[y].good_rate) for y in sorted(by_year)]
    if year is None:
        return Report(None, [], [], LevelRow(""), [], [])
    this_year = qs.filter(school_year=year)
    root = user.unit.scope_root()
    groups: dict[str, LevelRow] = {}
    if root.kind == UnitKind.SCHOOL:
        for grade, level, n in this_year.values_list("grade", "level").annotate(n=Count("pk")):
            groups.setdefault(grade, LevelRow(grade_label(grade))).counts[level] = n
        rows = [groups[g] for g in sorted(groups, key=_grade_order)]
    else:
        children = {
            str(pk): name for pk, name in Unit.objects.filter(parent=root).values_list("pk", "name")
        }
        depth = len(root.ancestor_ids())
        for path, level, n in this_year.values_list("school__path", "level").annotate(
            n=Count("pk")
        ):
            child = path.strip("/").split("/")[depth]
            row = groups.setdefault(child, LevelRow(children.get(child, "")))
            row.counts[level] = row.counts.get(level, 0) + n
        rows = sorted(groups.values(), key=lambda r: r.label)
    total = by_year[year]
    means = (
        this_year.exclude(exempt=True)
        .values("grade")
        .annotate(**{item: Avg(Cast(KT(f"scores__{item}"), FloatField())) for item in SCORED_ITEMS})
    )
    weakest = []
    for item in SCORED_ITEMS:
        scored = [(m[item], m["grade"]) for m in means if m[item] is not None]
        if scored:
            mean, grade = min(scored)
            weakest.append((str(ITEM_LABELS[item]), grade_label(grade), round(mean, 1)))
    return Report(year, years, rows, total, trend, weakest)


def _grade_order(grade: str) -> tuple[int, str]:
    return (int(grade), "") if grade.isdigit() else (99, grade)


def grade_label(grade: str) -> str:
    from django.utils.translation import gettext as _

    if grade.isdigit():
        return _("grade %(n)s") % {"n": grade}
    return {"U12": _("university years 1–2"), "U34": _("university years 3–4")}.get(grade, grade)
