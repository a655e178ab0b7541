"""Progress reports: submitting a period's report and reviewing it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.core.scoping import can, units_for_new

from ..models import (
    Evidence,
    Kpi,
    KpiActual,
    ProgressReport,
    ReportStatus,
    Task,
    check_evidence,
)
from ..selectors import plan_cycle


def task_units(task: Task) -> set[int]:
    """The units working on a task: its lead unit and co-operating units."""
    return {task.lead_unit_id, *task.co_units.values_list("pk", flat=True)}


def reporting_unit_for(user: Any, task: Task):
    """The unit ``user`` reports for on ``task``: their own unit if it works on the task,
    else the one working unit inside their scope (a district officer reporting for a
    school of hers). None when the user has nothing to report on this task."""
    from edugov.org.models import Unit

    units = task_units(task)
    if user.unit_id in units:
        return user.unit
    inside = units_for_new(user, ProgressReport, Unit.objects.filter(pk__in=units))
    return inside.order_by("path").first()


def report_submit(
    *,
    task: Task,
    user: Any,
    period_start: dt.date,
    text: str,
    percent: int,
    actuals: Mapping[int, Decimal] | None = None,
    files: Sequence[UploadedFile] = (),
    unit: Any = None,
    submitted_at: dt.datetime | None = None,
) -> ProgressReport:
    """Submit (or resubmit after a return) a unit's report for one period.

    The reporting unit must be the task's lead unit or one of its co-operating units, and
    lie in the user's scope; an accepted report is final.
    """
    unit = unit or reporting_unit_for(user, task)
    if unit is None or unit.pk not in task_units(task):
        raise PermissionDenied(_("Your unit does not work on this task."))
    period_start = plan_cycle(task.point.area.plan).period_start(period_start)
    report = ProgressReport.objects.filter(task=task, unit=unit, period_start=period_start).first()
    if report is not None and report.status == ReportStatus.ACCEPTED:
        raise ValidationError(_("This period's report was accepted and can no longer change."))
    created = report is None
    report = report or ProgressReport(task=task, unit=unit, period_start=period_start)
    before = {"percent": report.percent, "status": report.status} if not created else {}
    report.text, report.percent = text, percent
    report.status = ReportStatus.SUBMITTED
    report.submitted_by = user
    report.submitted_at = submitted_at or timezone.now()
    report.reviewer, report.reviewed_at = None, None
    if not can(user, report, "add" if created else "change"):
        raise PermissionDenied(_("Your unit does not work on this task."))
    report.full_clean(validate_constraints=False)
    for f in files:
        head = f.read(8)
        f.seek(0)
        check_evidence(f.name, f.size, head)
    kpis = {k.pk: k for k in Kpi.objects.filter(task=task)}
    with transaction.atomic():
        report.save()
        for kpi_id, value in (actuals or {}).items():
            if kpi_id not in kpis:
                raise ValidationError(_("That KPI does not belong to this task."))
            KpiActual.objects.update_or_create(
                report=report, kpi_id=kpi_id, defaults={"value": value}
            )
        for f in files:
            Evidence.objects.create(report=report, file=f, name=f.name[:200], size=f.size)
        audit_record(
            "workplan.report_submit",
            obj=report,
            changes={
                "percent": [before.get("percent"), percent],
                "status": [before.get("status"), ReportStatus.SUBMITTED],
                "actuals": {str(k): str(v) for k, v in (actuals or {}).items()},
                "files": [f.name for f in files],
            },
        )
    return report


def report_review(
    *, report: ProgressReport, user: Any, accept: bool, comment: str = ""
) -> ProgressReport:
    """Accept a report, or return it with a comment for the unit to resubmit."""
    if not can(user, report, "review"):
        raise PermissionDenied(_("Only the lead unit reviews this report."))
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be reviewed."))
    if not accept and not comment.strip():
        raise ValidationError(_("Say why the report is returned."))
    with transaction.atomic():
        report.status = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
        report.reviewer = user
        report.reviewed_at = timezone.now()
        report.review_comment = comment.strip()
        report.save(update_fields=["status", "reviewer", "reviewed_at", "review_comment"])
        audit_record(
            "workplan.report_review",
            obj=report,
            changes={"status": [ReportStatus.SUBMITTED, report.status], "comment": comment},
        )
    return report
