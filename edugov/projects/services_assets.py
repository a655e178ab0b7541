"""Writes of the asset ledger: transfers between schools and disposal requests, each
validated, saved and audited in one transaction; a disposal's approval is casework's
(``asset_disposal``: the district approves or refuses on the case)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record, audited_save
from edugov.casework.services import case_open
from edugov.core import clock
from edugov.core.scoping import can
from edugov.org.models import Unit, UnitKind

from .casetypes import DISPOSAL_CODE
from .models import Asset, AssetDisposal, AssetTransfer
from .services import supervising_unit_for


def asset_transfer(
    *, user: Any, asset: Asset, to_school: Unit, date: dt.date, reason: str
) -> AssetTransfer:
    """调拨: the asset moves to another school in the user's scope; the record keeps both."""
    if not can(user, asset, "change"):
        raise PermissionDenied
    if to_school.kind != UnitKind.SCHOOL or to_school.pk == asset.school_id:
        raise ValidationError({"to_school": _("Choose another school.")})
    if AssetDisposal.objects.filter(asset=asset, case__state="approved").exists():
        raise ValidationError(_("A disposed asset cannot be transferred."))
    with transaction.atomic():
        record = AssetTransfer(
            asset=asset, from_school=asset.school, to_school=to_school, date=date, reason=reason
        )
        audited_save(record)
        asset.school = to_school
        audited_save(asset)
        if not can(user, asset, "change"):
            raise PermissionDenied(_("The school receiving it lies outside your scope."))
    return record


def disposal_request(
    *, user: Any, asset: Asset, reason: str, now: dt.datetime | None = None
) -> AssetDisposal:
    """A disposal asked for by the school (or the district): a case for the district above
    the school to approve or refuse."""
    if not can(user, asset, "change"):
        raise PermissionDenied
    if AssetDisposal.objects.filter(asset=asset).exclude(case__state="refused").exists():
        raise ValidationError(_("A disposal of this asset is already requested or approved."))
    district = supervising_unit_for(asset.school)
    if district is None:
        raise ValidationError(_("No unit above this school holds the supervising power."))
    with transaction.atomic():
        AssetDisposal.objects.filter(asset=asset, case__state="refused").delete()
        disposal = AssetDisposal(asset=asset, reason=reason.strip())
        disposal.full_clean(exclude=["case"])
        disposal.save()
        disposal.case = case_open(
            user=user,
            case_type=DISPOSAL_CODE,
            title=_("Dispose of %(asset)s (%(school)s)")
            % {"asset": f"{asset.code} {asset.name}", "school": asset.school.name},
            description=disposal.reason,
            lead_unit=asset.school,
            supervising_unit=district,
            school=asset.school,
            subject=disposal,
            subject_label=f"{asset.code} {asset.name}",
            attrs={"asset": asset.code, "value": str(asset.value)},
            now=now or clock.now(),
        )
        disposal.save(update_fields=["case"])
        audit_record(
            "projects.disposal_request",
            obj=asset,
            changes={"case": disposal.case.number, "reason": disposal.reason},
        )
    return disposal
