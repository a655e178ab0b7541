"""Writing the registry: validation, save and audit in one transaction.

Annual statistics move draft → submitted → approved, or back to returned (with a
reason) for the school to correct. Only approved figures feed the evaluations. The
school enters and submits; a unit above the school (district, zone, city) approves or
returns — never the school itself, whatever its permissions.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record, audited_save, diff, snapshot
from edugov.core.scoping import can, units_for_new
from edugov.org.models import UnitKind

from .models import (
    Alliance,
    AllianceMembership,
    AnnualStatistics,
    DistrictPopulation,
    InstitutionStatus,
    StatsStatus,
    Target,
)


def _before(obj: models.Model) -> dict[str, Any] | None:
    if obj.pk is None:
        return None
    return snapshot(type(obj)._default_manager.get(pk=obj.pk))


# Annual statistics -----------------------------------------------------------------

EDITABLE_BY_SCHOOL = (StatsStatus.DRAFT, StatsStatus.RETURNED)


def statistics_save(
    *, stats: AnnualStatistics, user: Any = None, audit: bool = True
) -> AnnualStatistics:
    """Create or correct one school's statistics for a year.

    A school may change its figures only while they are a draft or returned; a district
    may correct them until approved. Approved figures are final: return them first.
    """
    before = _before(stats)
    if before is not None:
        stored = before.get("status")
        if stored == StatsStatus.APPROVED:
            raise ValidationError(_("Approved statistics cannot be changed; return them first."))
        if user is not None and stored not in EDITABLE_BY_SCHOOL and not can(user, stats, "review"):
            raise ValidationError(_("Submitted statistics can only be corrected by the district."))
    return audited_save(stats, before=before, audit=audit)


def _transition(
    stats: AnnualStatistics,
    *,
    user: Any,
    to: str,
    allowed_from: tuple[str, ...],
    action: str = "change",
    reason: str = "",
) -> AnnualStatistics:
    with transaction.atomic():
        locked = AnnualStatistics.objects.select_for_update().get(pk=stats.pk)
        if not can(user, locked, action):
            if action == "review" and can(user, locked, "change"):
                # Approval is the district's (or city's) check on the school's figures.
                raise PermissionDenied(_("A school cannot approve its own statistics."))
            raise PermissionDenied
        if locked.status not in allowed_from:
            raise ValidationError(
                _("Statistics in status “%(status)s” cannot be moved to “%(to)s”.")
                % {"status": locked.get_status_display(), "to": StatsStatus(to).label}
            )
        old = locked.status
        locked.status = to
        locked.return_reason = reason
        locked.full_clean()
        locked.save(update_fields=["status", "return_reason"])
        audit_record(
            f"statistics.{to}",
            obj=locked,
            changes={"status": [old, to], **({"reason": [None, reason]} if reason else {})},
        )
    return locked


def statistics_submit(*, stats: AnnualStatistics, user: Any) -> AnnualStatistics:
    """The school hands its figures to the district."""
    return _transition(stats, user=user, to=StatsStatus.SUBMITTED, allowed_from=EDITABLE_BY_SCHOOL)


def statistics_approve(*, stats: AnnualStatistics, user: Any) -> AnnualStatistics:
    """District staff accept submitted figures; from now on the evaluations use them."""
    return _transition(
        stats,
        user=user,
        to=StatsStatus.APPROVED,
        allowed_from=(StatsStatus.SUBMITTED,),
        action="review",
    )


def statistics_return(*, stats: AnnualStatistics, user: Any, reason: str) -> AnnualStatistics:
    """Send figures back to the school (also approved ones, to reopen them)."""
    if not reason.strip():
        raise ValidationError(_("Say why the statistics are returned."))
    return _transition(
        stats,
        user=user,
        to=StatsStatus.RETURNED,
        allowed_from=(StatsStatus.SUBMITTED, StatsStatus.APPROVED),
        action="review",
        reason=reason.strip()[:300],
    )


# Reference data ----------------------------------------------------------------------


def status_save(*, status: InstitutionStatus, audit: bool = True) -> InstitutionStatus:
    """Record a dated ownership / 普惠 / standardization status of an institution."""
    return audited_save(status, audit=audit)


def population_save(*, population: DistrictPopulation, audit: bool = True) -> DistrictPopulation:
    """Record a district's population aged 3–5 for a year."""
    return audited_save(population, audit=audit)


def target_save(*, target: Target, audit: bool = True) -> Target:
    """Record a threshold or target (overrides the engine default it matches)."""
    return audited_save(target, audit=audit)


def alliance_save(
    *, alliance: Alliance, members: list[Any] | None = None, audit: bool = True
) -> Alliance:
    """Save a group or alliance; ``members`` (schools) replaces the membership list,
    keeping the join dates of schools that stay."""
    before = _before(alliance)
    with transaction.atomic():
        audited_save(alliance, before=before, audit=False)
        if members is not None:
            wanted = {m.pk for m in members} | {alliance.lead_school_id}
            AllianceMembership.objects.filter(alliance=alliance).exclude(
                school_id__in=wanted
            ).delete()
            have = set(
                AllianceMembership.objects.filter(alliance=alliance).values_list(
                    "school_id", flat=True
                )
            )
            AllianceMembership.objects.bulk_create(
                [
                    AllianceMembership(
                        alliance=alliance, school_id=pk, joined_on=alliance.founded_on
                    )
                    for pk in sorted(wanted - have)
                ]
            )
        if audit:
            changes = diff(before, snapshot(alliance))
            if members is not None:
                changes["members"] = [None, sorted(m.code for m in members)]
            audit_record("create" if before is None else "update", obj=alliance, changes=changes)
    return alliance


def statistics_open_year(*, unit: Any, year: int, user: Any) -> int:
    """Open a school year: an empty draft for every active institution under ``unit``
    that the user may add statistics for and that has none for ``year`` yet. The
    schools then enter their own figures (their role may change, not add). Returns the
    number of drafts created; one audit event."""
    from edugov.org.models import Unit

    if not units_for_new(user, AnnualStatistics, Unit.objects.filter(pk=unit.pk)).exists():
        raise PermissionDenied
    schools = Unit.objects.filter(
        kind=UnitKind.SCHOOL, is_active=True, path__startswith=unit.path
    ).exclude(annual_statistics__year=year)
    drafts = [AnnualStatistics(school=s, year=year) for s in schools.order_by("code")]
    for d in drafts:
        d.full_clean(exclude=["school"], validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        AnnualStatistics.objects.bulk_create(drafts, batch_size=1000)
        audit_record(
            "statistics.open_year",
            object_type="registry.annualstatistics",
            object_repr=f"{unit.name} {year}",
            changes={"year": year, "created": len(drafts)},
        )
    return len(drafts)
