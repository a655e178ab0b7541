"""The risk tier of a private school for a year (DOMAIN.md §7), computed by the
Django-free engine (``engines.risk``) from what the platform holds and what the bureau
entered, stored with its explanation. A change of tier to 橙 or 红 opens a disposal
case on casework (unless one is already open for the school)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.audit.services import audit_record, audited_save
from edugov.casework.models import Case
from edugov.casework.services import case_open
from edugov.core import clock
from edugov.core.scoping import can
from edugov.engines.risk import classify

from . import config
from .casetypes import DISPOSAL
from .models import AnnualInspection, PrivateSchool, RiskAssessment
from .models.inspection import InspectionState

ALARM_TIERS = ("橙", "红")

# The indicators' names on the page (the engine stores codes).
INDICATOR_LABELS = {
    "debt_ratio": gettext_lazy("debt ratio (%)"),
    "cash_months": gettext_lazy("months of cash"),
    "audit_opinion": gettext_lazy("audit opinion"),
    "enrolment_drop": gettext_lazy("enrolment drop on last year (%)"),
    "complaints_per_100": gettext_lazy("complaints per 100 students"),
    "safety_findings": gettext_lazy("open safety findings"),
    "inspection": gettext_lazy("annual inspection result"),
    "wage_arrears": gettext_lazy("wage or social-insurance arrears"),
    "licence_expired": gettext_lazy("licence expired"),
    "account_unsupervised": gettext_lazy("tuition account not supervised"),
}


def risk_values(*, file: PrivateSchool, assessment: RiskAssessment, year: int) -> dict[str, Any]:
    """The engine's inputs: computed where the platform has the data, entered otherwise
    (``None``: no data, listed on the page and not counted)."""
    school = file.school
    enrolment = school.enrolment
    inspection = (
        AnnualInspection.objects.filter(
            school=school, round__year=year, state=InspectionState.DECIDED
        )
        .order_by("-decided_at")
        .values_list("result", flat=True)
        .first()
    )
    cases = Case.objects.filter(school=school)
    complaints = cases.filter(case_type__in=config.get("complaint_types"), year=year).count()
    safety = cases.filter(case_type__in=config.get("safety_types"), is_open=True).count()
    previous = (
        RiskAssessment.objects.filter(file=file, year__lt=year, enrolment__isnull=False)
        .order_by("-year")
        .values_list("enrolment", flat=True)
        .first()
    )
    drop = round((previous - enrolment) * 100 / previous, 1) if previous else None
    return {
        "debt_ratio": None if assessment.debt_ratio is None else float(assessment.debt_ratio),
        "cash_months": None if assessment.cash_months is None else float(assessment.cash_months),
        "audit_opinion": assessment.audit_opinion or None,
        "enrolment_drop": drop,
        "complaints_per_100": round(complaints * 100 / enrolment, 2) if enrolment else None,
        "safety_findings": safety,
        "inspection": inspection,
        "wage_arrears": assessment.wage_arrears,
        "licence_expired": file.licence_expired,
        "account_unsupervised": not file.account_supervised,
    }


def _previous_tier(file: PrivateSchool, year: int, current: RiskAssessment) -> str:
    if current.tier:
        return current.tier
    return (
        RiskAssessment.objects.filter(file=file, year__lt=year)
        .exclude(tier="")
        .order_by("-year")
        .values_list("tier", flat=True)
        .first()
        or ""
    )


def risk_assess(*, file: PrivateSchool, user: Any, year: int | None = None, now: Any = None):
    """Compute and store the school's tier for ``year`` (default: this year). A change to
    橙 or 红 opens a disposal case led by the school."""
    if not can(user, file, "assess"):
        raise PermissionDenied(_("Only a bureau above the school assesses its risk."))
    year = year or clock.today().year
    with transaction.atomic():
        assessment, _created = RiskAssessment.objects.select_for_update().get_or_create(
            file=file, year=year
        )
        before = _previous_tier(file, year, assessment)
        assessment.enrolment = file.school.enrolment
        result = classify(
            risk_values(file=file, assessment=assessment, year=year), config.risk_config(year)
        )
        assessment.previous_tier = before
        assessment.tier = result.tier
        assessment.score = Decimal(str(result.score))
        assessment.explanation = result.explanation()
        assessment.computed_at = now or clock.now()
        if result.tier != before and result.tier in ALARM_TIERS:
            open_case = Case.objects.filter(
                case_type=DISPOSAL, school=file.school, is_open=True
            ).first()
            assessment.case = open_case or case_open(
                user=user,
                case_type=DISPOSAL,
                title=_("%(school)s: risk tier %(tier)s, dispose")
                % {"school": file.school.name, "tier": result.tier},
                description="; ".join(
                    str(INDICATOR_LABELS.get(t.code, t.code)) for t in result.triggers
                ),
                lead_unit=file.school,
                school=file.school,
                subject=file,
                subject_label=file.school.name,
                attrs={"tier": result.tier, "from": before, "year": year},
                now=now,
            )
        audited_save(assessment, audit=False)
        audit_record(
            "private.risk_assess",
            obj=assessment,
            changes={
                "tier": [before, result.tier],
                "score": str(result.score),
                "triggers": [t.code for t in result.triggers],
                "case": assessment.case.number if assessment.case_id else "",
            },
        )
    return assessment


def risk_inputs_save(*, assessment: RiskAssessment, user: Any) -> RiskAssessment:
    """Save the entered indicators and recompute the tier with them."""
    with transaction.atomic():
        audited_save(assessment)
        return risk_assess(file=assessment.file, user=user, year=assessment.year)


def explanation_rows(assessment: RiskAssessment) -> list[dict[str, Any]]:
    """The stored explanation with each indicator's name, for the page."""
    fired = {t["code"] for t in (assessment.explanation or {}).get("triggers", [])}
    return [
        {
            **line,
            "name": INDICATOR_LABELS.get(line["code"], line["code"]),
            "fired": line["code"] in fired,
        }
        for line in (assessment.explanation or {}).get("lines", [])
    ]
