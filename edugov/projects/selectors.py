"""Reads of the projects module, scoped to the user (``visible_to``), each in a fixed
number of queries however many projects or months there are."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Max, Sum

from edugov.org.models import Unit, UnitKind

from . import config
from .kpis import behind_schedule
from .models import (
    LEVEL_CODES,
    SOURCE_CODES,
    BudgetLine,
    CapacityAddition,
    EducationSpending,
    LineExecution,
    ProgressReport,
    Project,
    ProjectMilestone,
    PublicFundAllocation,
    Stage,
)

ZERO = Decimal("0.00")


def _need(user: Any, name: str) -> None:
    if user is None:
        raise TypeError(f"{name} needs a user")


def monthly_rollup(user: Any, *, projects=None) -> dict[tuple[dt.date, str], Decimal]:
    """Paid per (month, source) over the user's visible reports: one grouped query."""
    _need(user, "monthly_rollup")
    qs = ProgressReport.objects.visible_to(user, "view")
    if projects is not None:
        qs = qs.filter(project__in=projects)
    out: dict[tuple[dt.date, str], Decimal] = {}
    for row in qs.values("month").annotate(**{s: Sum(f"paid_{s}") for s in SOURCE_CODES}):
        for s in SOURCE_CODES:
            out[(row["month"], s)] = row[s] or ZERO
    return out


def districts_by_id() -> dict[int, Unit]:
    return {u.pk: u for u in Unit.objects.filter(kind__in=[UnitKind.DISTRICT, UnitKind.ZONE])}


def district_of(path: str, districts: dict[int, Unit]) -> Unit | None:
    for pk in reversed([int(p) for p in path.strip("/").split("/") if p]):
        if pk in districts:
            return districts[pk]
    return None


@dataclass
class SummaryRow:
    """One district's line of the monthly summary (or the total)."""

    district: str
    projects: int = 0
    budget: Decimal = ZERO
    paid: Decimal = ZERO
    paid_month: Decimal = ZERO
    reported: int = 0
    delayed: int = 0
    percent_sum: Decimal = ZERO
    places: int = 0
    by_source: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(SOURCE_CODES, ZERO))

    @property
    def percent(self) -> Decimal | None:
        return (
            (self.percent_sum / self.reported).quantize(Decimal("0.1")) if self.reported else None
        )

    @property
    def execution(self) -> Decimal | None:
        return (100 * self.paid / self.budget).quantize(Decimal("0.1")) if self.budget else None


@dataclass
class Summary:
    month: dt.date
    rows: list[SummaryRow]
    total: SummaryRow
    delayed: list[dict[str, Any]]


def city_summary(user: Any, *, month: dt.date, year: int | None = None) -> Summary:
    """The monthly summary the bureau sends upward: per district, the projects, budget,
    paid to date (by source), paid this month, mean percent complete, how many reported
    and how many are behind; and the list of projects behind with their reasons.
    Three grouped queries over the user's scope whatever the number of months."""
    _need(user, "city_summary")
    month = month.replace(day=1)
    projects = Project.objects.visible_to(user, "view")
    if year:
        projects = projects.filter(year=year)
    districts = districts_by_id()
    info = {
        p["pk"]: p
        for p in projects.values(
            "pk",
            "code",
            "name",
            "kind",
            "unit__path",
            "unit__name",
            *[f"budget_{s}" for s in SOURCE_CODES],
            *[f"places_{lv}" for lv in LEVEL_CODES],
        )
    }
    reports = ProgressReport.objects.filter(project_id__in=projects.values("pk"))
    paid = {
        r["project_id"]: r
        for r in reports.filter(month__lte=month)
        .values("project_id")
        .annotate(**{s: Sum(f"paid_{s}") for s in SOURCE_CODES})
    }
    this_month = {
        r["project_id"]: r
        for r in reports.filter(month=month).values(
            "project_id",
            "percent",
            "delayed",
            "delay_reason",
            *[f"paid_{s}" for s in SOURCE_CODES],
        )
    }
    rows: dict[str, SummaryRow] = {}
    total = SummaryRow(district="合计")
    delayed = []
    for pk, p in info.items():
        d = district_of(p["unit__path"], districts)
        name = d.name if d else p["unit__name"]
        row = rows.setdefault(name, SummaryRow(district=name))
        cum = paid.get(pk, {})
        now = this_month.get(pk)
        for target in (row, total):
            target.projects += 1
            target.places += sum(p[f"places_{lv}"] or 0 for lv in LEVEL_CODES)
            for s in SOURCE_CODES:
                target.budget += p[f"budget_{s}"] or ZERO
                got = cum.get(s) or ZERO
                target.paid += got
                target.by_source[s] += got
            if now:
                target.reported += 1
                target.percent_sum += now["percent"]
                target.paid_month += sum((now[f"paid_{s}"] or ZERO for s in SOURCE_CODES), ZERO)
                target.delayed += 1 if now["delayed"] else 0
        if now and now["delayed"]:
            delayed.append(
                {
                    "pk": pk,
                    "code": p["code"],
                    "name": p["name"],
                    "district": name,
                    "unit": p["unit__name"],
                    "percent": now["percent"],
                    "reason": now["delay_reason"],
                }
            )
    delayed.sort(key=lambda r: (r["district"], r["code"]))
    return Summary(month, sorted(rows.values(), key=lambda r: r.district), total, delayed)


