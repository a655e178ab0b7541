"""Overdue cases and the escalation ladder: ``scan(now)``, daily or more often.

Run by the django-tasks task ``casework.tasks.scan_task`` or by cron as
``manage.py casework_scan``. It reads only the open cases whose next escalation moment
has come (``next_escalation_at``, indexed, set whenever a deadline changes), so a city's
100,000 cases cost what the few due today cost. For each: the highest level now reached
is recorded (``EscalationNotice``, unique per case, level and deadline), written on the
timeline, audited, and its units are told. Running it twice sends nothing twice: a level
already recorded for that deadline is skipped by the unique constraint, even when two
scans run at once. Then the outgoing deliveries that are due are (re)tried.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.engines.workdays import UnknownYear

from . import notify
from .calendar import current_calendar
from .deadlines import next_rung_at, rung_at
from .models import Case, CaseTransition, EntryKind, EscalationNotice

log = logging.getLogger("edugov.casework.escalation")

BATCH = 500


@dataclass
class ScanResult:
    escalated: int = 0  # cases that reached a new level
    skipped: int = 0  # cases whose calendar year is unknown (logged)
    sent: int = 0  # deliveries sent
    failed: int = 0  # delivery attempts that failed (to be retried)


def scan(now: dt.datetime) -> ScanResult:
    """Escalate every open case whose next level has come, then retry due deliveries."""
    result = ScanResult()
    calendar = current_calendar()
    last_pk = 0
    while True:
        ids = list(
            Case.objects.filter(
                is_open=True, next_escalation_at__lte=now, deadline_at__isnull=False, pk__gt=last_pk
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            break
        last_pk = ids[-1]
        for pk in ids:
            try:
                if _escalate_one(pk, now, calendar):
                    result.escalated += 1
            except (UnknownYear, LookupError) as exc:
                # The ladder's moment falls in a year the calendar does not know yet (or the
                # type is no longer declared): the case waits, logged, rather than being
                # counted on a guess.
                log.warning("case %s not escalated: %s", pk, exc)
                result.skipped += 1
    result.sent, result.failed = notify.deliver(now=now)
    return result


def _escalate_one(pk: int, now: dt.datetime, calendar) -> bool:
    with transaction.atomic():
        # skip_locked: a case being moved right now is left to the next scan.
        case = (
            Case.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, is_open=True, next_escalation_at__lte=now)
            .first()
        )
        if case is None:
            return False
        ct = case.type
        deadline = case.deadline_at
        reached = [
            r
            for r in ct.escalation
            if r.level > case.escalation and rung_at(r, deadline, calendar) <= now
        ]
        fresh = []
        for rung in reached:
            try:
                with transaction.atomic():
                    EscalationNotice.objects.create(
                        case=case, level=rung.level, deadline_at=deadline, at=now
                    )
                fresh.append(rung)
            except IntegrityError:
                pass  # already recorded for this deadline: never sent twice
        level = max([case.escalation, *(r.level for r in reached)])
        moved = level != case.escalation
        case.escalation = level
        case.next_escalation_at = next_rung_at(ct, deadline, level, calendar)
        case.save(update_fields=["escalation", "next_escalation_at"])
        if not fresh:
            return moved
        # Only the highest new level is announced: a case found two levels up at once
        # (the scan did not run for a week) is not also sent the reminder it outgrew.
        top = fresh[-1]
        overdue = now > deadline
        CaseTransition.objects.create(
            case=case,
            kind=EntryKind.ESCALATION,
            move=f"escalation:{top.level}",
            label=str(top.label),
            from_state=case.state,
            to_state=case.state,
            data={"level": top.level, "deadline": deadline.isoformat()},
            at=now,
        )
        audit_record(
            "casework.escalate",
            obj=case,
            changes={"escalation": top.level, "deadline": deadline.isoformat()},
        )
        subject = (
            _("%(number)s overdue: %(level)s") if overdue else _("%(number)s due soon: %(level)s")
        ) % {"number": case.number, "level": top.label}
        notify.notify(
            case=case,
            units=top.notify,
            subject=subject,
            body=case.title,
            kind="escalation",
            level=top.level,
            now=now,
        )
        return True


def overdue_q(now: dt.datetime) -> Q:
    """Open cases past their binding deadline (the list filter and the statistics)."""
    return Q(is_open=True, deadline_at__lt=now)
