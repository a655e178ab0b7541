"""The work plan's part of the home page (``core.cockpit``): the active plan's targets
with their computed values, lagging and overdue tasks by department and district, open
and escalated 督办单, the inbox of a task's owner, a school's own tasks, and the alerts
(overdue 督办单, reports to review, 督办单 to answer).

Everything is read through ``visible_to(user, action)``; the status of every task comes
from ``selectors.gather`` / ``rows_at`` in a fixed number of queries, the same status the
plan's dashboard shows.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core import clock
from edugov.core.cockpit import Alert, register_alert_source, register_panel
from edugov.core.scoping import may

from .casetypes import DUBAN
from .models import (
    DubanCase,
    Plan,
    PlanStatus,
    ProgressReport,
    ReportStatus,
    Task,
)
from .selectors import gather, rows_at, visible_tasks
from .services.notices import escalation_label
from .status import Status

LATE = (Status.LAGGING, Status.OVERDUE)
# The plan's document and its parse are large and unused here; each task row would
# carry them through its plan (93 ms for the demo's 35 tasks instead of 3 ms).
HEAVY_PLAN_FIELDS = ("source_text", "parsed")


def active_plan(user: Any) -> Plan | None:
    """The newest confirmed plan the user can see (a district sees the city's plan
    through the tasks it leads or co-operates on)."""
    return (
        Plan.objects.visible_to(user)
        .filter(status=PlanStatus.CONFIRMED)
        .defer(*HEAVY_PLAN_FIELDS)
        .order_by("-year", "-pk")
        .first()
    )


def _today(plan: Plan):
    today = clock.today()
    return min(today, plan.status_date) if plan.status_date else today


def _district_of(unit, names: dict[int, str]) -> str:
    # The materialised path is /city/district/school/: the district is its second id.
    ids = [int(i) for i in unit.path.strip("/").split("/")]
    return names.get(ids[1], "") if len(ids) > 1 else unit.name


def plan_panel(user: Any) -> dict[str, Any] | None:
    """Targets, lagging and overdue tasks by department and district, for a leader."""
    from edugov.org.models import Unit, UnitKind

    if not may(user, Task, "view"):
        return None
    plan = active_plan(user)
    if plan is None:
        return None
    tasks = visible_tasks(user).filter(point__area__plan=plan)
    facts = gather(list(tasks.defer(*(f"point__area__plan__{f}" for f in HEAVY_PLAN_FIELDS))))
    rows = rows_at(facts, _today(plan))
    # Each target as the gauge and the .docx state it: the KPI's figure, its comparator
    # and the verdict of ``status.kpi_verdict`` (达标 / 低于目标 / 高于目标).
    targets = [{"row": k, "task": r.task} for r in rows for k in r.kpis if k.kpi.target_id]
    late = [r for r in rows if r.status in LATE]
    district_ids = {
        int(r.task.lead_unit.path.strip("/").split("/")[1])
        for r in late
        if r.task.lead_unit.path.count("/") > 2
    }
    names = dict(Unit.objects.filter(pk__in=district_ids).values_list("pk", "name"))
    by_department: Counter = Counter()
    by_district: Counter = Counter()
    for r in late:
        unit = r.task.lead_unit
        key = (r.status == Status.OVERDUE, unit.name)
        if unit.kind == UnitKind.DEPARTMENT:
            by_department[key] += 1
        elif unit.kind != UnitKind.CITY:
            by_district[(key[0], _district_of(unit, names))] += 1
        else:
            by_department[key] += 1
    return {
        "plan": plan,
        "targets": targets,
        "late": sorted(late, key=lambda r: (r.status != Status.OVERDUE, r.task.due_date))[:10],
        "late_total": len(late),
        "by_department": _table(by_department),
        "by_district": _table(by_district),
        "notices": notice_counts(user),
    }


def _table(counter: Counter) -> list[dict[str, Any]]:
    units: dict[str, dict[str, Any]] = {}
    for (overdue, name), n in counter.items():
        row = units.setdefault(name, {"unit": name, "lagging": 0, "overdue": 0})
        row["overdue" if overdue else "lagging"] += n
    return sorted(units.values(), key=lambda d: (-d["overdue"], -d["lagging"], d["unit"]))


def notice_counts(user: Any) -> dict[str, Any]:
    """Open and escalated 督办单 the user can see, and the escalated ones to open."""
    open_ = DubanCase.objects.visible_to(user).filter(is_open=True)
    counts = open_.aggregate(open=Count("pk"), escalated=Count("pk", filter=Q(escalation__gt=0)))
    return {
        **counts,
        "escalated_list": [
            {
                "case": n,
                "url": reverse("workplan:notice_detail", args=[n.pk]),
                "level": escalation_label(n.escalation),
            }
            for n in open_.filter(escalation__gt=0).order_by("-escalation", "due_at")[:5]
        ],
    }


def inbox_panel(user: Any) -> dict[str, Any] | None:
    """The tasks the user owns and has not finished, nearest due first."""
    mine = list(
        Task.objects.visible_to(user)
        .filter(owner=user, done_on__isnull=True, closed_on__isnull=True)
        .select_related("lead_unit")
        .order_by("due_date", "pk")[:20]
    )
    return {"tasks": mine} if mine else None


def school_tasks_panel(user: Any) -> dict[str, Any] | None:
    """A school's own tasks (led or shared) with their status."""
    if not may(user, Task, "view"):
        return None
    tasks = list(
        visible_tasks(user)
        .filter(point__area__plan__status=PlanStatus.CONFIRMED)
        .defer(*(f"point__area__plan__{f}" for f in HEAVY_PLAN_FIELDS))
        .order_by("due_date", "pk")[:30]
    )
    if not tasks:
        return {"rows": []}
    return {"rows": rows_at(gather(tasks), clock.today())}


def alerts(user: Any) -> list[Alert]:
    out = []
    if may(user, DubanCase, "view"):
        # 督办单 past their response date (the casework deadline ends at 23:59:59 of it).
        overdue = (
            DubanCase.objects.visible_to(user)
            .filter(state="issued", deadline_at__lt=clock.now())
            .count()
        )
        url = reverse("workplan:notice_list") + "?state=issued"
        out.append(Alert(_("Overdue supervision notices"), overdue, url, "danger"))
        answer = (
            DubanCase.objects.visible_to(user, DUBAN.action("respond")).filter(is_open=True).count()
        )
        out.append(Alert(_("Supervision notices to answer"), answer, url))
    if may(user, ProgressReport, "review"):
        review = (
            ProgressReport.objects.visible_to(user, "review")
            .filter(status=ReportStatus.SUBMITTED)
            .count()
        )
        url = reverse("workplan:report_list") + "?status=submitted"
        out.append(Alert(_("Progress reports to review"), review, url))
    return out


def register() -> None:
    register_alert_source("workplan", alerts)
    register_panel(
        "workplan.plan",
        audiences=("leader",),
        order=10,
        template="workplan/home/plan.html",
        context=plan_panel,
    )
    register_panel(
        "workplan.inbox",
        audiences=("staff", "leader", "school"),
        order=5,
        template="workplan/home/inbox.html",
        context=inbox_panel,
    )
    register_panel(
        "workplan.school",
        audiences=("school",),
        order=10,
        template="workplan/home/school.html",
        context=school_tasks_panel,
    )