def latest_report_month(user: Any) -> dt.date | None:
    _need(user, "latest_report_month")
    return ProgressReport.objects.visible_to(user, "view").aggregate(m=Max("month"))["m"]


# --- map and milestones ------------------------------------------------------------------------

GREEN, AMBER, RED, GREY = "green", "amber", "red", "grey"


def project_states(user: Any, *, year: int | None = None) -> list[dict[str, Any]]:
    """Each visible project with its place on the map and its colour: grey when in use,
    red with an open delay case, amber when its latest report says it is behind, green
    otherwise. Three queries."""
    _need(user, "project_states")
    qs = Project.objects.visible_to(user, "view")
    if year:
        qs = qs.filter(year=year)
    behind = set(behind_schedule(qs).values_list("pk", flat=True))
    red = set(
        ProjectMilestone.objects.filter(project__in=qs, case__is_open=True).values_list(
            "project_id", flat=True
        )
    )
    done = set(
        ProjectMilestone.objects.filter(
            project__in=qs, stage=Stage.IN_USE, actual__isnull=False
        ).values_list("project_id", flat=True)
    )
    out = []
    for p in qs.values("pk", "code", "name", "kind", "latitude", "longitude", "unit__name"):
        pk = p["pk"]
        colour = GREY if pk in done else RED if pk in red else AMBER if pk in behind else GREEN
        out.append({**p, "colour": colour})
    return out


def gantt(user: Any, *, district: Unit | None = None, year: int | None = None) -> list[dict]:
    """Per project, its seven milestones (planned and actual), for the milestone view."""
    _need(user, "gantt")
    qs = ProjectMilestone.objects.visible_to(user, "view").select_related("project")
    if district is not None:
        qs = qs.filter(project__unit__path__startswith=district.path)
    if year:
        qs = qs.filter(project__year=year)
    rows: dict[int, dict] = {}
    for m in qs.order_by("project__code"):
        row = rows.setdefault(m.project_id, {"project": m.project, "stages": {}})
        row["stages"][m.stage] = m
    for row in rows.values():
        row["cells"] = [row["stages"].get(s) for s in Stage.values]
    return list(rows.values())


def added_places_unscoped(*, scope: Unit, year: int) -> dict[str, int]:
    """Places brought into use for the school year ``year`` under ``scope``, by level:
    the capacity the registry and enrolment add to a school's (a read for a unit, not a
    user: it ignores the reader)."""
    out = dict.fromkeys(LEVEL_CODES, 0)
    for row in (
        CapacityAddition.objects.filter(unit__path__startswith=scope.path, year=year)
        .values("level")
        .annotate(n=Sum("places"))
    ):
        out[row["level"]] = row["n"]
    return out


# --- 双监控 ----------------------------------------------------------------------------------


def time_progress(month: dt.date) -> Decimal:
    """The straight line: the share of the year gone by the end of ``month``, in %."""
    return (Decimal(100) * month.month / 12).quantize(Decimal("0.01"))


def flagged(execution: Decimal, progress: Decimal, threshold: Decimal | None = None) -> bool:
    """More than ``threshold`` points behind the straight line (exactly at it: not)."""
    threshold = config.get("monitor_threshold") if threshold is None else threshold
    return progress - execution > threshold


@dataclass
class Monitor:
    line: BudgetLine
    spent: Decimal
    execution: Decimal | None
    progress: Decimal
    flag: bool
    curve: list[tuple[str, Decimal]]


def monitoring(user: Any, *, year: int, month: dt.date) -> list[Monitor]:
    """双监控 of the user's budget lines of ``year`` at the end of ``month``: spent to date
    (a project's line reads the project's payments), execution rate, the straight line,
    the flag, and the monthly cumulative curve. Three queries."""
    _need(user, "monitoring")
    lines = list(BudgetLine.objects.visible_to(user, "view").filter(year=year))
    start = dt.date(year, 1, 1)
    month = month.replace(day=1)
    per_month: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for r in (
        LineExecution.objects.filter(line__in=lines, month__gte=start, month__lte=month)
        .values("line_id", "month")
        .annotate(s=Sum("spent"))
    ):
        per_month[r["line_id"]][r["month"].month] = r["s"] or ZERO
    by_project = {ln.project_id: ln.pk for ln in lines if ln.project_id}
    for r in (
        ProgressReport.objects.filter(
            project_id__in=list(by_project), month__gte=start, month__lte=month
        )
        .values("project_id", "month")
        .annotate(**{s: Sum(f"paid_{s}") for s in SOURCE_CODES})
    ):
        paid = sum((r[s] or ZERO for s in SOURCE_CODES), ZERO)
        line = by_project[r["project_id"]]
        per_month[line][r["month"].month] = per_month[line].get(r["month"].month, ZERO) + paid
    progress = time_progress(month)
    out = []
    for ln in lines:
        running, curve = ZERO, []
        for m in range(1, month.month + 1):
            running += per_month[ln.pk].get(m, ZERO)
            rate = (100 * running / ln.amount).quantize(Decimal("0.01")) if ln.amount else ZERO
            curve.append((f"{year}-{m:02d}", rate))
        # The flag reads the exact rate: a rate rounded to 40.00% is still one fen behind.
        exact = 100 * running / ln.amount if ln.amount else None
        out.append(
            Monitor(
                ln,
                running.quantize(Decimal("0.01")),
                None if exact is None else exact.quantize(Decimal("0.01")),
                progress,
                exact is not None and flagged(exact, progress),
                curve,
            )
        )
    return out


