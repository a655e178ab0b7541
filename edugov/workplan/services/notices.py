"""督办单: issue on a lagging or overdue task, respond, verify and close (销号), escalate.

Who may make each move is declared on the models (``Task.actions``,
``SupervisionNotice.actions``) and asked through ``can``: issuing needs a unit holding
the supervising power (``Unit.supervises``: the bureaus, the 办公室 and the 督导室 by
default; the security admin edits it), over the task's lead unit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.core.scoping import can
from edugov.org.models import UnitKind

from ..models import EscalationLevel, NoticeStatus, SupervisionNotice, Task
from ..status import SUPERVISABLE, Status

# Days past the response deadline at which an unanswered notice reaches each level.
ESCALATION_DAYS = {
    EscalationLevel.REMINDED: 1,
    EscalationLevel.LEADERSHIP: 7,
    EscalationLevel.BRIEFED: 14,
}


def can_issue(user: Any, task: Task, status: Status) -> bool:
    """A lagging or overdue task, and a supervising unit over its lead unit."""
    return status in SUPERVISABLE and can(user, task, "supervise")


def notice_issue(
    *,
    task: Task,
    user: Any,
    status: Status,
    reason: str,
    response_due: dt.date,
    today: dt.date,
) -> SupervisionNotice:
    """Issue a numbered 督办单 (督办〔2023〕3号) on a lagging or overdue task.

    ``status`` is the task's computed status on ``today`` (the caller computed it for the
    page; a task no longer lagging cannot be supervised).
    """
    if status not in SUPERVISABLE:
        raise ValidationError(_("Only a lagging or overdue task can be supervised."))
    if not can_issue(user, task, status):
        raise PermissionDenied(_("Only a unit with the supervising power issues 督办单."))
    if response_due <= today:
        raise ValidationError(_("The response deadline must be after today."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the notice."))
    issuing = user.unit  # "supervise" requires the actor's own unit to hold the power
    with transaction.atomic():
        # One open notice per task: the next step is to follow up the open one (its
        # response, its escalation), not to number a second (issue 15, defect 6).
        open_notice = (
            SupervisionNotice.objects.select_for_update()
            .filter(task=task)
            .exclude(status=NoticeStatus.CLOSED)
            .first()
        )
        if open_notice is not None:
            raise ValidationError(
                _(
                    "This task already has an open supervision notice (%(number)s): "
                    "follow it up, or close it before issuing another."
                )
                % {"number": open_notice.number}
            )
        # Numbering per series and year; the unique constraint catches a race. The
        # departments (办公室, 督导室) issue in the bureau's one 督办 series: counted per
        # department, their second notice of a year collided on 督办〔year〕1号.
        prefix = "督办" if issuing.kind == UnitKind.DEPARTMENT else f"{issuing.name}督办"
        last = SupervisionNotice.objects.filter(
            year=today.year, number__startswith=f"{prefix}〔"
        ).aggregate(m=Max("seq"))["m"]
        seq = (last or 0) + 1
        notice = SupervisionNotice(
            number=f"{prefix}〔{today.year}〕{seq}号",
            year=today.year,
            seq=seq,
            task=task,
            issuing_unit=issuing,
            issued_by=user,
            issued_on=today,
            reason=reason.strip(),
            response_due=response_due,
        )
        notice.full_clean()
        notice.save()
        audit_record(
            "workplan.notice_issue",
            obj=notice,
            changes={"task": task.pk, "status": str(status), "response_due": str(response_due)},
        )
    return notice


def notice_respond(
    *,
    notice: SupervisionNotice,
    user: Any,
    measures: str,
    new_due_date: dt.date,
    today: dt.date,
) -> SupervisionNotice:
    """The owner's answer: the measures taken and the date the task will now be done."""
    if not can(user, notice, "respond"):
        raise PermissionDenied(_("Only the task's owner or lead unit responds."))
    if notice.status == NoticeStatus.CLOSED:
        raise ValidationError(_("This notice is closed."))
    if not measures.strip():
        raise ValidationError(_("Describe the measures taken."))
    if new_due_date < today:
        raise ValidationError(_("The new date cannot be in the past."))
    with transaction.atomic():
        notice.status = NoticeStatus.RESPONDED
        notice.measures = measures.strip()
        notice.new_due_date = new_due_date
        notice.responded_by = user
        notice.responded_on = today
        notice.save(
            update_fields=["status", "measures", "new_due_date", "responded_by", "responded_on"]
        )
        audit_record(
            "workplan.notice_respond",
            obj=notice,
            changes={
                "status": [NoticeStatus.ISSUED, NoticeStatus.RESPONDED],
                "new_due_date": str(new_due_date),
            },
        )
    return notice


def notice_close(
    *, notice: SupervisionNotice, user: Any, comment: str, today: dt.date
) -> SupervisionNotice:
    """Verify the response and close the notice (销号)."""
    if not can(user, notice, "close"):
        raise PermissionDenied(_("Only the issuing unit closes a notice."))
    if notice.status != NoticeStatus.RESPONDED:
        raise ValidationError(_("A notice is closed after the owner has responded."))
    with transaction.atomic():
        notice.status = NoticeStatus.CLOSED
        notice.closed_by = user
        notice.closed_on = today
        notice.close_comment = comment.strip()
        notice.save(update_fields=["status", "closed_by", "closed_on", "close_comment"])
        audit_record(
            "workplan.notice_close",
            obj=notice,
            changes={"status": [NoticeStatus.RESPONDED, NoticeStatus.CLOSED], "comment": comment},
        )
    return notice


def escalation_level(notice: SupervisionNotice, today: dt.date) -> EscalationLevel:
    """How far an unanswered notice has escalated on ``today`` (answered: no further)."""
    if notice.status != NoticeStatus.ISSUED:
        return EscalationLevel(notice.escalation)
    late = (today - notice.response_due).days
    level = EscalationLevel.NONE
    for candidate, days in ESCALATION_DAYS.items():
        if late >= days:
            level = candidate
    return EscalationLevel(max(level, notice.escalation))


def notice_escalate(*, today: dt.date) -> int:
    """Raise the level of every unanswered notice past its deadline; one audit event per
    notice that moved. Run daily (``manage.py escalate_notices``); a second run the same
    day changes nothing."""
    moved = 0
    with transaction.atomic():
        for notice in SupervisionNotice.objects.select_for_update().filter(
            status=NoticeStatus.ISSUED, response_due__lt=today
        ):
            level = escalation_level(notice, today)
            if level != notice.escalation:
                audit_record(
                    "workplan.notice_escalate",
                    obj=notice,
                    changes={"escalation": [notice.escalation, int(level)]},
                )
                notice.escalation = level
                notice.save(update_fields=["escalation"])
                moved += 1
    return moved
