"""Writes of the 督导 module: validate, save and audit in one transaction.

Every workflow step asks ``core.scoping.can`` for an action declared on its model; the
rectification loop itself is casework's (``case_open``; the moves are ``case_move``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record, audited_save
from edugov.casework.services import case_open
from edugov.core.files import read_evidence
from edugov.core.scoping import can
from edugov.org.models import Unit, UnitKind

from .casetypes import CODE as RECTIFY
from .models import (
    Assignment,
    Campaign,
    CampaignState,
    Finding,
    Indicator,
    Inspector,
    Visit,
    VisitPhoto,
)

# 挂牌督导办法: "1 督学 for about 5 schools". The number is the bureau's configuration.
DEFAULT_SCHOOLS_PER_INSPECTOR = 5
# Grade bands on the share of full marks (宁夏 2019: 优秀 ≥90, 良好 80–89, 合格 65–79,
# 不合格 <65); Jiangxi's own bands are UNCONFIRMED, hence configuration.
DEFAULT_GRADES = ((90, "优秀"), (80, "良好"), (65, "合格"), (0, "不合格"))


def schools_per_inspector() -> int:
    return int(
        getattr(settings, "EDUGOV_INSPECTION_SCHOOLS_PER_INSPECTOR", DEFAULT_SCHOOLS_PER_INSPECTOR)
    )


def grade_for(score: Decimal, full: Decimal) -> str:
    bands = getattr(settings, "EDUGOV_INSPECTION_GRADES", DEFAULT_GRADES)
    share = Decimal(100) * score / full if full else Decimal(0)
    for floor, label in bands:
        if share >= floor:
            return label
    return bands[-1][1]


def _under(unit: Unit, above: Unit) -> bool:
    return unit.path.startswith(above.path)


# --- inspectors and assignments ---------------------------------------------------------


def inspector_save(*, inspector: Inspector, user: Any, audit: bool = True) -> Inspector:
    with transaction.atomic():
        return audited_save(inspector, audit=audit)


def assignment_rules(assignment: Assignment) -> None:
    """The 责任区 rules: a school (not a bureau) below the inspector's bureau, an active
    inspector, one open assignment per school, at most N open schools per inspector."""
    errors: dict[str, str] = {}
    school, inspector = assignment.school, assignment.inspector
    if school.kind != UnitKind.SCHOOL:
        errors["school"] = _("Only a school is assigned to an inspector.")
    elif not _under(school, inspector.unit):
        errors["school"] = _("The school lies outside the bureau that appointed the inspector.")
    if not inspector.active:
        errors["inspector"] = _("The inspector is no longer active.")
    if assignment.end_date is None and "school" not in errors:
        other = (
            Assignment.objects.filter(school=school, end_date__isnull=True)
            .exclude(pk=assignment.pk)
            .select_related("inspector")
            .first()
        )
        if other is not None:
            errors["school"] = _("The school already has an inspector: %(name)s.") % {
                "name": other.inspector.name
            }
        held = (
            Assignment.objects.filter(inspector=inspector, end_date__isnull=True)
            .exclude(pk=assignment.pk)
            .count()
        )
        limit = schools_per_inspector()
        if held >= limit:
            errors["inspector"] = _(
                "The inspector already holds %(n)s schools (at most %(max)s)."
            ) % {
                "n": held,
                "max": limit,
            }
    if errors:
        raise ValidationError(errors)


def assignment_save(*, assignment: Assignment, user: Any, audit: bool = True) -> Assignment:
    with transaction.atomic():
        # Locks the inspector's row so two assignments at once cannot both pass the limit.
        Inspector.objects.select_for_update().filter(pk=assignment.inspector_id).first()
        assignment.full_clean(validate_constraints=False)
        assignment_rules(assignment)
        return audited_save(assignment, audit=audit)


def unassigned_schools(user: Any):
    """The schools in the user's scope with no open assignment."""
    if user is None:
        raise TypeError("unassigned_schools needs a user")
    taken = Assignment.objects.filter(end_date__isnull=True).values("school_id")
    return (
        Unit.objects.visible_to(user, "view")
        .filter(kind=UnitKind.SCHOOL, is_active=True)
        .exclude(pk__in=taken)
        .select_related("parent")
        .order_by("path")
    )


# --- visits ----------------------------------------------------------------------------


