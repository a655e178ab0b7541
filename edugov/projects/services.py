"""Writes of the projects module: validate, save and audit in one transaction.

A late milestone is casework's: ``delays_open`` opens one ``project_delay`` case per
milestone late by more than ``config.late_days`` (run after every report and milestone
write, and by ``manage.py projects_scan``). 投用 adds the project's places to the
capacity ledger for the next school year (``capacity_for_in_use``). Photos go through
``core.files.read_photo`` (type, first bytes, size, EXIF stripped) like safety's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record, audited_save
from edugov.casework.services import case_open
from edugov.core import clock
from edugov.core.files import read_photo
from edugov.core.scoping import can
from edugov.org.models import Unit

from . import config
from .casetypes import CODE as DELAY
from .models import (
    LEVEL_CODES,
    SOURCE_CODES,
    STAGE_ORDER,
    CapacityAddition,
    MilestonePhoto,
    ProgressReport,
    Project,
    ProjectMilestone,
    Stage,
)


def supervising_unit_for(unit: Unit) -> Unit | None:
    """The nearest unit at or above ``unit``'s parent holding the supervising power."""
    above = unit.ancestor_ids()[:-1]
    return Unit.objects.filter(pk__in=above, supervises=True).order_by("-depth").first()


def next_school_year(day: dt.date) -> int:
    """The school year (by its starting year) after a day: 投用 in August serves the
    school year starting that September; from September on, the next one."""
    return day.year if day.month < 9 else day.year + 1


# --- projects ---------------------------------------------------------------------------------


def check_order(dates: Mapping[str, dt.date | None], kind: str) -> None:
    """No milestone dated before the one preceding it (by ``kind``: planned or actual);
    the error names the later milestone's field."""
    last: tuple[str, dt.date] | None = None
    for stage in Stage.values:
        day = dates.get(stage)
        if day is None:
            continue
        if last is not None and day < last[1]:
            raise ValidationError(
                {
                    f"{kind}_{stage}": _("%(stage)s is dated before %(previous)s (%(date)s).")
                    % {
                        "stage": Stage(stage).label,
                        "previous": Stage(last[0]).label,
                        "date": last[1].isoformat(),
                    }
                }
            )
        last = (stage, day)


def project_save(
    *,
    project: Project,
    user: Any,
    planned: Mapping[str, dt.date | None] | None = None,
    audit: bool = True,
) -> Project:
    """Save a project and make sure its seven milestones exist; ``planned`` (by stage)
    sets their planned dates, refused when out of order."""
    if planned is not None:
        check_order(planned, "planned")
    with transaction.atomic():
        audited_save(project, audit=audit)
        stored = {m.stage: m for m in project.milestones.all()}
        missing = [
            ProjectMilestone(project=project, stage=s) for s in Stage.values if s not in stored
        ]
        ProjectMilestone.objects.bulk_create(missing)
        if planned is not None:
            for m in [*stored.values(), *missing]:
                if m.stage in planned and m.planned != planned[m.stage]:
                    m.planned = planned[m.stage]
                    m.save(update_fields=["planned"])
            if audit:
                audit_record(
                    "projects.milestones_plan",
                    obj=project,
                    changes={k: str(v) if v else "" for k, v in planned.items()},
                )
    return project


def milestone_save(
    *, milestone: ProjectMilestone, user: Any, today: dt.date | None = None
) -> ProjectMilestone:
    """A milestone's planned or actual date: not before the preceding milestone's, an
    actual date not in the future. Reaching 投用 adds the project's places to the next
    school year's capacity; the project's late milestones are checked afterwards."""
    today = today or clock.today()
    if not can(user, milestone, "change"):
        raise PermissionDenied
    if milestone.actual and milestone.actual > today:
        raise ValidationError({"actual": _("An actual date may not lie in the future.")})
    siblings = {m.stage: m for m in milestone.project.milestones.all() if m.pk != milestone.pk}
    siblings[milestone.stage] = milestone
    check_order({s: m.planned for s, m in siblings.items()}, "planned")
    try:
        check_order({s: m.actual for s, m in siblings.items()}, "actual")
    except ValidationError as exc:
        # The form has one "actual" field: name it, whichever stage the rule tripped on.
        raise ValidationError({"actual": exc.messages}) from None
    with transaction.atomic():
        audited_save(milestone)
        if milestone.stage == Stage.IN_USE and milestone.actual:
            capacity_for_in_use(project=milestone.project, day=milestone.actual)
        elif milestone.stage == Stage.IN_USE:
            CapacityAddition.objects.filter(project=milestone.project).delete()
        delays_open(project=milestone.project, user=user, today=today)
    return milestone


