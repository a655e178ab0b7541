"""Writes of the teacher registry, posts, training and 师德: each validates, saves and
audits in one transaction (``audit.services.audited_save``); a registry change the
registry overwrites (school, title, backbone level) leaves a ``TeacherEvent`` behind.
The rotation plan's workflow is in ``rotation.py``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record, audited_save, snapshot
from edugov.core import clock
from edugov.core.scoping import assert_still_visible, can

from .models import (
    ApprovedPost,
    EthicsRecord,
    EventKind,
    Graduate,
    RecruitmentLine,
    SchoolSite,
    Teacher,
    TeacherEvent,
    TrainingRecord,
)

# What the registry overwrites and the history keeps, with the event kind.
TRACKED = {"school_id": EventKind.MOVE, "title": EventKind.TITLE, "backbone": EventKind.BACKBONE}


def _label(teacher: Teacher, field: str, value: Any) -> str:
    if field == "school_id":
        from edugov.org.models import Unit

        return str(Unit.objects.filter(pk=value).values_list("name", flat=True).first() or "")
    choices = dict(type(teacher)._meta.get_field(field).flatchoices)
    return str(choices.get(value, value))


def vetoed(teacher: Teacher, year: int) -> bool:
    """A 师德 one-vote veto (一票否决) on record for ``year``."""
    return EthicsRecord.objects.filter(teacher=teacher, year=year, veto=True).exists()


def teacher_save(
    *,
    teacher: Teacher,
    user: Any = None,
    audit: bool = True,
    on: dt.date | None = None,
    move_kind: str = EventKind.MOVE,
    note: str = "",
) -> Teacher:
    """Create or update a teacher; a change of school, title or backbone level is kept
    as a history event. A title promotion in a year with a 师德 veto is refused."""
    on = on or clock.today()
    before_row = Teacher.objects.filter(pk=teacher.pk).first() if teacher.pk else None
    if before_row is not None and teacher.title != before_row.title and vetoed(teacher, on.year):
        raise ValidationError(
            {"title": _("A professional-ethics veto (一票否决) blocks a title change this year.")}
        )
    with transaction.atomic():
        audited_save(
            teacher,
            before=None if before_row is None else snapshot(before_row),
            audit=audit,
        )
        if user is not None:
            assert_still_visible(teacher, user, "view")
        if before_row is not None:
            events = [
                TeacherEvent(
                    teacher=teacher,
                    kind=move_kind if kind == EventKind.MOVE else kind,
                    on=on,
                    note=note[:200],
                    before=_label(teacher, f, getattr(before_row, f)),
                    after=_label(teacher, f, getattr(teacher, f)),
                )
                for f, kind in TRACKED.items()
                if getattr(before_row, f) != getattr(teacher, f)
            ]
            TeacherEvent.objects.bulk_create(events)
    return teacher


def teacher_award(*, teacher: Teacher, user: Any, name: str, on: dt.date) -> TeacherEvent:
    """Record an award (评优); refused in a year with a 师德 veto."""
    if not can(user, teacher, "change"):
        raise PermissionDenied
    if vetoed(teacher, on.year):
        raise ValidationError(_("A professional-ethics veto (一票否决) blocks awards this year."))
    event = TeacherEvent(teacher=teacher, kind=EventKind.AWARD, on=on, after=name[:100])
    audited_save(event)
    return event


def teacher_view_full(*, teacher: Teacher, user: Any) -> dict[str, str]:
    """The full name and ID number of one teacher, for a holder of
    ``teachers.view_full_personal_data`` on her school; every call is audited."""
    if not can(user, teacher, "view_full"):
        raise PermissionDenied
    values = {name: getattr(teacher, name) for name in Teacher.personal_fields}
    with transaction.atomic():
        audit_record("personal_data.view_full", obj=teacher, changes={"fields": sorted(values)})
    return values


def teacher_search(*, user: Any, id_number: str) -> Teacher | None:
    """Exact lookup by ID number through the blind index, inside the scope; audited
    without the value."""
    from edugov.core.crypto import blind_index
    from edugov.engines import codes

    found = (
        Teacher.objects.visible_to(user, "view")
        .filter(id_number_index=blind_index(codes.normalise_id_number(id_number), "id"))
        .first()
    )
    audit_record(
        "teachers.search",
        object_type="teachers.teacher",
        object_id=found.pk if found else "",
        outcome="success" if found else "failure",
    )
    return found


def post_save(*, post: ApprovedPost, audit: bool = True) -> ApprovedPost:
    return audited_save(post, audit=audit)


def site_save(*, site: SchoolSite, audit: bool = True) -> SchoolSite:
    return audited_save(site, audit=audit)


def recruitment_line_save(*, line: RecruitmentLine, audit: bool = True) -> RecruitmentLine:
    return audited_save(line, audit=audit)


def graduate_save(*, graduate: Graduate, audit: bool = True) -> Graduate:
    return audited_save(graduate, audit=audit)


def training_save(*, record: TrainingRecord, audit: bool = True) -> TrainingRecord:
    return audited_save(record, audit=audit)


def ethics_open(
    *,
    user: Any,
    teacher: Teacher,
    year: int,
    summary: str,
    veto: bool,
    now: dt.datetime | None = None,
) -> EthicsRecord:
    """Record a 师德 violation and open its ``teacher_ethics`` case (the district handles
    it, the school reports), in one transaction."""
    from edugov.casework.services import case_open

    from .casetypes import ETHICS

    if not can(user, teacher, "view"):
        raise PermissionDenied
    school = teacher.school
    district = school.district()
    with transaction.atomic():
        case = case_open(
            user=user,
            case_type=ETHICS,
            title=_("Professional ethics: %(school)s") % {"school": school.name},
            description=summary,
            lead_unit=school,
            supervising_unit=district,
            school=school,
            subject=teacher,
            subject_label=str(teacher),
            attrs={"veto": veto, "year": year},
            now=now,
        )
        record = EthicsRecord(teacher=teacher, year=year, summary=summary, veto=veto, case=case)
        audited_save(record)
    return record