# --- funding checks -------------------------------------------------------------------------


def allocation_checks(user: Any, *, year: int | None = None) -> list[dict[str, Any]]:
    """生均公用经费 per school against the national base and the provincial standard."""
    _need(user, "allocation_checks")
    base, standard = config.get("national_base"), config.get("provincial_standard")
    qs = PublicFundAllocation.objects.visible_to(user, "view").select_related("school")
    if year:
        qs = qs.filter(year=year)
    out = []
    for a in qs:
        need_base, need_std = a.required(base), a.required(standard)
        out.append(
            {
                "row": a,
                "per_student": (a.allocated / a.students).quantize(Decimal("0.01"))
                if a.students
                else None,
                "base": need_base,
                "standard": need_std,
                "below_base": a.allocated < need_base,
                "below_standard": a.allocated < need_std,
                "gap": max(ZERO, need_std - a.allocated),
            }
        )
    return out


def two_no_decrease(user: Any) -> list[dict[str, Any]]:
    """ "两个只增不减" per level of government and year: spending and spending per
    student each against the year before (a fall is a failure; no year before: no
    verdict)."""
    _need(user, "two_no_decrease")
    rows = list(
        EducationSpending.objects.visible_to(user, "view")
        .select_related("unit")
        .order_by("unit__path", "year")
    )
    out, previous = [], {}
    for r in rows:
        prev = previous.get(r.unit_id)
        if prev is not None and prev.year != r.year - 1:
            prev = None
        per = r.per_student
        out.append(
            {
                "row": r,
                "per_student": per,
                "spending_ok": None if prev is None else r.spending >= prev.spending,
                "per_student_ok": None
                if prev is None or per is None or prev.per_student is None
                else per >= prev.per_student,
            }
        )
        previous[r.unit_id] = r
    return out


# --- 装备达标 -------------------------------------------------------------------------------


def _stage(institution_type: str) -> str:
    return "junior" if institution_type in ("junior", "complete_secondary") else "primary"


def equipment_compliance(user: Any) -> list[dict[str, Any]]:
    """Per school in scope with assets or students: teaching-instrument value per student,
    books per student, computers per 100 students and laboratories, against the standard
    of its stage (``config.equipment_standard``). Disposed assets (their disposal
    approved) are out of every count. Two queries."""
    from django.db.models import Count, Q

    from .models import Asset

    _need(user, "equipment_compliance")
    standards = config.get("equipment_standard")
    live = Asset.objects.visible_to(user, "view").exclude(disposal__case__state="approved")
    sums = {
        r["school_id"]: r
        for r in live.values("school_id").annotate(
            value=Sum("value", filter=Q(kind="instrument")),
            books=Sum("quantity", filter=Q(kind="book")),
            computers=Sum("quantity", filter=Q(kind="computer")),
            labs=Count("pk", filter=Q(kind="lab")),
        )
    }
    out = []
    for school in Unit.objects.filter(pk__in=list(sums)).order_by("path"):
        r, std = sums[school.pk], standards[_stage(school.institution_type)]
        n = school.enrolment or 0
        row = {
            "school": school,
            "students": n,
            "value_per_student": (r["value"] or ZERO) / n if n else None,
            "books_per_student": Decimal(r["books"] or 0) / n if n else None,
            "computers_per_100": Decimal(100 * (r["computers"] or 0)) / n if n else None,
            "labs": r["labs"],
            "standard": std,
        }
        row["value_ok"] = (
            row["value_per_student"] is not None and row["value_per_student"] >= std["value"]
        )
        row["books_ok"] = (
            row["books_per_student"] is not None and row["books_per_student"] >= std["books"]
        )
        row["computers_ok"] = (
            row["computers_per_100"] is not None and row["computers_per_100"] >= std["computers"]
        )
        row["labs_ok"] = row["labs"] >= std["labs"]
        for key in ("value_per_student", "books_per_student", "computers_per_100"):
            if row[key] is not None:
                row[key] = row[key].quantize(Decimal("0.01"))
        out.append(row)
    return out
