"""Writes of the private-school module: validate, save and audit in one transaction.

Workflow steps ask ``core.scoping.can`` for the actions declared on the models; the loops
(approvals, rectifications, risk disposal) are casework's (``case_open``; the moves are
``case_move``). The risk tier is in ``risk.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record, audited_save, snapshot
from edugov.casework.services import case_open
from edugov.core import clock
from edugov.core.files import read_evidence
from edugov.core.scoping import can
from edugov.engines.codes import mask_value

from . import config
from .casetypes import APPROVAL, RECTIFY
from .models import (
    AnnualInspection,
    FileChange,
    InspectionItem,
    InspectionRound,
    ItemAnswer,
    Notice,
    PrivateSchool,
    Result,
    SchoolStatus,
)
from .models.inspection import InspectionState, result_bands

# The file's fields whose changes are kept as dated history (``FileChange``).
TRACKED = (
    "status",
    "profit_type",
    "licence_number",
    "licence_scope",
    "licence_valid_until",
    "approved_capacity",
    "account_bank",
    "account_number",
    "account_supervised",
    "charter_approved_on",
)


def school_save(*, file: PrivateSchool, user: Any, audit: bool = True) -> PrivateSchool:
    """Save a file; each change of a tracked field is kept, dated today (masked where
    the field is personal)."""
    before = None if file.pk is None else snapshot(PrivateSchool.objects.get(pk=file.pk))
    with transaction.atomic():
        audited_save(file, audit=audit, before=before)
        if before is not None:
            after = snapshot(file)
            personal = PrivateSchool.personal_fields
            rows = [
                FileChange(
                    file=file,
                    effective_on=clock.today(),
                    field=name,
                    old=mask_value(personal[name], before.get(name) or "")
                    if name in personal
                    else str(before.get(name) or "")[:200],
                    new=mask_value(personal[name], after.get(name) or "")
                    if name in personal
                    else str(after.get(name) or "")[:200],
                )
                for name in TRACKED
                if before.get(name) != after.get(name)
            ]
            FileChange.objects.bulk_create(rows)
    return file


def row_save(*, obj: Any, user: Any, audit: bool = True) -> Any:
    """A founder, fee filing, 关联交易 disclosure or placement: one audited save."""
    with transaction.atomic():
        return audited_save(obj, audit=audit)


# --- approvals ---------------------------------------------------------------------------


def approval_open(
    *,
    file: PrivateSchool,
    user: Any,
    kind: str,
    documents: Mapping[str, Any],
    detail: str = "",
    now: Any = None,
):
    """受理 an application: every document the kind requires is attached (checked files),
    the case is the bureau's, read by the school (协办) too."""
    kinds = config.approval_kinds()
    if kind not in kinds:
        raise ValidationError({"kind": _("Choose the kind of approval.")})
    if not can(user, file, "apply"):
        raise PermissionDenied(_("Only a bureau above the school registers its applications."))
    if kind == "establish" and file.status != SchoolStatus.PREPARING:
        raise ValidationError(
            {"kind": _("Only a school being prepared (筹设) applies to be established.")}
        )
    if kind != "establish" and file.status != SchoolStatus.LICENSED:
        raise ValidationError(
            {"kind": _("Only a licensed school applies for a change or closure.")}
        )
    spec = kinds[kind]
    missing = [name for name in spec["documents"] if documents.get(name) is None]
    if missing:
        raise ValidationError(
            _("Attach every required document; missing: %(names)s.") % {"names": "、".join(missing)}
        )
    files = []
    for name in spec["documents"]:
        upload = documents[name]
        try:
            read_evidence(upload)
        except ValidationError as exc:
            raise ValidationError(f"{name}: {' '.join(exc.messages)}")
        files.append(upload)
    return case_open(
        user=user,
        case_type=APPROVAL,
        title=f"{file.school.name} {spec['label']}",
        description=detail,
        lead_unit=user.unit,
        co_units=[file.school],
        school=file.school,
        subject=file,
        subject_label=file.school.name,
        attrs={"kind": kind, "documents": list(spec["documents"])},
        files=files,
        now=now,
    )


# --- 年检 ----------------------------------------------------------------------------------


def round_save(*, round: InspectionRound, user: Any, audit: bool = True) -> InspectionRound:
    with transaction.atomic():
        return audited_save(round, audit=audit)


def item_save(*, item: InspectionItem, user: Any, audit: bool = True) -> InspectionItem:
    """A line of the form; fixed once the round has opened its inspections."""
    if item.round.inspections.exists():
        raise ValidationError(_("The form is fixed once the round's inspections are open."))
    with transaction.atomic():
        return audited_save(item, audit=audit)


