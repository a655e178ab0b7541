"""Reading the work plan: scoped querysets, and every task's computed status in a fixed
number of queries (tasks, co-units, reports, KPIs, KPI actuals, open notices) however
many tasks there are.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone

from edugov.casework.models import Case
from edugov.core import clock

from .casetypes import DUBAN
from .kpis import kpi_compute
from .models import (
    Area,
    Kpi,
    KpiActual,
    KpiKind,
    Plan,
    ProgressReport,
    ReportStatus,
    Task,
    WorkPoint,
    kpi_figure,
)
from .models.plan import COUNT_UNITS
from .status import (
    Cycle,
    KpiFacts,
    KpiVerdict,
    Rag,
    Rule,
    Status,
    TaskFacts,
    Verdict,
    kpi_verdict,
    roll_up,
    task_status,
)


def visible_tasks(user: Any, action: str = "view") -> QuerySet[Task]:
    return Task.objects.visible_to(user, action).select_related(
        "point__area__plan", "lead_unit", "owner"
    )


def assignable_owners(user: Any) -> QuerySet:
    """Who ``user`` may name as a task's owner, in the form and in a task import alike.

    Choosing an owner needs names, not the right to manage accounts: any active user
    inside the assigner's scope (a department assigns city-wide).
    """
    from edugov.accounts.models import User

    root = user.scope_root()
    if root is None:
        return User._base_manager.none()
    return User._base_manager.filter(is_active=True, unit__path__startswith=root.path).order_by(
        "unit__path", "username"
    )


def plan_cycle(plan: Plan) -> Cycle:
    return Cycle(plan.period_months, plan.report_deadline_day)


def plan_rule(plan: Plan) -> Rule:
    return Rule(plan.lag_points, plan.kpi_trajectory_check)


@dataclass
class KpiRow:
    """A KPI as every page and document states it: its figure, its target with the
    comparator, and ``verdict`` (``status.kpi_verdict``: 达标 / 低于目标 / 高于目标)."""

    kpi: Kpi
    actual: Decimal | None
    verdict: KpiVerdict | None = None

    @property
    def actual_text(self) -> str:
        return kpi_figure(self.actual, self.kpi.unit)

    @property
    def target_text(self) -> str:
        """ "≥22所": the comparator as the KPI states it, the target as a figure."""
        return f"{self.kpi.comparator}{kpi_figure(self.kpi.target_value, self.kpi.unit)}"


@dataclass
class TaskRow:
    """A task with everything its pages show: status, percent, last report, KPIs."""

    task: Task
    verdict: Verdict
    percent: int | None
    last_text: str = ""
    kpis: list[KpiRow] = field(default_factory=list)
    open_notices: int = 0
    unit_ids: set[int] = field(default_factory=set)

    @property
    def status(self) -> Status:
        return self.verdict.status


@dataclass
class Facts:
    """Everything fetched for a set of tasks, so status can be computed at any date."""

    tasks: list[Task]
    reports: dict[int, list[dict]]
    kpis: dict[int, list[Kpi]]
    actuals: dict[int, list[dict]]
    computed: dict[int, Decimal | None]
    open_notices: Counter
    co_units: dict[int, set[int]]


def gather(tasks: list[Task], *, reader: Any = None) -> Facts:
    """Fetch reports, KPIs, actuals, notices and co-units for ``tasks``: six queries.

    Status and percent count every unit's report: they are the task's own figures, shown
    on its page to whoever sees the task. A report's text is the reporting unit's words
    and reaches ``reader`` only if ``reader`` may open that report (finding L2: a
    co-operating district's ledger held another district's report texts). Without a
    reader (status only) no text is kept at all.
    """
    ids = [t.pk for t in tasks]
    readable = (
        set(
            ProgressReport.objects.visible_to(reader, "view")
            .filter(task_id__in=ids)
            .values_list("pk", flat=True)
        )
        if reader is not None
        else set()
    )
    # Without a reader no text is kept, so none is fetched (the texts are most of the
    # rows' size: the home page reads status only).
    fields = ["pk", "task_id", "unit_id", "period_start", "percent", "submitted_at"]
    reports: dict[int, list[dict]] = defaultdict(list)
    for r in (
        ProgressReport.objects.filter(task_id__in=ids)
        .exclude(status=ReportStatus.RETURNED)
        .order_by("period_start", "submitted_at")
        .values(*fields, *(["text"] if reader is not None else []))
    ):
        if r["pk"] not in readable:
            r["text"] = ""
        reports[r["task_id"]].append(r)
    kpis: dict[int, list[Kpi]] = defaultdict(list)
    for k in Kpi.objects.filter(task_id__in=ids).order_by("pk"):
        kpis[k.task_id].append(k)
    actuals: dict[int, list[dict]] = defaultdict(list)
    for a in (
        KpiActual.objects.filter(kpi__task_id__in=ids)
        .exclude(report__status=ReportStatus.RETURNED)
        .order_by("report__period_start", "report__submitted_at")
        .values("kpi_id", "value", "report__submitted_at")
    ):
        actuals[a["kpi_id"]].append(a)
    # Open 督办单: casework cases of the type ``duban`` whose subject is the task.
    open_notices = Counter(
        Case.objects.filter(
            case_type=DUBAN.code,
            subject_type=ContentType.objects.get_for_model(Task),
            subject_id__in=ids,
            is_open=True,
        ).values_list("subject_id", flat=True)
    )
    co_units: dict[int, set[int]] = defaultdict(set)
    for task_id, unit_id in Task.co_units.through.objects.filter(task_id__in=ids).values_list(
        "task_id", "unit_id"
    ):
        co_units[task_id].add(unit_id)
    computed = _computed_values(tasks, kpis)
    return Facts(tasks, reports, kpis, actuals, computed, open_notices, co_units)


def _computed_values(tasks: list[Task], kpis: dict[int, list[Kpi]]) -> dict[int, Decimal | None]:
    """Values of computed KPIs, once per (indicator, scope): a city department's task is
    measured over the city, a district's over its district."""
    out: dict[int, Decimal | None] = {}
    cache: dict[tuple[str, int, int], Decimal | None] = {}
    # A department's scope root is its parent (a query): once per lead unit, and only
    # for tasks that have a computed KPI at all.
    scopes: dict[int, Any] = {}
    by_id = {t.pk: t for t in tasks}
    for task_id, items in kpis.items():
        task = by_id[task_id]
        for k in items:
            if k.kind != KpiKind.COMPUTED:
                continue
            if task.lead_unit_id not in scopes:
                scopes[task.lead_unit_id] = task.lead_unit.scope_root()
            scope = scopes[task.lead_unit_id]
            key = (k.source_code, task.point.area.plan.year, scope.pk)
            if key not in cache:
                cache[key] = kpi_compute(k.source_code, year=key[1], scope=scope)
            out[k.pk] = cache[key]
    return out