def visit_save(
    *,
    visit: Visit,
    user: Any,
    findings: Iterable[Mapping[str, Any]] = (),
    files: Iterable[Any] = (),
) -> Visit:
    """Record a visit with its findings and checked files (``core.files``)."""
    if visit.school_id and visit.inspector_id and not _under(visit.school, visit.inspector.unit):
        raise ValidationError(
            {"school": _("The school lies outside the bureau that appointed the inspector.")}
        )
    checked = [(f, read_evidence(f)) for f in files]
    creating = visit.pk is None
    if creating:
        visit.recorded_by = user
    with transaction.atomic():
        audited_save(visit)
        for item in findings:
            text = (item.get("description") or "").strip()
            if text:
                f = Finding(visit=visit, description=text, severity=item.get("severity") or "minor")
                audited_save(f)
        for upload, digest in checked:
            photo = VisitPhoto(
                visit=visit, file=upload, name=upload.name[:200], size=upload.size, sha256=digest
            )
            audited_save(photo)
        if not can(user, visit, "change"):
            raise PermissionDenied
    return visit


def finding_open_case(
    *, finding: Finding, user: Any, deadline: str = "", now: Any = None
) -> Finding:
    """下达整改: open a rectification case for the finding's school, led by the school."""
    if not can(user, finding, "rectify"):
        raise PermissionDenied(_("You cannot issue a rectification for this finding."))
    if finding.case_id:
        raise ValidationError(_("A rectification case is already open for this finding."))
    visit = finding.visit
    with transaction.atomic():
        case = case_open(
            user=user,
            case_type=RECTIFY,
            title=_("Rectify: %(text)s") % {"text": finding.description[:60]},
            description=finding.description,
            lead_unit=visit.school,
            school=visit.school,
            subject=finding,
            subject_label=f"{visit.date} {visit.school.name}",
            attrs={"source": "visit", "visit": visit.pk, "inspector": visit.inspector.name}
            | ({"deadline": deadline} if deadline else {}),
            now=now,
        )
        finding.case = case
        audited_save(finding)
    return finding


# --- campaigns -------------------------------------------------------------------------