def round_start(*, round: InspectionRound, user: Any) -> int:
    """Open one inspection, with an empty answer per item, for each licensed private
    school under the organiser that has none in this round. Returns how many."""
    if not can(user, round, "start"):
        raise PermissionDenied(_("This step is not yours to take now."))
    items = list(round.items.all())
    if not items:
        raise ValidationError(_("Import the inspection form first."))
    with transaction.atomic():
        # One 年检 a year per school, whichever bureau's round holds it: the city's round
        # takes its 局属 schools once the districts have opened theirs.
        taken = AnnualInspection.objects.filter(round__year=round.year).values("school_id")
        files = PrivateSchool.objects.filter(
            school__path__startswith=round.unit.path,
            school__is_active=True,
            status=SchoolStatus.LICENSED,
        ).exclude(school_id__in=taken)
        inspections = AnnualInspection.objects.bulk_create(
            [AnnualInspection(round=round, school_id=f.school_id) for f in files]
        )
        ItemAnswer.objects.bulk_create(
            [ItemAnswer(inspection=i, item=item) for i in inspections for item in items]
        )
        audit_record("private.round_start", obj=round, changes={"opened": len(inspections)})
    return len(inspections)


def _score(value: Any, code: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).strip()).quantize(Decimal("0.01"), ROUND_HALF_UP)
    except (InvalidOperation, ArithmeticError):
        raise ValidationError(_("%(code)s: the score is not a number.") % {"code": code})


def inspection_self_report(
    *,
    inspection: AnnualInspection,
    user: Any,
    answers: Mapping[int, Mapping[str, Any]],
    files: Mapping[int, Any] | None = None,
) -> AnnualInspection:
    """The school's self-report: a score, a note and evidence per item. Every error names
    its item, and nothing is written unless every answer is valid."""
    if not can(user, inspection, "self_report"):
        raise PermissionDenied(_("This step is not yours to take now."))
    files = files or {}
    errors: list[str] = []
    changed: list[ItemAnswer] = []
    checked: dict[int, str] = {}
    for answer in inspection.answers.select_related("item"):
        data = answers.get(answer.pk)
        if data is None:
            continue
        code = answer.item.code
        try:
            answer.self_score = _score(data.get("score"), code)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        answer.self_note = (data.get("note") or "").strip()
        upload = files.get(answer.pk)
        if upload is not None:
            try:
                checked[answer.pk] = read_evidence(upload)
            except ValidationError as exc:
                errors.append(f"{code}: {' '.join(exc.messages)}")
                continue
        try:
            answer.full_clean()
        except ValidationError as exc:
            errors.append(f"{code}: {' '.join(exc.messages)}")
            continue
        changed.append(answer)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for answer in changed:
            if answer.pk in checked:
                upload = files[answer.pk]
                answer.evidence = upload
                answer.evidence_name = upload.name[:200]
                answer.evidence_sha256 = checked[answer.pk]
            audited_save(answer)
    return inspection


def inspection_submit(*, inspection: AnnualInspection, user: Any) -> AnnualInspection:
    with transaction.atomic():
        inspection = AnnualInspection.objects.select_for_update().get(pk=inspection.pk)
        if not can(user, inspection, "submit"):
            raise PermissionDenied(_("This step is not yours to take now."))
        answers = list(inspection.answers.select_related("item"))
        missing = [a.item.code for a in answers if a.self_score is None]
        if missing:
            raise ValidationError(
                _("Give a self score for every item: %(codes)s.") % {"codes": "、".join(missing)}
            )
        inspection.self_total = sum((a.self_score for a in answers), Decimal(0))
        inspection.state = InspectionState.SUBMITTED
        inspection.submitted_at = clock.now()
        inspection.save(update_fields=["self_total", "state", "submitted_at"])
        audit_record(
            "private.inspection_submit",
            obj=inspection,
            changes={"self_total": str(inspection.self_total)},
        )
    return inspection


def result_for(answers: list[ItemAnswer]) -> tuple[Decimal, Decimal, str]:
    """(review total, full marks, result): the band of the share of full marks, capped at
    基本合格 when a 必达 item is not fully met."""
    total = sum((a.review_score for a in answers), Decimal(0))
    full = sum((a.item.max_score for a in answers), Decimal(0))
    share = Decimal(100) * total / full if full else Decimal(0)
    result = Result.FAIL
    for floor, label in result_bands():
        if share >= floor:
            result = label
            break
    if result == Result.PASS and any(
        a.item.mandatory and a.review_score < a.item.max_score for a in answers
    ):
        result = Result.BASIC
    return total, full, str(result)


