"""Writes of the 双减 module: validate, save and audit in one transaction.

Loops are casework's: a complaint from the public form opens a ``training_complaint``,
a finding or a rule broken in the data opens a ``training_case`` (``casetypes``); the
moves are ``case_move``. A service that acts on a stored row asks ``can``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record, audited_save
from edugov.casework.calendar import current_calendar
from edugov.casework.models import Case
from edugov.casework.services import case_move, case_open
from edugov.core import clock, context
from edugov.core.scoping import can
from edugov.engines.training import Charge, Lesson, charge_violations, lesson_violations
from edugov.engines.workdays import UnknownYear
from edugov.org.models import Unit, UnitKind

from . import config
from .casetypes import CASE, COMPLAINT
from .models import (
    Complaint,
    ComplaintChannel,
    FieldRecord,
    Finding,
    FindingKind,
    Institution,
    LineKind,
    Programme,
    PublicHit,
    Session,
    StatementLine,
    Status,
)

logger = logging.getLogger(__name__)
INTAKE_USERNAME = "public-intake"
INTAKE_ROLE = "public_intake"


# --- the registry -----------------------------------------------------------------------


def institution_save(*, user: Any, institution: Institution, audit: bool = True) -> Institution:
    """Create or change an institution (the form, the national platform's import)."""
    if institution.pk is not None and not can(user, institution, "change"):
        raise PermissionDenied(_("You cannot change this institution."))
    if institution.district_id and institution.district.kind not in (
        UnitKind.DISTRICT,
        UnitKind.ZONE,
    ):
        raise ValidationError({"district": _("Choose a district or county.")})
    return audited_save(institution, audit=audit)


def institution_set_status(
    *, user: Any, institution: Institution, status: str, reason: str
) -> Institution:
    """正常 / 整改 / 停业 / 注销, with the reason in the audit event."""
    if status not in Status.values:
        raise ValidationError({"status": _("Choose one of the statuses.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    if not can(user, institution, "change"):
        raise PermissionDenied(_("You cannot change this institution."))
    with transaction.atomic():
        before = institution.status
        institution.status = status
        institution.save(update_fields=["status"])
        audit_record(
            "training.status",
            obj=institution,
            changes={"status": [before, status]},
            detail=reason.strip()[:500],
        )
    return institution


def staff_save(*, user: Any, staff, audit: bool = True):
    if staff.pk is not None and not can(user, staff, "change"):
        raise PermissionDenied(_("You cannot change this staff member."))
    return audited_save(staff, audit=audit)


def plan_save(*, user: Any, plan, audit: bool = True):
    if plan.pk is not None and not can(user, plan, "change"):
        raise PermissionDenied(_("You cannot change this plan."))
    if plan.ends and plan.starts and plan.ends < plan.starts:
        raise ValidationError({"ends": _("The plan ends before it starts.")})
    return audited_save(plan, audit=audit)


# --- rules checked from the data --------------------------------------------------------


def lesson_problems(sessions: Iterable[Session]) -> list[tuple[Session, list[str]]]:
    calendar = current_calendar()
    limits = config.get("time_limits")
    out = []
    for s in sessions:
        inst = s.course.institution
        lesson = Lesson(s.date, s.start, s.end, s.course.online, inst.subject)
        try:
            broken = lesson_violations(
                lesson,
                is_workday=calendar.is_workday,
                in_vacation=config.in_vacation,
                limits=limits,
            )
        except UnknownYear:
            # A year the calendar does not know yet (docs/modules/casework.md, "the 2027
            # gap"): not judged rather than judged as if every weekday were worked.
            logger.info("lesson %s on %s not checked: the calendar lacks its year", s.pk, s.date)
            continue
        if broken:
            out.append((s, broken))
    return out


def charge_problems(lines: Iterable[StatementLine]) -> list[tuple[StatementLine, list[str]]]:
    limits = config.get("prepay_limits")
    out = []
    for line in lines:
        charge = Charge(
            line.amount, line.lessons, line.covers_from, line.covers_to, line.institution.subject
        )
        broken = charge_violations(charge, limits=limits)
        if broken:
            out.append((line, broken))
    return out


def rules_check(
    *, user: Any, institution: Institution, now: dt.datetime | None = None
) -> Case | None:
    """Check the institution's lessons and charges against the rules; a violation opens
    a ``training_case`` (one open data case per institution: a second check adds none
    while the first is open). Returns the case opened, or None."""
    if not can(user, institution, "change"):
        raise PermissionDenied(_("You cannot check this institution."))
    sessions = Session.objects.filter(course__institution=institution).select_related(
        "course__institution"
    )
    charges = StatementLine.objects.filter(
        institution=institution, kind=LineKind.CHARGE
    ).select_related("institution")
    lessons = lesson_problems(sessions)
    money = charge_problems(charges)
    if not lessons and not money:
        return None
    already = Case.objects.filter(
        case_type=CASE,
        is_open=True,
        attrs__source="data",
        attrs__institution=institution.pk,
    ).exists()
    if already:
        return None
    found = [
        f"{s.date} {s.start:%H:%M}–{s.end:%H:%M} {s.course.name}: {','.join(b)}" for s, b in lessons
    ]
    found += [f"{c.serial} {c.amount} 元 {c.lessons} 课时: {','.join(b)}" for c, b in money]
    kind = FindingKind.TIMES if lessons else FindingKind.PREPAY
    return case_open(
        user=user,
        case_type=CASE,
        title=_("%(name)s: rules broken in the data") % {"name": institution.name},
        description="\n".join(found[:200]),
        unit=institution.district,
        lead_unit=institution.district,
        subject=institution,
        attrs={
            "source": "data",
            "kind": kind,
            "institution": institution.pk,
            "lessons": len(lessons),
            "charges": len(money),
        },
        now=now,
    )


# --- inspections ------------------------------------------------------------------------


def record_save(*, user: Any, record: FieldRecord, audit: bool = True) -> FieldRecord:
    """An inspection on site: of an institution (its district is the record's), or of an
    operator not in the registry (its name, in the district the user names)."""
    if record.institution_id:
        record.district = record.institution.district
        record.operator = ""
    elif not record.operator.strip():
        raise ValidationError(
            {
                "operator": _(
                    "Name the institution, or the operator found if it is not in the registry."
                )
            }
        )
    if record.complaint_id and record.institution_id != record.complaint.institution_id:
        raise ValidationError({"institution": _("The complaint is about another institution.")})
    if record.pk is not None and not can(user, record, "change"):
        raise PermissionDenied(_("You cannot change this record."))
    return audited_save(record, audit=audit)


def finding_record(
    *,
    user: Any,
    record: FieldRecord,
    kind: str,
    description: str,
    order_rectify: bool = False,
    co_units: Sequence[Unit] = (),
    joint_departments: str = "",
    now: dt.datetime | None = None,
) -> Finding:
    """A finding of an inspection: a ``training_case`` opened by the user's unit, led by
    the record's district, with the 协办 units of a joint enforcement. With
    ``order_rectify`` the case moves to 责令整改 at once and the institution's status
    to 整改, in the same transaction."""
    if kind not in FindingKind.values:
        raise ValidationError({"kind": _("Choose one of the kinds.")})
    if not description.strip():
        raise ValidationError({"description": _("Describe what was found.")})
    if not can(user, record, "change"):
        raise PermissionDenied(_("You cannot add findings to this record."))
    institution = record.institution
    if kind == FindingKind.UNLICENSED and institution is not None:
        raise ValidationError({"kind": _("This institution is in the registry.")})
    if order_rectify and institution is None:
        raise ValidationError(
            {"kind": _("An operator not in the registry is stopped, not rectified: penalise it.")}
        )
    now = now or clock.now()
    with transaction.atomic():
        case = case_open(
            user=user,
            case_type=CASE,
            title=f"【{FindingKind(kind).label}】{institution or record.operator}",
            description=description,
            lead_unit=record.district,
            co_units=list(co_units),
            subject=institution or record,
            subject_label=str(institution or record.operator),
            attrs={
                "source": "inspection",
                "kind": kind,
                "record": record.pk,
                "institution": institution.pk if institution else None,
                "joint_departments": joint_departments.strip(),
            },
            now=now,
        )
        finding = audited_save(
            Finding(record=record, kind=kind, description=description.strip(), case=case)
        )
        if order_rectify:
            case_move(user=user, case=case, transition="order_rectify", now=now)
            institution_set_status(
                user=user,
                institution=institution,
                status=Status.RECTIFY,
                reason=_("Rectification ordered: case %(number)s") % {"number": case.number},
            )
    return finding


# --- complaints -------------------------------------------------------------------------


def intake_user():
    """The system account the public form acts as: it cannot log in (no usable
    password) and its role may only open cases and complaints (accounts/roles.py,
    ``public_intake``)."""
    from edugov.accounts.models import Role, RoleAssignment

    users = get_user_model()
    user = users.objects.filter(username=INTAKE_USERNAME).first()
    if user is None:
        city = Unit.objects.filter(parent__isnull=True, kind=UnitKind.CITY).first()
        user = users(
            username=INTAKE_USERNAME,
            display_name=_("Public complaint form"),
            unit=city,
            must_change_password=False,
        )
        user.set_unusable_password()
        user.save()
        RoleAssignment.objects.create(user=user, role=Role.objects.get(code=INTAKE_ROLE))
    return user


def complaint_submit(
    *,
    institution: Institution,
    content: str,
    contact_name: str = "",
    contact_phone: str = "",
    now: dt.datetime | None = None,
) -> Complaint:
    """A parent's complaint from the public form: a ``training_complaint`` case owned by
    the institution's district (it lands in the district's 待办), and the complaint row
    with the contact encrypted."""
    content = content.strip()
    if not content:
        raise ValidationError({"content": _("Describe the problem.")})
    now = now or clock.now()
    user = intake_user()
    # The request's address and id stay on the audit events: the parent is anonymous.
    here = context.current()
    with transaction.atomic(), context.acting(user, ip=here.ip, request_id=here.request_id):
        case = case_open(
            user=user,
            case_type=COMPLAINT,
            title=f"【{institution.name}】{' '.join(content.split())[:60]}",
            description=content,
            unit=institution.district,
            subject_label=institution.name,
            attrs={"institution": institution.pk, "channel": ComplaintChannel.PUBLIC},
            now=now,
        )
        complaint = Complaint(
            district=institution.district,
            institution=institution,
            channel=ComplaintChannel.PUBLIC,
            case=case,
            content=content,
            contact_name=contact_name.strip(),
            contact_phone=contact_phone.strip(),
            received_at=now,
        )
        audited_save(complaint, event="training.complaint")
        # The case names its complaint (the case page links it, and from there the
        # district opens an inspection): the complaint's pk is known only now.
        Case.objects.filter(pk=case.pk).update(
            subject_type=ContentType.objects.get_for_model(Complaint), subject_id=complaint.pk
        )
    return complaint


def complaint_link_hotline(*, user: Any, institution: Institution, order) -> Complaint:
    """Link a 12345 order (the hotline's case) to the institution it is about: the loop
    stays the hotline's; the institution's page and counts see it."""
    if not can(user, order, "view") or not can(user, institution, "change"):
        raise PermissionDenied(_("You cannot link this order."))
    if Complaint.objects.filter(case=order.case).exists():
        raise ValidationError({"order": _("This order is already linked to an institution.")})
    complaint = Complaint(
        district=institution.district,
        institution=institution,
        channel=ComplaintChannel.HOTLINE,
        case=order.case,
        content=order.content,
        received_at=order.received_at,
    )
    return audited_save(complaint, event="training.complaint_link")


def throttle_hit(*, ip: str, now: dt.datetime | None = None) -> bool:
    """Count one request of ``ip`` in the current minute; False past the rate."""
    minute = (now or clock.now()).replace(second=0, microsecond=0)
    ip = (ip or "unknown")[:64]
    updated = PublicHit.objects.filter(ip=ip, minute=minute).update(count=F("count") + 1)
    if not updated:
        try:
            with transaction.atomic():
                PublicHit.objects.create(ip=ip, minute=minute, count=1)
        except IntegrityError:  # another worker created it first
            PublicHit.objects.filter(ip=ip, minute=minute).update(count=F("count") + 1)
    if now is None or now.second == 0:
        # Old minutes are dropped as we go, so the table stays small.
        PublicHit.objects.filter(minute__lt=minute - dt.timedelta(minutes=10)).delete()
    count = PublicHit.objects.filter(ip=ip, minute=minute).values_list("count", flat=True).first()
    return (count or 0) <= config.get("public_rate")


# --- 课后服务 ---------------------------------------------------------------------------


def programme_problems(programme: Programme) -> list[str]:
    """Where a programme falls short of "5+2" (recorded as it is, and shown)."""
    out = []
    if programme.days_per_week < config.get("afterschool_days"):
        out.append(_("fewer than %(n)s days a week") % {"n": config.get("afterschool_days")})
    if programme.minutes_per_day < config.get("afterschool_minutes"):
        out.append(_("under %(n)s minutes a day") % {"n": config.get("afterschool_minutes")})
    if programme.ends_at and programme.ends_at < config.get("afterschool_ends_after"):
        out.append(
            _("ends before %(t)s") % {"t": config.get("afterschool_ends_after").strftime("%H:%M")}
        )
    return out


def programme_save(
    *,
    user: Any,
    programme: Programme,
    providers: Iterable[Institution] | None = None,
    audit: bool = True,
) -> Programme:
    """Save a school's programme. External providers are vetted: each is an institution
    of the registry (the field offers no other) operating normally (正常)."""
    errors = {}
    if (
        programme.participants is not None
        and programme.students is not None
        and programme.participants > programme.students
    ):
        errors["participants"] = _("More students take part than the school has.")
    if programme.school_id and programme.school.kind != UnitKind.SCHOOL:
        errors["school"] = _("Choose a school.")
    providers = list(providers) if providers is not None else None
    for p in providers or ():
        if p.status != Status.NORMAL:
            errors["providers"] = _("%(name)s is not operating normally (%(status)s).") % {
                "name": p.name,
                "status": p.get_status_display(),
            }
    if errors:
        raise ValidationError(errors)
    if programme.pk is not None and not can(user, programme, "change"):
        raise PermissionDenied(_("You cannot change this programme."))
    with transaction.atomic():
        audited_save(programme, audit=audit)
        if providers is not None:
            programme.providers.set(providers)
    return programme
