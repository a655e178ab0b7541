"""Writes of the safety module: validate, save and audit in one transaction.

The hazard loop is casework's: ``inspection_submit`` opens one ``safety_hazard`` case per
failed item (``case_open``); the moves are ``case_move`` from the hazard's page. Photos
go through ``core.files.read_photo`` (images only, EXIF stripped) before anything is kept.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record, audited_save
from edugov.casework.notify import notify
from edugov.casework.services import case_open
from edugov.core import clock
from edugov.core.files import read_photo
from edugov.core.scoping import can
from edugov.org.models import Unit, UnitKind

from .casetypes import CODE as HAZARD
from .casetypes import FOOD_CODE
from .models import (
    ChecklistItem,
    FoodIncident,
    Hazard,
    Inspection,
    InspectionPhoto,
    InspectionResult,
    InsuranceClaim,
    InsurancePolicy,
    Level,
)

THUMBNAIL_SIZE = (320, 320)


@dataclass
class Answer:
    """The form's answer to one checklist item."""

    passed: bool | None
    level: str = ""
    note: str = ""
    photos: list[Any] = field(default_factory=list)


def supervising_unit_for(school: Unit) -> Unit | None:
    """The nearest unit above the school holding the supervising power (its district)."""
    above = school.ancestor_ids()[:-1]
    return Unit.objects.filter(pk__in=above, supervises=True).order_by("-depth").first()


def city_of(unit: Unit) -> Unit | None:
    return Unit.objects.filter(pk__in=unit.ancestor_ids(), kind=UnitKind.CITY).first()


def applies_to(item: ChecklistItem, school: Unit) -> bool:
    types = [t.strip() for t in item.school_types.split(",") if t.strip()]
    return not types or school.institution_type in types


def checklist_items(user: Any, checklist: str, version: int | None = None) -> list[ChecklistItem]:
    """The items of a checklist version the user may use (its newest when no version is
    named), in their order."""
    if user is None:
        raise TypeError("checklist_items needs a user")
    qs = ChecklistItem.objects.visible_to(user, "use").filter(checklist=checklist)
    if version is None:
        version = qs.aggregate(v=models.Max("version"))["v"]
    return list(qs.filter(version=version).order_by("position", "code"))


def _photos(answers: Mapping[int, Answer], general: Sequence[Any], items: dict[int, Any]):
    """Every photo checked and cleaned before anything is kept; errors name the item."""
    errors: list[str] = []
    clean: dict[int | None, list[tuple[SimpleUploadedFile, str, bytes]]] = {}
    for key, uploads in [(None, general), *((k, a.photos) for k, a in answers.items())]:
        for upload in uploads:
            try:
                photo, digest = read_photo(upload)
            except ValidationError as exc:
                where = items[key].code if key is not None else _("photos")
                errors.append(f"{where} {upload.name}: {'；'.join(exc.messages)}")
                continue
            photo.seek(0)
            clean.setdefault(key, []).append((photo, digest, photo.read()))
    if errors:
        raise ValidationError(errors)
    return clean


