"""Retention: events older than the retention period may be purged, never younger ones.

The purge deletes the oldest events, moves the chain's start forward and records the
new start in an ``audit.purge`` event — itself chained — so ``verify_audit`` still
proves that nothing in the retained part was touched.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEvent, ChainHead
from .services import audit_record

# The legal floor (GB/T 22239: at least six months); the database trigger enforces it too.
MIN_RETENTION_DAYS = 180


def retention_days() -> int:
    days = getattr(settings, "EDUGOV_AUDIT_RETENTION_DAYS", MIN_RETENTION_DAYS)
    if days < MIN_RETENTION_DAYS:
        raise ValueError(f"EDUGOV_AUDIT_RETENTION_DAYS must be at least {MIN_RETENTION_DAYS}")
    return days


def audit_purge(now: dt.datetime | None = None) -> int:
    """Delete events older than the retention period; returns how many."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=retention_days())
    with transaction.atomic():
        last_old = AuditEvent.objects.filter(occurred_at__lt=cutoff).order_by("-seq").first()
        if last_old is None:
            return 0
        # Events are appended in time order, so everything up to last_old is old too;
        # the chain must stay a contiguous run.
        head = ChainHead.objects.select_for_update().get(pk=1)
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SET LOCAL edugov.audit_purge = 'on'")
        deleted = AuditEvent.objects.filter(
            seq__lte=last_old.seq, occurred_at__lt=cutoff
        )._raw_delete(AuditEvent.objects.db)
        base_seq, base_prev = last_old.seq + 1, last_old.hash
        ChainHead.objects.filter(pk=head.pk).update(base_seq=base_seq, base_prev_hash=base_prev)
        audit_record(
            "audit.purge",
            object_type="audit.auditevent",
            changes={
                "deleted": deleted,
                "base_seq": base_seq,
                "base_prev_hash": base_prev,
                "cutoff": cutoff.isoformat(),
            },
        )
    return deleted
