"""Point 18's targets as computed KPIs of the work plan, from the ledger (nobody types
them): the number of projects of each kind, the places they delivered (投用), the funds
paid, and the projects behind schedule. ``year`` is the plan year the projects belong
to; ``scope`` the unit whose subtree is counted (a district's delay shows in its own
figures)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from .models import (
    LEVEL_CODES,
    SOURCE_CODES,
    ProgressReport,
    Project,
    ProjectKind,
    ProjectMilestone,
)

PERM = "projects.view_project"


def _projects(scope: Any, year: int, kind: str | None = None):
    qs = Project.objects.filter(unit__path__startswith=scope.path, year=year)
    return qs.filter(kind=kind) if kind else qs


def project_count(kind: str):
    def compute(*, year: int, scope: Any) -> Decimal | None:
        n = _projects(scope, year, kind).count()
        return Decimal(n) if n else None

    return compute


def places_delivered(kind: str):
    """Places of the kind's projects that went into use (投用 reached)."""

    def compute(*, year: int, scope: Any) -> Decimal | None:
        qs = _projects(scope, year, kind)
        if not qs.exists():
            return None
        row = qs.filter(milestones__stage="in_use", milestones__actual__isnull=False).aggregate(
            **{lv: Sum(f"places_{lv}") for lv in LEVEL_CODES}
        )
        return Decimal(sum(row[lv] or 0 for lv in LEVEL_CODES))

    return compute


def funds_paid(kind: str):
    """What the kind's projects have paid to date, all sources, in 元."""

    def compute(*, year: int, scope: Any) -> Decimal | None:
        if not _projects(scope, year, kind).exists():
            return None
        row = ProgressReport.objects.filter(
            project__unit__path__startswith=scope.path, project__year=year, project__kind=kind
        ).aggregate(**{s: Sum(f"paid_{s}") for s in SOURCE_CODES})
        return sum((row[s] or Decimal(0) for s in SOURCE_CODES), Decimal(0))

    return compute


def behind_schedule(qs):
    """``qs`` narrowed to projects behind schedule: the latest report says so, or a
    milestone's delay case is open."""
    last = ProgressReport.objects.filter(project=OuterRef("pk")).order_by("-month")
    open_case = ProjectMilestone.objects.filter(project=OuterRef("pk"), case__is_open=True)
    return qs.annotate(last_delayed=Subquery(last.values("delayed")[:1])).filter(
        Q(last_delayed=True) | Exists(open_case)
    )


def delayed(*, year: int, scope: Any) -> Decimal | None:
    qs = _projects(scope, year)
    if not qs.exists():
        return None
    return Decimal(behind_schedule(qs).count())


def latest_year(*, scope: Any) -> int | None:
    return Project.objects.filter(unit__path__startswith=scope.path).aggregate(y=Max("year"))["y"]


SOURCES = (
    (
        "projects.livelihood.count",
        _("民生实事 projects"),
        "个",
        project_count(ProjectKind.LIVELIHOOD),
        ("民生实项目", "民生实事项目"),
    ),
    (
        "projects.livelihood.places",
        _("places delivered by 民生实事 projects"),
        "个",
        places_delivered(ProjectKind.LIVELIHOOD),
        ("新增学位",),
    ),
    (
        "projects.new_build.count",
        _("新改扩建 projects"),
        "个",
        project_count(ProjectKind.NEW_BUILD),
        ("新扩建项目", "新改扩建项目"),
    ),
    (
        "projects.new_build.places",
        _("places delivered by 新改扩建 projects"),
        "个",
        places_delivered(ProjectKind.NEW_BUILD),
        ("规划建设学位",),
    ),
    (
        "projects.weak_link.count",
        _("薄弱环节改善 projects"),
        "个",
        project_count(ProjectKind.WEAK_LINK),
        ("实施项目",),
    ),
    (
        "projects.weak_link.funds",
        _("funds paid by 薄弱环节改善 projects"),
        "元",
        funds_paid(ProjectKind.WEAK_LINK),
        ("项目资金",),
    ),
    ("projects.delayed", _("projects behind schedule"), "个", delayed, ("滞后项目",)),
)


def register() -> None:
    from edugov.workplan.kpis import KpiSource, register_kpi_source

    register_assets()
    for code, label, unit, compute, subjects in SOURCES:
        register_kpi_source(
            KpiSource(
                code=code,
                label=label,
                unit=unit,
                compute=compute,
                latest_year=latest_year,
                perm=PERM,
                subjects=subjects,
            )
        )


def equipment_value_per_student(*, year: int, scope: Any) -> Decimal | None:
    """生均教学仪器设备值 from the asset ledger: teaching instruments acquired by the end of
    ``year`` and not disposed, over the students of the schools holding assets."""
    from django.db.models import Q

    from edugov.org.models import Unit

    from .models import Asset

    qs = Asset.objects.filter(
        school__path__startswith=scope.path, kind="instrument", acquired__year__lte=year
    ).exclude(disposal__case__state="approved")
    value = qs.aggregate(v=Sum("value"))["v"]
    if value is None:
        return None
    students = Unit.objects.filter(
        Q(pk__in=Asset.objects.filter(school__path__startswith=scope.path).values("school_id"))
    ).aggregate(n=Sum("enrolment"))["n"]
    if not students:
        return None
    return (value / students).quantize(Decimal("0.01"))


def _asset_year(*, scope: Any) -> int | None:
    from .models import Asset

    day = Asset.objects.filter(school__path__startswith=scope.path).aggregate(d=Max("acquired"))
    return day["d"].year if day["d"] else None


def register_assets() -> None:
    from edugov.workplan.kpis import KpiSource, register_kpi_source

    register_kpi_source(
        KpiSource(
            code="projects.equipment_value_per_student",
            label=_("teaching equipment value per student, from the asset ledger"),
            unit="元",
            compute=equipment_value_per_student,
            latest_year=_asset_year,
            perm="projects.view_asset",
            subjects=("资产台账生均教学仪器设备值",),
        )
    )