def inspection_submit(
    *,
    user: Any,
    inspection: Inspection,
    answers: Mapping[int, Answer],
    photos: Sequence[Any] = (),
    now: Any = None,
) -> tuple[Inspection, bool]:
    """Record an inspection with one result per item of its checklist version; each
    failed item becomes a hazard with its case. Returns (inspection, created).

    Idempotent on ``inspection.key``: the same form submitted again returns the row the
    first submission stored (when the reader may see it) and writes nothing."""
    existing = Inspection.objects.filter(key=inspection.key).first()
    if existing is not None:
        if not can(user, existing, "view"):
            raise PermissionDenied
        return existing, False
    now = now or clock.now()
    school = inspection.school
    items = {
        i.pk: i
        for i in checklist_items(user, inspection.checklist, inspection.version)
        if applies_to(i, school)
    }
    if not items:
        raise ValidationError(_("No checklist of this code and version is open to you."))
    missing = [
        i.code for pk, i in items.items() if answers.get(pk) is None or answers[pk].passed is None
    ]
    if missing:
        raise ValidationError(_("Answer every item: %(codes)s.") % {"codes": "、".join(missing)})
    undescribed = [
        items[pk].code
        for pk, a in answers.items()
        if pk in items and not a.passed and not a.note.strip()
    ]
    if undescribed:
        raise ValidationError(
            _("Describe what is wrong for each failed item: %(codes)s.")
            % {"codes": "、".join(undescribed)}
        )
    clean = _photos({k: a for k, a in answers.items() if k in items}, photos, items)
    district = supervising_unit_for(school)
    if district is None:
        raise ValidationError(_("No unit above this school holds the supervising power."))
    inspection.inspected_by = user
    inspection.items = len(items)
    inspection.failed = sum(1 for pk in items if not answers[pk].passed)
    stored: list[InspectionPhoto] = []
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    audited_save(inspection)
            except (IntegrityError, ValidationError):
                # The same key saved by a concurrent submission of the same form.
                again = Inspection.objects.filter(key=inspection.key).first()
                if again is None:
                    raise
                return again, False
            results = InspectionResult.objects.bulk_create(
                [
                    InspectionResult(
                        inspection=inspection,
                        item=item,
                        passed=bool(answers[pk].passed),
                        note=answers[pk].note.strip()[:300],
                    )
                    for pk, item in items.items()
                ]
            )
            by_item = {r.item_id: r for r in results}
            for key, files in clean.items():
                for photo, digest, data in files:
                    row = InspectionPhoto(
                        inspection=inspection,
                        result=by_item.get(key),
                        name=photo.name,
                        size=len(data),
                        sha256=digest,
                    )
                    row.file.save(photo.name, ContentFile(data), save=False)
                    row.save()
                    stored.append(row)
            numbers = []
            for pk, item in items.items():
                a = answers[pk]
                if a.passed:
                    continue
                hazard = _hazard_open(
                    user=user,
                    inspection=inspection,
                    result=by_item[pk],
                    item=item,
                    level=a.level if a.level in Level.values else item.level,
                    note=a.note.strip(),
                    district=district,
                    files=[SimpleUploadedFile(p.name, d) for p, _d, d in clean.get(pk, [])],
                    now=now,
                )
                numbers.append(hazard.case.number)
            audit_record(
                "safety.inspection_submit",
                obj=inspection,
                changes={
                    "items": inspection.items,
                    "failed": inspection.failed,
                    "hazards": numbers,
                    "photos": [p.sha256 for p in stored],
                },
            )
            if not can(user, inspection, "add"):
                raise PermissionDenied
    except BaseException:
        for row in stored:
            row.file.storage.delete(row.file.name)
        raise
    if stored:
        ids = [p.pk for p in stored]
        transaction.on_commit(lambda: _enqueue_thumbnails(ids))
    return inspection, True


def _hazard_open(
    *,
    user: Any,
    inspection: Inspection,
    result: InspectionResult,
    item: ChecklistItem,
    level: str,
    note: str,
    district: Unit,
    files: Iterable[Any],
    now: Any,
) -> Hazard:
    """One failed item: the register's row and its case (主办 the school, 督办 the
    district). A 重大 hazard is told to the district and the city the same day."""
    school = inspection.school
    hazard = Hazard(
        school=school,
        level=level,
        topic=item.topic,
        description=f"{item.text}：{note}"[:300],
        found_on=inspection.date,
        found_by=user,
        inspection=inspection,
        result=result,
    )
    hazard.full_clean(exclude=["case"])
    hazard.save()
    hazard.case = case_open(
        user=user,
        case_type=HAZARD,
        title=f"{school.name}：{item.text}"[:200],
        description=note,
        lead_unit=school,
        supervising_unit=district,
        school=school,
        subject=hazard,
        subject_label=f"{inspection.date} {school.name} {item.code}",
        attrs={"level": level, "topic": item.topic, "item": f"{item.checklist}/{item.code}"},
        files=files,
        now=now,
    )
    hazard.save(update_fields=["case"])
    if level == Level.MAJOR:
        city = city_of(school)
        notify(
            case=hazard.case,
            units=("supervising_unit",),
            extra_units=(city.pk,) if city else (),
            subject=_("重大 hazard %(number)s: %(title)s")
            % {"number": hazard.case.number, "title": hazard.case.title},
            kind="open",
            now=now,
            exclude=user,
        )
    return hazard


