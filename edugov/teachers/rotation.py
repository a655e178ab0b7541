"""The 交流轮岗 plan's services: the engine's input read from the registry (one query per
table, never per school), the plan generated and re-generated (what-if), and its workflow
draft → confirming → approved → published, each move asked through ``can``.

Publishing records the moves: each teacher's school changes through ``teacher_save``
(so the history keeps a ``rotation`` event and the audit log the diff)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.core import clock
from edugov.core.scoping import can
from edugov.engines import rotation as engine
from edugov.org.models import Unit, UnitKind

from .models import (
    ApprovedPost,
    EventKind,
    PlanStatus,
    RotationMove,
    RotationPlan,
    SchoolConfirmation,
    Teacher,
    TeacherStatus,
)

RETIREMENT_AGE = {"male": 60, "female": 55}


def near_retirement_years() -> int:
    """Teachers this close to retirement do not rotate (configuration)."""
    return int(getattr(settings, "EDUGOV_TEACHERS_NEAR_RETIREMENT_YEARS", 3))


@dataclass
class Inputs:
    schools: list[engine.School]
    candidates: list[engine.Candidate]
    teachers: dict[str, Teacher]
    units: dict[str, Unit]
    without_site: list[Unit]


def engine_inputs(*, district: Unit, year: int, min_years: int) -> Inputs:
    """The district's schools and teachers as the engine's data. A school without a
    recorded site cannot be placed on the map and is left out (and listed)."""
    schools = list(
        Unit.objects.filter(
            kind=UnitKind.SCHOOL, is_active=True, path__startswith=district.path
        ).select_related("teacher_site")
    )
    units = {str(u.pk): u for u in schools}
    counts = dict(
        Teacher.objects.filter(school__in=schools, status=TeacherStatus.ACTIVE)
        .values("school")
        .annotate(n=Count("pk"))
        .values_list("school", "n")
    )
    bbs = dict(
        Teacher.objects.filter(school__in=schools, status=TeacherStatus.ACTIVE)
        .exclude(backbone="")
        .values("school")
        .annotate(n=Count("pk"))
        .values_list("school", "n")
    )
    have: dict[tuple[int, str], int] = defaultdict(int)
    for school_id, subject, n in (
        Teacher.objects.filter(school__in=schools, status=TeacherStatus.ACTIVE)
        .values("school", "subject")
        .annotate(n=Count("pk"))
        .values_list("school", "subject", "n")
    ):
        have[(school_id, subject)] = n
    balance: dict[int, dict[str, int]] = defaultdict(dict)
    for school_id, subject, posts in ApprovedPost.objects.filter(
        school__in=schools, year=year
    ).values_list("school", "subject", "posts"):
        balance[school_id][subject] = posts - have[(school_id, subject)]
    sites = {u.pk: getattr(u, "teacher_site", None) for u in schools}
    placed = [u for u in schools if sites[u.pk] is not None]
    lat0 = sum(sites[u.pk].latitude for u in placed) / len(placed) if placed else 0.0
    total_students = sum(u.enrolment for u in placed) or 1
    target = 100 * sum(counts.get(u.pk, 0) for u in placed) / total_students
    out = []
    for u in placed:
        site = sites[u.pk]
        tp = 100 * counts.get(u.pk, 0) / u.enrolment if u.enrolment else math.inf
        net = sum(balance[u.pk].values())
        receives = tp < target or net > 0
        out.append(
            engine.School(
                id=str(u.pk),
                students=u.enrolment,
                teachers=counts.get(u.pk, 0),
                backbone=bbs.get(u.pk, 0),
                # An equirectangular projection: exact enough within a county.
                x=site.longitude * 111.32 * math.cos(math.radians(lat0)),
                y=site.latitude * 110.57,
                sends=not receives,
                receives=receives,
                shortage=dict(balance[u.pk]),
            )
        )
    today = clock.today()
    near = near_retirement_years()
    teachers = {
        str(t.pk): t
        for t in Teacher.objects.filter(
            school__in=placed, status=TeacherStatus.ACTIVE
        ).select_related("school")
    }
    candidates = [
        engine.Candidate(
            id=tid,
            school=str(t.school_id),
            subjects=(t.subject, *[s for s in t.other_subjects if s != t.subject]),
            backbone=bool(t.backbone),
            years=t.years_at_school(today),
            exemption=t.exemption,
            near_retirement=(today.year - t.birth_date.year)
            >= RETIREMENT_AGE.get(t.sex, 60) - near,
            max_km=t.max_commute_km,
        )
        for tid, t in teachers.items()
    ]
    return Inputs(out, candidates, teachers, units, [u for u in schools if sites[u.pk] is None])


def rules_of(plan: RotationPlan) -> engine.Rules:
    return engine.Rules(
        min_years=plan.min_years,
        quota=plan.quota_percent / 100,
        backbone_share=plan.backbone_percent / 100,
        max_km=float(plan.max_km),
    )


def plan_compute(plan: RotationPlan) -> tuple[engine.Plan, Inputs]:
    """Run the engine for the plan's parameters (nothing saved): the what-if."""
    inputs = engine_inputs(district=plan.district, year=plan.year, min_years=plan.min_years)
    return engine.plan_rotation(inputs.schools, inputs.candidates, rules_of(plan)), inputs


