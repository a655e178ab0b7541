"""督办单: issue on a lagging or overdue task, respond, verify and close (销号), escalate —
as casework cases of the type ``duban`` (``workplan.casetypes``). One loop: opening,
numbering, deadlines, moves, timeline, audit, notifications and escalation are
casework's (``case_open``, ``case_move``, ``escalation.scan``); this module only says
what a 督办单 is made from (a task, its status, the issuer's reason and date) and keeps
one open notice per task.

Who may make each move is declared: issuing is ``Task.actions["supervise"]`` (a unit
holding the supervising power, ``Unit.supervises``, over the task's lead unit); answering
and 销号 are the case type's moves (``can(user, case, "duban:respond")``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from edugov.casework.calendar import current_calendar
from edugov.casework.deadlines import rung_at
from edugov.casework.models import Case
from edugov.casework.services import case_move, case_open
from edugov.core import clock
from edugov.core.scoping import can
from edugov.org.models import UnitKind

from ..casetypes import CODE, DUBAN
from ..models import Task
from ..status import SUPERVISABLE, Status


def moment(today: dt.date) -> dt.datetime:
    """The moment a move made "on ``today``" is dated: now on the platform's day, else
    noon of that day (a page's as-of date, a test, the demo's history)."""
    if today == clock.today():
        return clock.now()
    return timezone.make_aware(dt.datetime.combine(today, dt.time(12, 0)))


def notices(queryset: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """The 督办单 among ``queryset`` (default: every case)."""
    qs = Case.objects.all() if queryset is None else queryset
    return qs.filter(case_type=CODE)


def notices_of(task: Task, queryset: QuerySet[Case] | None = None) -> QuerySet[Case]:
    return notices(queryset).filter(
        subject_type=ContentType.objects.get_for_model(Task), subject_id=task.pk
    )


def can_issue(user: Any, task: Task, status: Status) -> bool:
    """A lagging or overdue task, and a supervising unit over its lead unit."""
    return status in SUPERVISABLE and can(user, task, "supervise")


def series_unit(issuing: Any) -> Any:
    """Whose 督办 series numbers the notice: a department (办公室, 督导室) issues in its
    bureau's one series; a bureau in its own."""
    if issuing.kind == UnitKind.DEPARTMENT and issuing.parent_id:
        return issuing.parent
    return issuing


def notice_issue(
    *,
    task: Task,
    user: Any,
    status: Status,
    reason: str,
    response_due: dt.date,
    today: dt.date,
) -> Case:
    """Issue a numbered 督办单 (督办〔2023〕3号) on a lagging or overdue task.

    ``status`` is the task's computed status on ``today`` (the caller computed it for the
    page; a task no longer lagging cannot be supervised)."""
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
        # response, its escalation), not to number a second (issue 15, defect 6). The
        # task row is locked so two issuers racing take turns and the second sees the
        # first's notice.
        Task.objects.select_for_update().filter(pk=task.pk).first()
        open_notice = notices_of(task).filter(is_open=True).first()
        if open_notice is not None:
            raise ValidationError(
                _(
                    "This task already has an open supervision notice (%(number)s): "
                    "follow it up, or close it before issuing another."
                )
                % {"number": open_notice.number}
            )
        return case_open(
            user=user,
            case_type=DUBAN,
            title=task.title,
            description=reason.strip(),
            unit=series_unit(issuing),
            lead_unit=task.lead_unit,
            co_units=list(task.co_units.all()),
            supervising_unit=issuing,
            subject=task,
            attrs={"response_due": response_due.isoformat(), "task_status": str(status)},
            now=moment(today),
        )


def notice_respond(
    *,
    notice: Case,
    user: Any,
    measures: str,
    new_due_date: dt.date,
    today: dt.date,
) -> Case:
    """The owner's answer: the measures taken and the date the task will now be done
    (the case's 办结: on time when answered by the response date)."""
    if not measures.strip():
        raise ValidationError(_("Describe the measures taken."))
    if new_due_date < today:
        raise ValidationError(_("The new date cannot be in the past."))
    return case_move(
        user=user,
        case=notice,
        transition="respond",
        outcome=measures.strip(),
        new_due_date=new_due_date,
        now=moment(today),
    )


def notice_close(*, notice: Case, user: Any, comment: str, today: dt.date) -> Case:
    """Verify the response and close the notice (销号): the issuing unit's move."""
    return case_move(
        user=user, case=notice, transition="close", reason=comment.strip(), now=moment(today)
    )


def escalation_level(notice: Case, today: dt.date) -> int:
    """How far an unanswered notice has escalated on ``today``, on the type's ladder
    (answered: no further). Read from the same rungs the scan records."""
    if notice.state != "issued" or notice.deadline_at is None:
        return notice.escalation
    at = moment(today)
    calendar = current_calendar()
    reached = [r.level for r in DUBAN.escalation if rung_at(r, notice.deadline_at, calendar) <= at]
    return max([notice.escalation, *reached])


def escalation_label(level: int) -> str:
    return next((str(r.label) for r in DUBAN.escalation if r.level == level), "")