def _enqueue_thumbnails(ids: list[int]) -> None:
    from .tasks import thumbnail_task

    thumbnail_task.enqueue(ids)


def make_thumbnails(ids: Iterable[int]) -> int:
    """The background job: a small JPEG of each kept photo, for lists and phones."""
    from PIL import Image

    made = 0
    for photo in InspectionPhoto.objects.filter(pk__in=list(ids), thumbnail=""):
        with photo.file.open("rb") as fh, Image.open(fh) as image:
            image.thumbnail(THUMBNAIL_SIZE)
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80)
        photo.thumbnail.save(f"t{photo.pk}.jpg", ContentFile(out.getvalue()), save=False)
        photo.save(update_fields=["thumbnail"])
        made += 1
    return made


# --- checklists, plans and ledgers ---------------------------------------------------------


def checklist_item_save(*, item: ChecklistItem, user: Any, audit: bool = True) -> ChecklistItem:
    """A checklist version that inspections have used is frozen: a change is a new
    version (the importer refuses the row before this is reached)."""
    if version_in_use(item.checklist, item.version):
        raise ValidationError(
            _("Version %(v)s of %(c)s has been used by inspections; import a new version.")
            % {"v": item.version, "c": item.checklist}
        )
    with transaction.atomic():
        return audited_save(item, audit=audit)


def version_in_use(checklist: str, version: int) -> bool:
    return Inspection.objects.filter(checklist=checklist, version=version).exists()


def record_save(*, obj: models.Model, user: Any, audit: bool = True) -> models.Model:
    """Plans and the ledgers (risk waters, canteens, suppliers, uniforms, insurance):
    validated, saved and audited; ``ScopedFormView`` checks the result is in scope."""
    with transaction.atomic():
        return audited_save(obj, audit=audit)


def claim_save(*, claim: InsuranceClaim, user: Any, audit: bool = True) -> InsuranceClaim:
    """A claim, audited; its policy's claim count and amount paid become the sums of
    its claims again (the policy's two columns are the ledger's totals, not typed)."""
    stored = (
        InsuranceClaim.objects.filter(pk=claim.pk).values_list("policy_id", flat=True).first()
        if claim.pk
        else None
    )
    with transaction.atomic():
        audited_save(claim, audit=audit)
        # A claim moved to another policy leaves the first one's totals right too.
        for policy in InsurancePolicy.objects.filter(pk__in={claim.policy_id, stored} - {None}):
            totals = policy.claim_rows.aggregate(n=models.Count("pk"), paid=models.Sum("paid"))
            policy.claims, policy.claims_paid = totals["n"], totals["paid"] or 0
            policy.save(update_fields=["claims", "claims_paid"])
    return claim


def food_incident_report(*, incident: FoodIncident, user: Any, now: Any = None) -> FoodIncident:
    """A new food incident and its ``safety_food_incident`` case (主办 the school, 督办 the
    district above it). One with people in hospital is told to the district and the city
    the same day. An edit of a reported incident is an audited save, the case unchanged."""
    if incident.pk:
        return record_save(obj=incident, user=user)
    now = now or clock.now()
    school = incident.school
    district = supervising_unit_for(school)
    if district is None:
        raise ValidationError(_("No unit above this school holds the supervising power."))
    with transaction.atomic():
        audited_save(incident)
        incident.case = case_open(
            user=user,
            case_type=FOOD_CODE,
            unit=school,
            title=f"{school.name}：{incident.get_kind_display()}"[:200],
            description=incident.description,
            lead_unit=school,
            supervising_unit=district,
            school=school,
            subject=incident,
            subject_label=f"{incident.occurred_at:%Y-%m-%d} {school.name}",
            attrs={
                "kind": incident.kind,
                "affected": incident.affected,
                "hospitalised": incident.hospitalised,
            },
            now=now,
        )
        incident.save(update_fields=["case"])
        if incident.hospitalised:
            city = city_of(school)
            notify(
                case=incident.case,
                units=("supervising_unit",),
                extra_units=(city.pk,) if city else (),
                subject=_("Food incident %(number)s: %(n)s in hospital")
                % {"number": incident.case.number, "n": incident.hospitalised},
                kind="open",
                now=now,
                exclude=user,
            )
    return incident
