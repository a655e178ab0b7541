"""Writing units: validation, path maintenance and audit in one transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record, diff, snapshot

from .models import Unit, UnitKind


def _path_for(unit: Unit) -> tuple[str, int]:
    if unit.parent_id is None:
        return f"/{unit.pk}/", 0
    parent = Unit.objects.only("path", "depth").get(pk=unit.parent_id)
    return f"{parent.path}{unit.pk}/", parent.depth + 1


def unit_save(*, unit: Unit, before: dict[str, Any] | None = None, audit: bool = True) -> Unit:
    """Create or update ``unit``: full_clean, save, fix paths of the subtree, audit.

    ``before`` is the snapshot taken when the unit was loaded, for the audit diff
    (None for a new unit). An import passes ``audit=False`` because it writes one
    event for the whole file.
    """
    created = unit.pk is None
    unit.full_clean()
    with transaction.atomic():
        old_path = None if created else Unit.objects.only("path").get(pk=unit.pk).path
        if created:
            unit.path = "/pending/"
            unit.save()
        unit.path, unit.depth = _path_for(unit)
        unit.save()
        if old_path and old_path != unit.path:
            # Moving a district moves every school below it: one UPDATE rewrites the
            # subtree's path prefix instead of one query per descendant.
            Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
                path=Concat(Value(unit.path), Substr("path", len(old_path) + 1)),
                depth=F("depth") + (unit.depth - before_depth(old_path)),
            )
        if audit:
            audit_record(
                "create" if created else "update",
                obj=unit,
                changes=diff(before, snapshot(unit), Unit.personal_fields),
            )
    return unit


def before_depth(path: str) -> int:
    return path.strip("/").count("/")


def unit_deactivate(*, unit: Unit) -> Unit:
    """Units are never deleted (statistics and audit refer to them); they close."""
    before = snapshot(unit)
    with transaction.atomic():
        unit.is_active = False
        unit.save(update_fields=["is_active"])
        audit_record("update", obj=unit, changes=diff(before, snapshot(unit)))
    return unit


def unit_set_supervision(*, unit: Unit, supervises: bool, user: Any) -> Unit:
    """Grant or withdraw the supervising power (督办) of one unit: the security admin's
    decision, audited, and never inferred from the unit's name."""
    from django.core.exceptions import PermissionDenied

    from edugov.core.scoping import can

    if not can(user, unit, "grant_supervision"):
        raise PermissionDenied
    if unit.kind == UnitKind.SCHOOL:
        raise ValidationError(_("A school cannot hold the supervising power."))
    with transaction.atomic():
        old = Unit.objects.select_for_update().only("supervises").get(pk=unit.pk).supervises
        if old == supervises:
            return unit
        unit.supervises = supervises
        unit.save(update_fields=["supervises"])
        audit_record(
            "org.supervision_grant" if supervises else "org.supervision_withdraw",
            obj=unit,
            changes={"supervises": [old, supervises]},
        )
    return unit