def campaign_save(*, campaign: Campaign, user: Any, audit: bool = True) -> Campaign:
    errors = {}
    if (
        campaign.evaluated_unit_id
        and campaign.unit_id
        and (
            not _under(campaign.evaluated_unit, campaign.unit)
            or campaign.evaluated_unit_id == campaign.unit_id
        )
    ):
        errors["evaluated_unit"] = _("The evaluated unit must lie below the organiser.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return audited_save(campaign, audit=audit)


def indicator_save(*, indicator: Indicator, user: Any, audit: bool = True) -> Indicator:
    if indicator.campaign.state != CampaignState.DRAFT:
        raise ValidationError(_("The checklist is fixed once the campaign has started."))
    with transaction.atomic():
        return audited_save(indicator, audit=audit)


def _step(campaign: Campaign, user: Any, action: str, to: str, event: str) -> Campaign:
    if not can(user, campaign, action):
        raise PermissionDenied(_("This step is not yours to take now."))
    before = campaign.state
    campaign.state = to
    campaign.full_clean()
    campaign.save(update_fields=["state"])
    audit_record(event, obj=campaign, changes={"state": [before, to]})
    return campaign


def campaign_start(*, campaign: Campaign, user: Any) -> Campaign:
    """Open the self-assessment: the checklist is fixed from now on."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if not campaign.indicators.exists():
            raise ValidationError(_("Import the indicator checklist first."))
        return _step(campaign, user, "start", CampaignState.SELF, "inspection.campaign_start")


def _decimal(value: Any, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    except ArithmeticError:
        raise ValidationError(_("%(code)s: the score is not a number.") % {"code": label})


def campaign_self_assess(
    *,
    campaign: Campaign,
    user: Any,
    answers: Mapping[int, Mapping[str, Any]],
    files: Mapping[int, Any] | None = None,
) -> Campaign:
    """The evaluated unit's self-assessment: score, note, an evidence file and/or a link
    to a 优质均衡 evaluation per indicator. Every error names its indicator."""
    from edugov.registry.selectors import visible_areas

    if not can(user, campaign, "self_assess"):
        raise PermissionDenied(_("This step is not yours to take now."))
    files = files or {}
    areas = {u.pk: u for u in visible_areas(user)}
    indicators = {i.pk: i for i in campaign.indicators.all()}
    errors: list[str] = []
    changed: list[Indicator] = []
    checked: dict[int, str] = {}
    for pk, data in answers.items():
        ind = indicators.get(pk)
        if ind is None:
            continue
        try:
            ind.self_score = _decimal(data.get("score"), ind.code)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        ind.self_note = (data.get("note") or "").strip()
        area = data.get("youzhi_area")
        if area:
            if int(area) not in areas:
                errors.append(
                    _("%(code)s: no 优质均衡 evaluation of that area is open to you.")
                    % {"code": ind.code}
                )
                continue
            ind.youzhi_area = areas[int(area)]
            ind.youzhi_year = int(data.get("youzhi_year") or campaign.year)
        else:
            ind.youzhi_area, ind.youzhi_year = None, None
        upload = files.get(pk)
        if upload is not None:
            try:
                checked[pk] = read_evidence(upload)
            except ValidationError as exc:
                errors.append(f"{ind.code}: {' '.join(exc.messages)}")
                continue
        try:
            ind.full_clean()
        except ValidationError as exc:
            errors.append(f"{ind.code}: {' '.join(exc.messages)}")
            continue
        changed.append(ind)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for ind in changed:
            if ind.pk in checked:
                upload = files[ind.pk]
                ind.evidence = upload
                ind.evidence_name = upload.name[:200]
                ind.evidence_sha256 = checked[ind.pk]
            audited_save(ind)
    return campaign


def campaign_submit_self(*, campaign: Campaign, user: Any) -> Campaign:
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        missing = [i.code for i in campaign.indicators.filter(self_score__isnull=True)]
        if missing:
            raise ValidationError(
                _("Give a self score for every indicator: %(codes)s.")
                % {"codes": "、".join(missing)}
            )
        return _step(campaign, user, "submit_self", CampaignState.SCORING, "inspection.self_submit")


def campaign_score(
    *, campaign: Campaign, user: Any, answers: Mapping[int, Mapping[str, Any]]
) -> Campaign:
    """The experts' scores and notes, per indicator."""
    if not can(user, campaign, "score"):
        raise PermissionDenied(_("This step is not yours to take now."))
    indicators = {i.pk: i for i in campaign.indicators.all()}
    errors: list[str] = []
    changed = []
    for pk, data in answers.items():
        ind = indicators.get(pk)
        if ind is None:
            continue
        try:
            ind.expert_score = _decimal(data.get("score"), ind.code)
            ind.expert_note = (data.get("note") or "").strip()
            ind.full_clean()
        except ValidationError as exc:
            errors.append(f"{ind.code}: {' '.join(exc.messages)}")
            continue
        changed.append(ind)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for ind in changed:
            audited_save(ind)
    return campaign


def campaign_finish(
    *,
    campaign: Campaign,
    user: Any,
    conclusion: str,
    rectify: Iterable[int] = (),
    deadline: str = "",
    now: Any = None,
) -> Campaign:
    """The result: total, grade, conclusion; a rectification case, led by the evaluated
    unit, for each indicator named in ``rectify``."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if not can(user, campaign, "finish"):
            raise PermissionDenied(_("This step is not yours to take now."))
        indicators = list(campaign.indicators.all())
        missing = [i.code for i in indicators if i.expert_score is None]
        if missing:
            raise ValidationError(
                _("Score every indicator first: %(codes)s.") % {"codes": "、".join(missing)}
            )
        total = sum((i.expert_score for i in indicators), Decimal(0))
        full = sum((i.max_score for i in indicators), Decimal(0))
        campaign.total_score, campaign.max_score = total, full
        campaign.grade = grade_for(total, full)
        campaign.conclusion = conclusion.strip()
        campaign.state = CampaignState.FINISHED
        campaign.full_clean()
        campaign.save()
        wanted = set(rectify)
        opened = []
        for ind in indicators:
            if ind.pk not in wanted:
                continue
            ind.case = case_open(
                user=user,
                case_type=RECTIFY,
                title=_("Rectify: %(text)s") % {"text": f"{ind.code} {ind.name}"[:60]},
                description=ind.expert_note,
                lead_unit=campaign.evaluated_unit,
                school=campaign.evaluated_unit
                if campaign.evaluated_unit.kind == UnitKind.SCHOOL
                else None,
                subject=ind,
                subject_label=f"{campaign.code} {ind.code}",
                attrs={"source": "campaign", "campaign": campaign.code}
                | ({"deadline": deadline} if deadline else {}),
                now=now,
            )
            ind.save(update_fields=["case"])
            opened.append(ind.case.number)
        audit_record(
            "inspection.campaign_finish",
            obj=campaign,
            changes={"score": str(total), "grade": campaign.grade, "cases": opened},
        )
    return campaign
