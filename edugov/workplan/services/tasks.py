"""Tasks, milestones and KPIs: creating and changing them, marking them done and closed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record, audited_save, diff, snapshot
from edugov.core.scoping import can

from ..models import Kpi, KpiKind, Milestone, Target, Task

_Row = TypeVar("_Row", Kpi, Milestone)


def _co_unit_ids(task: Task) -> list[int]:
    return sorted(task.co_units.values_list("pk", flat=True)) if task.pk else []


def task_save(
    *,
    task: Task,
    co_units: Iterable[Any] | None = None,
    targets: Iterable[Target] = (),
    before: dict[str, Any] | None = None,
    audit: bool = True,
) -> Task:
    """Create or change a task; ``targets`` of its point become KPIs (computed when the
    target is bound to an indicator, manual otherwise)."""
    created = task.pk is None
    # The old state is read only for the audit event (an import audits once, in bulk).
    if audit and not created and before is None:
        before = snapshot(Task.objects.get(pk=task.pk))
    old_co = _co_unit_ids(task) if audit else []
    task.full_clean()
    with transaction.atomic():
        task.save()
        if co_units is not None:
            task.co_units.set([u for u in co_units if u.pk != task.lead_unit_id])
        for target in targets:
            if target.point_id != task.point_id:
                raise ValidationError(_("A KPI's target must belong to the task's work point."))
            if not task.kpis.filter(target=target).exists():
                kpi_save(kpi=kpi_from_target(task, target), audit=False)
        if audit:
            changes = diff(before, snapshot(task))
            new_co = _co_unit_ids(task)
            if new_co != old_co:
                changes["co_units"] = [old_co, new_co]
            audit_record("create" if created else "update", obj=task, changes=changes)
    return task


def kpi_from_target(task: Task, target: Target) -> Kpi:
    """A KPI tracking one of the plan's targets until the task's due date.

    A computed KPI starts from the indicator's value for the year before the plan (over
    the task's scope), so its trajectory runs from where the bureau actually stood; a
    manual one starts at 0 until the owner sets a baseline."""
    from ..kpis import kpi_compute

    baseline = None
    if target.kpi_source:
        baseline = kpi_compute(
            target.kpi_source,
            year=task.point.area.plan.year - 1,
            scope=task.lead_unit.scope_root(),
        )
    return Kpi(
        baseline=baseline if baseline is not None else 0,
        task=task,
        target=target,
        name=target.subject,
        kind=KpiKind.COMPUTED if target.kpi_source else KpiKind.MANUAL,
        source_code=target.kpi_source,
        comparator=target.comparator,
        target_value=target.value,
        unit=target.unit,
        target_date=task.due_date,
    )


def kpi_save(*, kpi: Kpi, audit: bool = True) -> Kpi:
    """Create or change a KPI."""
    return audited_save(kpi, audit=audit)


def milestone_save(*, milestone: Milestone, audit: bool = True) -> Milestone:
    """Create or change a milestone."""
    return audited_save(milestone, audit=audit)


def task_complete(*, task: Task, user: Any, on: dt.date) -> Task:
    """The lead unit declares the task done (it stays open for verification)."""
    if not can(user, task, "change"):
        raise PermissionDenied
    if task.done_on:
        raise ValidationError(_("The task is already completed."))
    with transaction.atomic():
        task.done_on = on
        task.full_clean()
        task.save(update_fields=["done_on"])
        audit_record("workplan.task_complete", obj=task, changes={"done_on": [None, str(on)]})
    return task


def task_close(*, task: Task, user: Any, on: dt.date) -> Task:
    """Verify a completed task and strike it off (销号): by a supervising unit over the
    task's lead unit, never by the lead unit itself (``Task.actions``)."""
    if not can(user, task, "strike_off"):
        raise PermissionDenied(_("Only a unit with the supervising power strikes off a task."))
    if not task.done_on:
        raise ValidationError(_("Only a completed task can be closed."))
    if task.closed_on:
        raise ValidationError(_("The task is already closed."))
    with transaction.atomic():
        task.closed_on = on
        task.full_clean()
        task.save(update_fields=["closed_on"])
        audit_record("workplan.task_close", obj=task, changes={"closed_on": [None, str(on)]})
    return task