def milestone_photos_add(
    *, milestone: ProjectMilestone, user: Any, uploads: Sequence[Any]
) -> list[MilestonePhoto]:
    """Photos of a milestone, each checked and stripped of EXIF before any is kept; one
    bad photo keeps none, and the error names it."""
    if not can(user, milestone, "change"):
        raise PermissionDenied
    clean, errors = [], []
    for upload in uploads:
        try:
            clean.append(read_photo(upload))
        except ValidationError as exc:
            errors.append(f"{upload.name}: {'；'.join(exc.messages)}")
    if errors:
        raise ValidationError(errors)
    stored: list[MilestonePhoto] = []
    try:
        with transaction.atomic():
            for photo, digest in clean:
                photo.seek(0)
                data = photo.read()
                row = MilestonePhoto(
                    milestone=milestone, name=photo.name, size=len(data), sha256=digest
                )
                row.file.save(photo.name, ContentFile(data), save=False)
                row.save()
                stored.append(row)
            audit_record(
                "projects.milestone_photos",
                obj=milestone,
                changes={"photos": [p.sha256 for p in stored]},
            )
    except BaseException:
        for row in stored:
            row.file.storage.delete(row.file.name)
        raise
    return stored


def capacity_for_in_use(*, project: Project, day: dt.date) -> list[CapacityAddition]:
    """投用: the project's places by level, added to its unit's capacity for the school
    year after ``day`` (one row per level, replaced when the date or places change)."""
    year = next_school_year(day)
    CapacityAddition.objects.filter(project=project).delete()
    rows = [
        CapacityAddition(
            project=project,
            unit=project.unit,
            year=year,
            level=level,
            places=getattr(project, f"places_{level}"),
        )
        for level in LEVEL_CODES
        if getattr(project, f"places_{level}")
    ]
    CapacityAddition.objects.bulk_create(rows)
    audit_record(
        "projects.capacity_add",
        obj=project,
        changes={"year": year, "places": {r.level: r.places for r in rows}},
    )
    return rows


# --- monthly reports ------------------------------------------------------------------------


def paid_before(report: ProgressReport) -> dict[str, Decimal]:
    """What the project's other reports paid, by source (one query)."""
    qs = ProgressReport.objects.filter(project_id=report.project_id)
    if report.pk:
        qs = qs.exclude(pk=report.pk)
    sums = qs.aggregate(**{s: Sum(f"paid_{s}") for s in SOURCE_CODES})
    return {s: sums[s] or Decimal(0) for s in SOURCE_CODES}


def check_payments(report: ProgressReport, before: Mapping[str, Decimal]) -> None:
    """Cumulative payments within each source's budget; the error names the field."""
    project = report.project
    errors = {}
    for s in SOURCE_CODES:
        total = before[s] + (getattr(report, f"paid_{s}") or Decimal(0))
        budget = getattr(project, f"budget_{s}") or Decimal(0)
        if total > budget:
            errors[f"paid_{s}"] = _(
                "Paid %(total)s 元 in all, more than the budget of %(budget)s 元."
            ) % {"total": f"{total:,.2f}", "budget": f"{budget:,.2f}"}
    if errors:
        raise ValidationError(errors)


