"""The city's working-day adjustments: saved and deleted with an audit event."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record, audited_save, snapshot
from edugov.core.scoping import can
from edugov.org.models import Unit

from ..calendar import forget
from ..models import CalendarAdjustment


def city_of(user: Any) -> Unit | None:
    """The unit at the top of the user's tree: the city, whose one calendar this is."""
    root = user.scope_root()
    while root is not None and root.parent_id is not None:
        root = root.parent
    return root


def adjustment_save(
    *, adjustment: CalendarAdjustment, user: Any, audit: bool = True
) -> CalendarAdjustment:
    """Record or correct a local day off / make-up working day. The city owns it, so only
    a user whose scope is the city (and who holds the permission) may write it."""
    creating = adjustment.pk is None
    before = None if creating else snapshot(CalendarAdjustment.objects.get(pk=adjustment.pk))
    if creating:
        adjustment.unit = city_of(user)
    if adjustment.unit_id is None or not can(user, adjustment, "add" if creating else "change"):
        raise PermissionDenied(_("Only the city records working-day adjustments."))
    with transaction.atomic():
        audited_save(adjustment, before=before, audit=audit)
        transaction.on_commit(forget)
    forget()
    return adjustment


def adjustment_delete(*, adjustment: CalendarAdjustment, user: Any) -> None:
    if not can(user, adjustment, "delete"):
        raise PermissionDenied(_("Only the city records working-day adjustments."))
    with transaction.atomic():
        audit_record(
            "delete",
            obj=adjustment,
            changes={"date": str(adjustment.date), "kind": adjustment.kind},
        )
        adjustment.delete()
        transaction.on_commit(forget)
    forget()