def _percent(task: Task, reports: list[dict]) -> tuple[int | None, str]:
    """The lead unit's latest percent if it reported; else the mean of each unit's latest."""
    latest: dict[int, dict] = {}
    for r in reports:
        latest[r["unit_id"]] = r
    if not latest:
        return None, ""
    if task.lead_unit_id in latest:
        r = latest[task.lead_unit_id]
        return r["percent"], r["text"]
    newest = max(latest.values(), key=lambda r: (r["period_start"], r["submitted_at"]))
    return round(sum(r["percent"] for r in latest.values()) / len(latest)), newest["text"]


def rows_at(facts: Facts, today: dt.date, as_of: dt.datetime | None = None) -> list[TaskRow]:
    """Each task's status on ``today``, counting only what was submitted by ``as_of``."""
    out = []
    for task in facts.tasks:
        plan = task.point.area.plan
        day = min(today, plan.status_date) if plan.status_date else today
        reports = [
            r for r in facts.reports.get(task.pk, []) if as_of is None or r["submitted_at"] <= as_of
        ]
        percent, text = _percent(task, reports)
        kpi_rows = []
        kpi_facts = []
        for k in facts.kpis.get(task.pk, []):
            if k.kind == KpiKind.COMPUTED:
                actual = facts.computed.get(k.pk)
            else:
                values = [
                    a["value"]
                    for a in facts.actuals.get(k.pk, [])
                    if as_of is None or a["report__submitted_at"] <= as_of
                ]
                actual = values[-1] if values else None
            kf = KpiFacts(
                k.comparator,
                k.baseline,
                k.target_value,
                task.start_date,
                k.target_date or task.due_date,
                actual,
                whole=k.unit in COUNT_UNITS,
            )
            kpi_facts.append(kf)
            kpi_rows.append(KpiRow(k, actual, kpi_verdict(kf, day)))
        verdict = task_status(
            TaskFacts(
                start=task.start_date,
                due=task.due_date,
                done=bool(task.done_on and task.done_on <= day),
                closed=bool(task.closed_on and task.closed_on <= day),
                percent=percent,
                reported_periods={r["period_start"] for r in reports},
                kpis=kpi_facts,
            ),
            today=day,
            rule=plan_rule(plan),
            cycle=plan_cycle(plan),
        )
        out.append(
            TaskRow(
                task,
                verdict,
                percent,
                text,
                kpi_rows,
                facts.open_notices.get(task.pk, 0),
                {task.lead_unit_id, *facts.co_units.get(task.pk, set())},
            )
        )
    return out


def task_rows(
    tasks: QuerySet[Task] | list[Task], today: dt.date | None = None, *, reader: Any = None
) -> list[TaskRow]:
    """Each task's row as ``reader`` may see it (see ``gather``)."""
    today = today or clock.today()
    return rows_at(gather(list(tasks), reader=reader), today)


def task_row(task: Task, today: dt.date | None = None, *, reader: Any = None) -> TaskRow:
    return task_rows([task], today, reader=reader)[0]


# Dashboards ----------------------------------------------------------------------------


@dataclass
class Node:
    """An area or a point in the drill-down, with its rolled-up status."""

    obj: Any
    rag: Rag
    counts: Counter
    children: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def status_counts(rows: list[TaskRow]) -> list[dict[str, Any]]:
    counts = Counter(r.status for r in rows)
    return [{"status": s, "label": s.label, "n": counts.get(s, 0)} for s in Status]


