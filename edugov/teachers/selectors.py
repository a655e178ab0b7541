"""Reads: the user's rows (``visible_to``), annotated in one query, and the figures over a
unit for the work plan's computed KPIs (``*_unscoped``: a KPI is the plan's figure for a
unit, shown to whoever may read the plan)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, Greatest

from edugov.core import clock

from .models import (
    CYCLE_HOURS,
    CYCLE_YEARS,
    ApprovedPost,
    PlanStatus,
    RotationMove,
    Teacher,
    TeacherStatus,
    TrainingRecord,
)


def _need_user(user: Any, name: str) -> None:
    if user is None:
        raise TypeError(f"{name} needs the user; use the _unscoped reads for a unit")


def teachers_visible(user: Any) -> QuerySet[Teacher]:
    _need_user(user, "teachers_visible")
    return Teacher.objects.visible_to(user, "view")


def posts_with_balance(qs: QuerySet[ApprovedPost]) -> QuerySet[ApprovedPost]:
    """Each approved post row with the teachers in post of its school and subject and the
    balance (posts − teachers: positive a shortage, negative a surplus), in one query."""
    teachers = (
        Teacher.objects.filter(
            school=OuterRef("school"), subject=OuterRef("subject"), status=TeacherStatus.ACTIVE
        )
        .order_by()
        .values("school")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(
        teachers=Coalesce(Subquery(teachers, output_field=IntegerField()), 0)
    ).annotate(balance=F("posts") - F("teachers"))


def lines_with_shortage(qs: QuerySet) -> QuerySet:
    """Recruitment lines with their district's shortage of the subject that year (the
    positive balances of its schools' approved posts, summed) and what the plan leaves
    open: one query with correlated subqueries."""
    teachers = (
        Teacher.objects.filter(
            school=OuterRef("school"), subject=OuterRef("subject"), status=TeacherStatus.ACTIVE
        )
        .order_by()
        .values("school")
        .annotate(n=Count("pk"))
        .values("n")
    )
    gaps = (
        ApprovedPost.objects.filter(
            school__path__startswith=OuterRef("district__path"),
            year=OuterRef("year"),
            subject=OuterRef("subject"),
        )
        .annotate(t=Coalesce(Subquery(teachers, output_field=IntegerField()), 0))
        .annotate(gap=Greatest(F("posts") - F("t"), 0))
        .order_by()
        .values("subject")
        .annotate(total=Sum("gap"))
        .values("total")
    )
    return qs.annotate(shortage=Coalesce(Subquery(gaps, output_field=IntegerField()), 0)).annotate(
        open=F("shortage") - F("planned")
    )


# --- 继续教育 cycles --------------------------------------------------------------------


def cycle_of(day: dt.date) -> tuple[int, int]:
    """The 5-year cycle holding ``day``: (first year, last year). Cycles start in the
    configured year (``EDUGOV_TEACHERS_CYCLE_START``, default 2021: the 十四五 cycle)."""
    start = int(getattr(settings, "EDUGOV_TEACHERS_CYCLE_START", 2021))
    first = start + (day.year - start) // CYCLE_YEARS * CYCLE_YEARS
    return first, first + CYCLE_YEARS - 1


def expected_hours(day: dt.date) -> Decimal:
    """Hours a teacher on track has by ``day``: 360 pro rata over the cycle's days."""
    first, last = cycle_of(day)
    begin, end = dt.date(first, 1, 1), dt.date(last, 12, 31)
    share = Decimal((day - begin).days + 1) / Decimal((end - begin).days + 1)
    return (CYCLE_HOURS * share).quantize(Decimal("0.1"))


def with_cycle_hours(qs: QuerySet[Teacher], day: dt.date | None = None) -> QuerySet[Teacher]:
    """Teachers annotated with their hours in the current cycle (one query)."""
    first, last = cycle_of(day or clock.today())
    hours = (
        TrainingRecord.objects.filter(teacher=OuterRef("pk"), year__gte=first, year__lte=last)
        .order_by()
        .values("teacher")
        .annotate(h=Sum("hours"))
        .values("h")
    )
    return qs.annotate(
        cycle_hours=Coalesce(
            Subquery(hours, output_field=DecimalField(max_digits=7, decimal_places=1)),
            Decimal("0"),
            output_field=DecimalField(max_digits=7, decimal_places=1),
        )
    )


def school_progress(qs: QuerySet[Teacher], day: dt.date | None = None) -> list[dict]:
    """Per school: teachers, those on track, and the mean hours (two grouped queries)."""
    day = day or clock.today()
    expected = expected_hours(day)
    rows: dict[int, dict] = {}
    annotated = with_cycle_hours(qs.filter(status=TeacherStatus.ACTIVE), day)
    for school_id, name, hours in annotated.values_list(
        "school_id", "school__name", "cycle_hours"
    ).order_by():
        r = rows.setdefault(
            school_id, {"school": name, "teachers": 0, "on_track": 0, "hours": Decimal(0)}
        )
        r["teachers"] += 1
        r["hours"] += hours
        r["on_track"] += hours >= expected
    out = []
    for r in sorted(rows.values(), key=lambda r: r["school"]):
        r["mean_hours"] = (r["hours"] / r["teachers"]).quantize(Decimal("0.1"))
        r["share"] = round(100 * r["on_track"] / r["teachers"], 1)
        out.append(r)
    return out


# --- KPIs over a unit ------------------------------------------------------------------


def _active_under(scope) -> QuerySet[Teacher]:
    return Teacher.objects.filter(school__path__startswith=scope.path, status=TeacherStatus.ACTIVE)


def rotation_counts_unscoped(*, year: int, scope) -> dict[str, int] | None:
    """The published plans for ``year`` of the districts under ``scope`` (a district or
    the city): their moves, backbone moves and eligible teachers (each plan's report).
    None for a school or where no plan is published."""
    from .models import RotationPlan

    plans = list(
        RotationPlan.objects.filter(
            year=year, status=PlanStatus.PUBLISHED, district__path__startswith=scope.path
        )
    )
    if not plans:
        return None
    agg = RotationMove.objects.filter(plan__in=plans).aggregate(
        n=Count("pk"), bb=Count("pk", filter=Q(backbone=True))
    )
    return {
        "moves": agg["n"],
        "backbone": agg["bb"],
        "eligible": sum((p.report or {}).get("eligible", 0) for p in plans),
    }


def latest_rotation_year_unscoped(*, scope) -> int | None:
    return (
        RotationMove.objects.filter(
            plan__status=PlanStatus.PUBLISHED, plan__district__path__startswith=scope.path
        )
        .order_by("-plan__year")
        .values_list("plan__year", flat=True)
        .first()
    )


def training_on_track_unscoped(*, year: int, scope) -> tuple[int, int]:
    """(teachers on track at the end of ``year`` or today if sooner, active teachers)."""
    day = min(dt.date(year, 12, 31), clock.today())
    expected = expected_hours(day)
    qs = with_cycle_hours(_active_under(scope), day)
    total = qs.count()
    return qs.filter(cycle_hours__gte=expected).count(), total


def latest_training_year_unscoped(*, scope) -> int | None:
    return (
        TrainingRecord.objects.filter(teacher__school__path__startswith=scope.path)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )


def teachers_and_students_unscoped(*, scope) -> tuple[int, int]:
    from edugov.org.models import Unit, UnitKind

    students = (
        Unit.objects.filter(
            kind=UnitKind.SCHOOL, path__startswith=scope.path, is_active=True
        ).aggregate(n=Sum("enrolment"))["n"]
        or 0
    )
    return _active_under(scope).count(), students