def inspection_review(
    *,
    inspection: AnnualInspection,
    user: Any,
    answers: Mapping[int, Mapping[str, Any]],
    conclusion: str,
    deadline: str = "",
    now: Any = None,
) -> AnnualInspection:
    """The bureau's review and the result. 基本合格 or 不合格 opens a rectification case
    led by the school; the school's risk tier for the year is then recomputed (which may
    open a disposal case)."""
    from .risk import risk_assess

    with transaction.atomic():
        inspection = AnnualInspection.objects.select_for_update().get(pk=inspection.pk)
        if not can(user, inspection, "review"):
            raise PermissionDenied(_("This step is not yours to take now."))
        rows = list(inspection.answers.select_related("item"))
        errors: list[str] = []
        for answer in rows:
            data = answers.get(answer.pk) or {}
            code = answer.item.code
            try:
                answer.review_score = _score(data.get("score"), code)
            except ValidationError as exc:
                errors.extend(exc.messages)
                continue
            answer.review_note = (data.get("note") or "").strip()
            if answer.review_score is None:
                errors.append(_("%(code)s: give the review score.") % {"code": code})
                continue
            if answer.review_score < answer.item.max_score and not answer.review_note:
                errors.append(_("%(code)s: give the reason for the deduction.") % {"code": code})
                continue
            try:
                answer.full_clean()
            except ValidationError as exc:
                errors.append(f"{code}: {' '.join(exc.messages)}")
        if errors:
            raise ValidationError(errors)
        for answer in rows:
            audited_save(answer, audit=False)
        total, full, result = result_for(rows)
        inspection.review_total, inspection.max_total, inspection.result = total, full, result
        inspection.conclusion = conclusion.strip()
        inspection.state = InspectionState.DECIDED
        inspection.decided_at = now or clock.now()
        if result != Result.PASS:
            short = [a for a in rows if a.review_score < a.item.max_score]
            inspection.case = case_open(
                user=user,
                case_type=RECTIFY,
                title=_("%(school)s %(year)s annual inspection: %(result)s, rectify")
                % {
                    "school": inspection.school.name,
                    "year": inspection.round.year,
                    "result": result,
                },
                description="\n".join(
                    f"{a.item.code} {a.item.name}: {a.review_note}" for a in short
                ),
                lead_unit=inspection.school,
                school=inspection.school,
                subject=inspection,
                subject_label=str(inspection),
                attrs={"result": result, "round": inspection.round.code}
                | ({"deadline": deadline} if deadline else {}),
                now=now,
            )
        inspection.full_clean()
        inspection.save()
        audit_record(
            "private.inspection_result",
            obj=inspection,
            changes={
                "review_total": str(total),
                "result": result,
                "case": inspection.case.number if inspection.case_id else "",
            },
        )
        file = PrivateSchool.objects.filter(school=inspection.school).first()
        if file is not None:
            risk_assess(file=file, user=user, year=inspection.round.year, now=now)
    return inspection


def round_publish(*, round: InspectionRound, user: Any) -> InspectionRound:
    """Publish the year's results: the public list shows them from now on."""
    with transaction.atomic():
        round = InspectionRound.objects.select_for_update().get(pk=round.pk)
        if not can(user, round, "publish"):
            raise PermissionDenied(_("This step is not yours to take now."))
        open_ = round.inspections.exclude(state=InspectionState.DECIDED).count()
        if open_:
            raise ValidationError(
                _("%(n)s inspections of the round have no result yet.") % {"n": open_}
            )
        round.published_at = clock.now()
        round.save(update_fields=["published_at"])
        audit_record("private.round_publish", obj=round, changes={})
    return round


def notice_send(*, notice: Notice, user: Any) -> Notice:
    """Save a notice and address it to every licensed private school with a file under
    the issuing bureau (re-addressed on each save, so a school licensed since gets it)."""
    with transaction.atomic():
        audited_save(notice)
        schools = PrivateSchool.objects.filter(
            school__path__startswith=notice.unit.path, status=SchoolStatus.LICENSED
        ).values_list("school_id", flat=True)
        notice.recipients.set(list(schools))
        audit_record(
            "private.notice_send", obj=notice, changes={"recipients": notice.recipients.count()}
        )
    return notice
