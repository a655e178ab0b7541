"""Writes of the portfolio: a record entered or corrected while a draft, put on 公示, and
signed off — never before its notice period has ended."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from edugov.audit.services import audited_save
from edugov.casework.calendar import current_calendar
from edugov.core import clock
from edugov.core.scoping import assert_still_visible, can
from edugov.engines.workdays import UnknownYear

from . import config
from .models import PortfolioActivity, PortfolioRecord, Status


def portfolio_record_save(
    *, user: Any, record: PortfolioRecord, audit: bool = True
) -> PortfolioRecord:
    """Enter or correct a record. The school, grade and class are the roll's; a record
    on 公示 or signed off is no longer a draft and cannot be changed here."""
    action = "change" if record.pk else "add"
    if record.pk:
        stored = PortfolioRecord._base_manager.get(pk=record.pk)
        if stored.status != Status.DRAFT:
            raise ValidationError(_("Only a draft record can be changed."))
    student = record.student
    record.school_id = student.school_id
    record.grade_level = student.grade
    record.class_name = student.class_name
    if not can(user, record, action):
        raise PermissionDenied(_("You cannot write portfolio records for this school."))
    with transaction.atomic():
        audited_save(record, audit=audit)
        assert_still_visible(record, user, action)
    return record


def notice_period(start: date) -> tuple[date, date]:
    """(first, last) working day of a 公示 starting on ``start``: the configured number of
    working days of the city's calendar, ``start`` counted when it is a working day."""
    calendar = current_calendar()
    days = int(config.get("notice_workdays"))
    try:
        first = calendar.next_workday(start)
        return first, calendar.add_workdays(first, days - 1)
    except UnknownYear:
        raise ValidationError(
            _(
                "The working-day calendar does not cover the notice period yet; the city admin adds the year first."
            )
        )


def portfolio_publish(*, user: Any, record: PortfolioRecord, today: date | None = None):
    """Put a draft on 公示 in the class from ``today`` for the configured working days."""
    if not can(user, record, "publish"):
        raise PermissionDenied(_("You cannot put this record on public notice."))
    if record.status != Status.DRAFT:
        raise ValidationError(_("Only a draft record can be put on public notice."))
    record.notice_start, record.notice_end = notice_period(today or clock.today())
    record.status = Status.NOTICE
    return audited_save(record, event="portfolio.publish")


def portfolio_sign_off(*, user: Any, record: PortfolioRecord, today: date | None = None):
    """The school signs the record off once its 公示 has ended (the day after the last
    working day of notice at the earliest)."""
    if not can(user, record, "sign_off"):
        raise PermissionDenied(_("You cannot sign off this record."))
    if record.status != Status.NOTICE:
        raise ValidationError(_("Only a record that has been on public notice can be signed off."))
    today = today or clock.today()
    blocking = objections_blocking(record)
    if blocking:
        raise ValidationError(
            _(
                "Objection %(number)s to this record is open or was upheld: answer it, or "
                "withdraw the record, correct it and put it on notice again."
            )
            % {"number": blocking[0].number}
        )
    if today <= record.notice_end:
        raise ValidationError(
            _(
                "The public notice runs until %(end)s: the record can be signed off only after it ends."
            )
            % {"end": date_format(record.notice_end)}
        )
    record.status = Status.SIGNED
    record.signed_at = clock.now()
    record.signed_by = user
    return audited_save(record, event="portfolio.sign_off")


def objections_blocking(record: PortfolioRecord) -> list:
    """The objection cases raised since the record's notice began that are still open or
    were upheld: either stops the sign-off (a dismissed one does not)."""
    from edugov.casework.models import Case

    from .casetypes import CODE

    if record.notice_start is None:
        return []
    return list(
        Case.objects.filter(
            case_type=CODE,
            subject_type=ContentType.objects.get_for_model(PortfolioRecord),
            subject_id=record.pk,
            opened_at__date__gte=record.notice_start,
            state__in=("open", "upheld"),
        ).order_by("opened_at")
    )


def portfolio_object(*, user: Any, record: PortfolioRecord, text: str, now: datetime | None = None):
    """Record an objection raised during the record's 公示 (by a classmate, a parent or
    the student, through the class teacher): a casework case the school answers by its
    deadline. Only while the notice runs."""
    from edugov.casework.services import case_open

    from .casetypes import OBJECTION

    if not can(user, record, "object"):
        raise PermissionDenied(_("You cannot record objections to this record."))
    now = now or clock.now()
    today = timezone.localdate(now)
    if record.status != Status.NOTICE or not (record.notice_start <= today <= record.notice_end):
        raise ValidationError(_("Objections are taken only while the record is on public notice."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Say what the objection is.")})
    with transaction.atomic():
        return case_open(
            user=user,
            case_type=OBJECTION,
            title=_("Objection to a portfolio record: %(record)s") % {"record": record},
            description=text,
            unit=record.school,
            lead_unit=record.school,
            school=record.school,
            subject=record,
            subject_label=str(record),
            now=now,
        )


def portfolio_withdraw(*, user: Any, record: PortfolioRecord) -> PortfolioRecord:
    """Take a record off 公示 back to a draft (an objection was upheld: correct it and put
    it on notice again, which starts a new period)."""
    if not can(user, record, "publish"):
        raise PermissionDenied(_("You cannot withdraw this record."))
    if record.status != Status.NOTICE:
        raise ValidationError(_("Only a record on public notice can be withdrawn."))
    record.status = Status.DRAFT
    record.notice_start = record.notice_end = None
    return audited_save(record, event="portfolio.withdraw")


def portfolio_activity_save(
    *, user: Any, activity: PortfolioActivity, audit: bool = True
) -> PortfolioActivity:
    """Enter or correct a practice or reading record: school, grade and class are the
    roll's (as for a portfolio record); validated and audited in one transaction."""
    action = "change" if activity.pk else "add"
    student = activity.student
    activity.school_id = student.school_id
    activity.grade_level = student.grade
    activity.class_name = student.class_name
    if not can(user, activity, action):
        raise PermissionDenied(_("You cannot write portfolio records for this school."))
    with transaction.atomic():
        audited_save(activity, audit=audit)
        assert_still_visible(activity, user, action)
    return activity
