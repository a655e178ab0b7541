"""Writes of the portfolio: a record entered or corrected while a draft, put on 公示, and
signed off — never before its notice period has ended."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from edugov.audit.services import audited_save
from edugov.casework.calendar import current_calendar
from edugov.core import clock
from edugov.core.scoping import assert_still_visible, can
from edugov.engines.workdays import UnknownYear

from . import config
from .models import PortfolioRecord, Status


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