def _report(result: engine.Plan, inputs: Inputs) -> dict[str, Any]:
    report = result.summary()
    names = {sid: u.name for sid, u in inputs.units.items()}
    for s in report["shortfalls"]:
        s["school_name"] = names.get(s["school"], _("the district"))
    report["without_site"] = [u.name for u in inputs.without_site]
    return report


def plan_generate(*, user: Any, plan: RotationPlan) -> RotationPlan:
    """Create the draft (or re-generate it with new parameters): the engine's moves, its
    report, and a confirmation to collect from every school a move touches."""
    if plan.pk is None:
        if not can(user, plan, "add"):
            raise PermissionDenied
        plan.created_by = user
    elif plan.status != PlanStatus.DRAFT or not can(user, plan, "change"):
        raise PermissionDenied(_("Only a draft plan can be re-generated."))
    if plan.district.kind not in (UnitKind.DISTRICT, UnitKind.ZONE):
        raise ValidationError({"district": _("A rotation plan belongs to a district.")})
    plan.full_clean(exclude=["created_by"])
    result, inputs = plan_compute(plan)
    with transaction.atomic():
        created = plan.pk is None
        plan.report = _report(result, inputs)
        plan.save()
        plan.moves.all().delete()
        plan.confirmations.all().delete()
        RotationMove.objects.bulk_create(
            [
                RotationMove(
                    plan=plan,
                    teacher=inputs.teachers[m.teacher],
                    from_school=inputs.units[m.from_school],
                    to_school=inputs.units[m.to_school],
                    subject=m.subject,
                    backbone=m.backbone,
                    km=m.km,
                    fills_shortage=m.fills_shortage,
                    reason=m.reason[:300],
                )
                for m in result.moves
            ]
        )
        involved = {m.from_school for m in result.moves} | {m.to_school for m in result.moves}
        SchoolConfirmation.objects.bulk_create(
            [SchoolConfirmation(plan=plan, school=inputs.units[s]) for s in sorted(involved)]
        )
        audit_record(
            "teachers.plan_generate" if created else "teachers.plan_regenerate",
            obj=plan,
            changes={
                "moves": len(result.moves),
                "quota_percent": plan.quota_percent,
                "backbone_percent": plan.backbone_percent,
                "max_km": plan.max_km,
                "feasible": result.feasible,
            },
            actor=user,
        )
    return plan


def _move(plan: RotationPlan, user: Any, action: str, src: str, dst: str) -> None:
    if not can(user, plan, action):
        raise PermissionDenied
    if plan.status != src:
        raise ValidationError(_("The plan is not at this step."))
    plan.status = dst
    plan.save(update_fields=["status", "published_at"])
    audit_record(f"teachers.plan_{action}", obj=plan, changes={"status": [src, dst]}, actor=user)


def plan_submit(*, user: Any, plan: RotationPlan) -> RotationPlan:
    """Send the draft to the schools for confirmation."""
    if not plan.moves.exists():
        raise ValidationError(_("The plan has no moves to confirm."))
    with transaction.atomic():
        _move(plan, user, "submit", PlanStatus.DRAFT, PlanStatus.CONFIRMING)
    return plan


def confirmation_confirm(*, user: Any, confirmation: SchoolConfirmation) -> SchoolConfirmation:
    """A school confirms the plan's moves from and to it."""
    if not can(user, confirmation, "confirm"):
        raise PermissionDenied
    if confirmation.plan.status != PlanStatus.CONFIRMING:
        raise ValidationError(_("The plan is not awaiting confirmation."))
    with transaction.atomic():
        confirmation.confirmed_at = timezone.now()
        confirmation.confirmed_by = user
        confirmation.save(update_fields=["confirmed_at", "confirmed_by"])
        audit_record("teachers.plan_confirm", obj=confirmation, actor=user)
    return confirmation


def plan_approve(*, user: Any, plan: RotationPlan) -> RotationPlan:
    """The district approves once every school involved has confirmed."""
    waiting = plan.confirmations.filter(confirmed_at__isnull=True).count()
    if plan.status == PlanStatus.CONFIRMING and waiting:
        raise ValidationError(_("%(n)s schools have not confirmed the plan yet.") % {"n": waiting})
    with transaction.atomic():
        _move(plan, user, "approve", PlanStatus.CONFIRMING, PlanStatus.APPROVED)
    return plan


def plan_publish(*, user: Any, plan: RotationPlan) -> RotationPlan:
    """Publish and record the moves: each teacher's school changes (audited, with a
    ``rotation`` history event)."""
    from .services import teacher_save

    with transaction.atomic():
        plan.published_at = timezone.now()
        _move(plan, user, "publish", PlanStatus.APPROVED, PlanStatus.PUBLISHED)
        today = clock.today()
        for move in plan.moves.select_related("teacher", "from_school", "to_school"):
            teacher = move.teacher
            if teacher.school_id != move.from_school_id:
                raise ValidationError(
                    _("A teacher of the plan has changed school since; re-generate the plan.")
                )
            teacher.school = move.to_school
            teacher.joined_school_on = today
            teacher_save(teacher=teacher, on=today, move_kind=EventKind.ROTATION, note=str(plan))
    return plan