def plan_tree(plan: Plan, user: Any, today: dt.date) -> tuple[Node, list[TaskRow], Facts]:
    """Plan → areas → points with roll-ups, over the tasks the user can see; with the
    fetched facts, so the league table and the changes reuse them."""
    facts = gather(list(visible_tasks(user).filter(point__area__plan=plan)), reader=user)
    rows = rows_at(facts, today)
    by_point: dict[int, list[TaskRow]] = defaultdict(list)
    for r in rows:
        by_point[r.task.point_id].append(r)
    areas = list(Area.objects.visible_to(user).filter(plan=plan).order_by("number"))
    points = defaultdict(list)
    for p in WorkPoint.objects.visible_to(user).filter(area__plan=plan).order_by("number"):
        points[p.area_id].append(p)
    area_nodes = []
    for area in areas:
        point_nodes = []
        for p in points[area.pk]:
            rag, counts = roll_up(r.status for r in by_point[p.pk])
            point_nodes.append(Node(p, rag, counts, by_point[p.pk]))
        rag, counts = roll_up(r.status for n in point_nodes for r in n.children)
        area_nodes.append(Node(area, rag, counts, point_nodes))
    rag, counts = roll_up(r.status for r in rows)
    return Node(plan, rag, counts, area_nodes), rows, facts


def league_table(rows: list[TaskRow], facts: Facts, today: dt.date) -> list[dict[str, Any]]:
    """Per unit working on tasks: reports due, on time, the on-time rate, lagging count."""
    from edugov.org.models import Unit

    due: Counter = Counter()
    on_time: Counter = Counter()
    lagging: Counter = Counter()
    for row in rows:
        task = row.task
        plan = task.point.area.plan
        cycle = plan_cycle(plan)
        submitted = {(r["unit_id"], r["period_start"]): r for r in facts.reports.get(task.pk, [])}
        last = min(cycle.last_due_period(today), task.due_date)
        for unit_id in row.unit_ids:
            for period in cycle.periods(task.start_date, last):
                if cycle.deadline(period) >= today:
                    continue
                due[unit_id] += 1
                r = submitted.get((unit_id, period))
                if r and timezone.localtime(r["submitted_at"]).date() <= cycle.deadline(period):
                    on_time[unit_id] += 1
        if row.status in (Status.LAGGING, Status.OVERDUE):
            lagging[task.lead_unit_id] += 1
    names = dict(Unit.objects.filter(pk__in=set(due) | set(lagging)).values_list("pk", "name"))
    table = [
        {
            "unit": names.get(uid, ""),
            "due": due[uid],
            "on_time": on_time[uid],
            "rate": round(100 * on_time[uid] / due[uid]) if due[uid] else None,
            "lagging": lagging[uid],
        }
        for uid in set(due) | set(lagging)
    ]
    table.sort(
        key=lambda d: (-(d["rate"] if d["rate"] is not None else 101), d["lagging"], d["unit"])
    )
    return table


def changes_since(facts: Facts, today: dt.date, since: dt.date) -> list[dict[str, Any]]:
    """Tasks whose status differs between ``since`` (as then known) and ``today``."""
    as_of = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    before = {r.task.pk: r for r in rows_at(facts, since, as_of)}
    out = []
    for row in rows_at(facts, today):
        old = before[row.task.pk]
        if old.status != row.status or old.percent != row.percent:
            out.append({"row": row, "old": old.status, "old_percent": old.percent})
    out.sort(key=lambda d: (d["row"].task.point.number, d["row"].task.pk))
    return out


@dataclass
class NoticeRecord:
    """A 督办单 as the work plan shows it, read from its case and timeline."""

    case: Any
    task: Task | None
    issued_by: Any = None
    issued_on: dt.date | None = None
    response_due: dt.date | None = None
    measures: str = ""
    new_due_date: str = ""
    responded_by: Any = None
    responded_on: dt.date | None = None
    closed_by: Any = None
    closed_on: dt.date | None = None
    close_comment: str = ""


def notice_record(case: Any) -> NoticeRecord:
    """The issue, the answer and the 销号 of a 督办单 from its timeline (one query)."""
    task = Task.objects.filter(pk=case.subject_id).select_related("lead_unit").first()
    record = NoticeRecord(case=case, task=task)
    if case.attrs.get("response_due"):
        record.response_due = dt.date.fromisoformat(case.attrs["response_due"])
    for step in case.timeline.select_related("actor").order_by("at", "pk"):
        on = timezone.localtime(step.at).date()
        if step.kind == "open":
            record.issued_by, record.issued_on = step.actor, on
        elif step.move == "respond":
            record.responded_by, record.responded_on = step.actor, on
            record.measures = step.data.get("outcome", "")
            record.new_due_date = step.data.get("new_due_date", "")
        elif step.move == "close":
            record.closed_by, record.closed_on = step.actor, on
            record.close_comment = step.reason
    return record