def report_save(
    *, report: ProgressReport, user: Any, audit: bool = True, today: dt.date | None = None
) -> ProgressReport:
    """File or correct a monthly report: no month in the future, payments within the
    budget by source; then the project's late milestones open their cases."""
    today = today or clock.today()
    if report.month:
        report.month = report.month.replace(day=1)
        if report.month > today:
            raise ValidationError({"month": _("A month in the future cannot be reported.")})
    check_payments(report, paid_before(report))
    if report.filed_by_id is None and getattr(user, "pk", None):
        report.filed_by = user
    with transaction.atomic():
        audited_save(report, audit=audit)
        if audit:
            delays_open(project=report.project, user=user, today=today)
    return report


# --- late milestones -------------------------------------------------------------------------


def late_milestones(
    milestones: Iterable[ProjectMilestone], today: dt.date
) -> list[ProjectMilestone]:
    """Milestones not reached more than ``late_days`` after their planned date."""
    limit = dt.timedelta(days=int(config.get("late_days")))
    return [m for m in milestones if m.actual is None and m.planned and today - m.planned > limit]


def stuck_at(milestones: Iterable[ProjectMilestone]) -> ProjectMilestone | None:
    """The first milestone not reached: a project stuck at 招标 is late on 招标, and the
    later milestones' lateness follows from it, so it alone opens a case."""
    pending = [m for m in milestones if m.actual is None]
    return min(pending, key=lambda m: m.order) if pending else None


def delays_open(*, project: Project, user: Any, today: dt.date | None = None) -> list:
    """One ``project_delay`` case per late milestone without one, 主办 the project's
    unit, 督办 the district above it. Opened as the acting user (the officer filing the
    report, or the account running the scan), on ``today``'s clock."""
    now = clock.now()
    if today is None:
        today = clock.today()
    elif today != now.date():
        # A check as of another day (a test, a replay) opens its cases on that day.
        now = dt.datetime.combine(today, dt.time(9), tzinfo=timezone.get_current_timezone())
    first = stuck_at(project.milestones.all())
    late = [m for m in late_milestones([first] if first else [], today) if m.case_id is None]
    if not late:
        return []
    district = supervising_unit_for(project.unit) if not project.unit.supervises else project.unit
    opened = []
    for m in late:
        days = (today - m.planned).days
        m.case = case_open(
            user=user,
            case_type=DELAY,
            title=_("%(project)s: %(stage)s %(days)s days late")
            % {"project": project.name, "stage": m.get_stage_display(), "days": days},
            description=_("Planned for %(date)s, not reached by %(today)s.")
            % {"date": m.planned.isoformat(), "today": today.isoformat()},
            lead_unit=project.unit,
            supervising_unit=district,
            school=project.unit if project.unit.kind == "school" else None,
            subject=m,
            subject_label=f"{project.code} {m.get_stage_display()}",
            attrs={"project": project.code, "stage": m.stage, "planned": m.planned.isoformat()},
            now=now,
        )
        m.save(update_fields=["case"])
        opened.append(m.case)
    return opened


def delays_scan(*, user: Any, today: dt.date | None = None) -> int:
    """Every project the user may change, checked for late milestones (the cron scan)."""
    today = today or clock.today()
    limit = today - dt.timedelta(days=int(config.get("late_days")))
    ids = (
        ProjectMilestone.objects.visible_to(user, "change")
        .filter(case__isnull=True, actual__isnull=True, planned__lt=limit)
        .values_list("project_id", flat=True)
        .distinct()
    )
    opened = 0
    for project in Project.objects.filter(pk__in=list(ids)).select_related("unit"):
        with transaction.atomic():
            opened += len(delays_open(project=project, user=user, today=today))
    return opened


def record_save(*, obj: models.Model, user: Any, audit: bool = True) -> models.Model:
    """The finance ledgers (budget lines, indicators, executions, allocations, spending):
    validated, saved and audited; ``ScopedFormView`` checks the result is in scope."""
    with transaction.atomic():
        return audited_save(obj, audit=audit)


__all__ = [
    "STAGE_ORDER",
    "capacity_for_in_use",
    "delays_open",
    "delays_scan",
    "milestone_photos_add",
    "milestone_save",
    "project_save",
    "record_save",
    "report_save",
]
