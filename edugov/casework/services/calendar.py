"""The city's working-day adjustments and the years it declares entered in full: saved and
deleted with an audit event."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record, audited_save, snapshot
from edugov.core.scoping import can
from edugov.engines.workdays import package_years
from edugov.org.models import Unit

from ..calendar import forget
from ..models import AdjustmentKind, CalendarAdjustment, CalendarYear


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
    year = adjustment.date.year
    if (
        adjustment.kind == AdjustmentKind.HOLIDAY
        and CalendarYear.objects.filter(year=year).exists()
        and not CalendarAdjustment.objects.filter(date__year=year, kind=AdjustmentKind.HOLIDAY)
        .exclude(pk=adjustment.pk)
        .exists()
    ):
        # Without its last day off a declared year would count every weekday as worked.
        raise ValidationError(
            _(
                "This is the last day off recorded for %(year)s, which is declared entered in "
                "full: withdraw the declaration first."
            )
            % {"year": year}
        )
    with transaction.atomic():
        audit_record(
            "delete",
            obj=adjustment,
            changes={"date": str(adjustment.date), "kind": adjustment.kind},
        )
        adjustment.delete()
        transaction.on_commit(forget)
    forget()


def year_rules(declaration: CalendarYear) -> None:
    """A year may be declared entered in full only when the national package lacks it, and
    only once its days off are in: every State Council notice has some (元旦, 春节, 国庆), so
    a year without one has not been entered, and declaring it would count every weekday of
    it as a working day."""
    first, last = package_years()
    if first <= declaration.year <= last:
        raise ValidationError(
            {
                "year": _(
                    "The national calendar already has %(year)s (it holds %(first)s–%(last)s): "
                    "there is nothing to declare."
                )
                % {"year": declaration.year, "first": first, "last": last}
            }
        )
    if not CalendarAdjustment.objects.filter(
        date__year=declaration.year, kind=AdjustmentKind.HOLIDAY
    ).exists():
        raise ValidationError(
            {
                "year": _(
                    "Enter the days off and make-up working days of %(year)s from the State "
                    "Council's notice first (one adjustment per day, or an import): no day off "
                    "of %(year)s is recorded yet."
                )
                % {"year": declaration.year}
            }
        )


def year_save(*, declaration: CalendarYear, user: Any, audit: bool = True) -> CalendarYear:
    """Declare a year entered in full (or correct its notice). Only the city, as for the
    adjustments: one calendar for the city."""
    creating = declaration.pk is None
    before = None if creating else snapshot(CalendarYear.objects.get(pk=declaration.pk))
    if creating:
        declaration.unit = city_of(user)
    if declaration.unit_id is None or not can(user, declaration, "add" if creating else "change"):
        raise PermissionDenied(_("Only the city records working-day adjustments."))
    year_rules(declaration)
    with transaction.atomic():
        audited_save(declaration, before=before, audit=audit)
        transaction.on_commit(forget)
    forget()
    return declaration


def year_delete(*, declaration: CalendarYear, user: Any) -> None:
    """Withdraw a declaration (the package now has the year, or it was made in error): the
    year's undeclared days become unknown again."""
    if not can(user, declaration, "delete"):
        raise PermissionDenied(_("Only the city records working-day adjustments."))
    with transaction.atomic():
        audit_record("delete", obj=declaration, changes={"year": declaration.year})
        declaration.delete()
        transaction.on_commit(forget)
    forget()
