"""Plan upload, review and confirmation.

Upload parses the document with ``engines.plandoc`` and keeps a draft (source text and
the parsed JSON); the reviewer fixes titles and targets on the draft; confirming writes
areas, points and targets as rows in one transaction, binding each target to a
computed indicator when one measures its subject (``workplan.kpis``).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.core import clock
from edugov.core.io.readers import FileRefused, check_zip
from edugov.core.scoping import can
from edugov.engines.plandoc import COMPARATORS, PlanReadError, parse_docx, parse_text
from edugov.engines.plandoc.docx_reader import docx_to_paras
from edugov.engines.plandoc.parser import decode_text

from ..kpis import kpi_source_for_subject
from ..models import Area, Plan, PlanStatus, Target, WorkPoint

PLAN_MAX_BYTES = 5 * 1024 * 1024
PLAN_SUFFIXES = (".md", ".txt", ".docx")


def read_plan_file(name: str, data: bytes) -> tuple[str, dict[str, Any]]:
    """(source text, parsed plan dict) from an uploaded file; ValidationError if unusable.

    The same safety checks as a spreadsheet import: size, a name that matches the bytes,
    and for .docx the zip-bomb and XML-entity checks of ``core.io.readers``.
    """
    suffix = PurePath(name).suffix.lower()
    if suffix not in PLAN_SUFFIXES:
        raise ValidationError(_("Upload the plan as .docx, .md or .txt."))
    if not data:
        raise ValidationError(_("The file is empty."))
    if len(data) > PLAN_MAX_BYTES:
        raise ValidationError(_("A plan file may be at most 5 MB."))
    try:
        if suffix == ".docx":
            if not data.startswith(b"PK\x03\x04"):
                raise ValidationError(_("The file is named .docx but is not a Word document."))
            check_zip(io.BytesIO(data))
            plan = parse_docx(data)
            text = "\n".join(p.text for p in docx_to_paras(data))
        else:
            text = decode_text(data)
            plan = parse_text(text)
    except FileRefused as exc:
        raise ValidationError(str(exc))
    except (PlanReadError, UnicodeDecodeError, ValueError):
        raise ValidationError(_("The file cannot be read as a plan document."))
    if not plan.areas or not any(a.points for a in plan.areas):
        raise ValidationError(_("No numbered work points were found in this document."))
    return text, plan.to_dict()


def plan_upload(*, user: Any, name: str, data: bytes) -> Plan:
    """Parse an uploaded plan and keep it as a draft for review."""
    text, parsed = read_plan_file(name, data)
    root = user.scope_root()
    issued = parsed.get("date")
    plan = Plan(
        unit=root,
        year=parsed.get("year") or clock.today().year,
        title=(parsed.get("title") or PurePath(name).stem)[:200],
        issuer=(parsed.get("issuer") or "")[:200],
        doc_number=(parsed.get("doc_number") or "")[:60],
        issued_on=dt.date.fromisoformat(issued) if issued else None,
        source_name=name[:200],
        source_text=text,
        parsed=parsed,
        created_by=user,
    )
    if not can(user, plan, "add"):
        raise PermissionDenied
    plan.full_clean()
    with transaction.atomic():
        plan.save()
        audit_record(
            "workplan.plan_upload",
            obj=plan,
            changes={
                "areas": len(parsed["areas"]),
                "points": sum(len(a["points"]) for a in parsed["areas"]),
                "file": name,
            },
        )
    return plan


def _decimal(text: Any, what: str) -> Decimal:
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        raise ValidationError(_("%(what)s is not a number.") % {"what": what})
    if not value.is_finite():
        raise ValidationError(_("%(what)s is not a number.") % {"what": what})
    return value


def plan_revise(*, plan: Plan, edits: dict[str, str]) -> Plan:
    """Apply the reviewer's corrections to a draft: plan fields, area and point titles,
    target subject/comparator/value/unit/normalised value, or dropping a target.

    ``edits`` are the review form's fields: ``title``, ``a3-title``, ``p18-title``,
    ``p18-t2-value``, ``p18-t2-drop`` …
    """
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Only a draft can be revised."))
    parsed = plan.parsed
    changed: dict[str, list[str]] = {}

    def put(obj: dict, key: str, field: str, value: Any) -> None:
        if value is not None and obj.get(key) != value:
            changed[field] = [str(obj.get(key)), str(value)]
            obj[key] = value

    for key in ("title", "doc_number", "issuer"):
        if key in edits:
            put(parsed, key, key, edits[key].strip())
    if edits.get("year"):
        put(parsed, "year", "year", int(_decimal(edits["year"], _("The year"))))
    for area in parsed["areas"]:
        put(area, "title", f"a{area['number']}-title", edits.get(f"a{area['number']}-title"))
        for point in area["points"]:
            pre = f"p{point['number']}"
            put(point, "title", f"{pre}-title", edits.get(f"{pre}-title"))
            kept = []
            for i, target in enumerate(point["targets"]):
                tp = f"{pre}-t{i}"
                if edits.get(f"{tp}-drop"):
                    changed[f"{tp}-drop"] = [target["subject"], ""]
                    continue
                put(target, "subject", f"{tp}-subject", edits.get(f"{tp}-subject"))
                put(target, "unit", f"{tp}-unit", edits.get(f"{tp}-unit"))
                if edits.get(f"{tp}-comparator") is not None:
                    if edits[f"{tp}-comparator"] not in COMPARATORS:
                        raise ValidationError(_("Unknown comparator."))
                    put(target, "comparator", f"{tp}-comparator", edits[f"{tp}-comparator"])
                for key in ("value", "normalised_value"):
                    if edits.get(f"{tp}-{key}"):
                        number = _decimal(edits[f"{tp}-{key}"], target["subject"])
                        if Decimal(str(target[key])) != number:
                            changed[f"{tp}-{key}"] = [str(target[key]), str(number)]
                            target[key] = float(number) if number % 1 else int(number)
                kept.append(target)
            point["targets"] = kept
    if not (parsed.get("title") or "").strip():
        raise ValidationError(_("A plan needs a title."))
    plan.parsed = parsed
    plan.title = parsed["title"][:200]
    plan.doc_number = (parsed.get("doc_number") or "")[:60]
    plan.issuer = (parsed.get("issuer") or "")[:200]
    plan.year = parsed.get("year") or plan.year
    plan.full_clean()
    with transaction.atomic():
        plan.save()
        if changed:
            audit_record("workplan.plan_revise", obj=plan, changes=changed)
    return plan


def plan_confirm(*, plan: Plan, user: Any) -> Plan:
    """Write the reviewed draft as areas, points and targets, all or nothing."""
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if locked.status != PlanStatus.DRAFT:
            raise ValidationError(_("This plan has already been confirmed."))
        # The same 文号 of the same bureau and year is one plan: confirming it again gave
        # a twin with no tasks (issue 15, defect 6). Refused; the confirmed one stays.
        twin = (
            Plan.objects.filter(
                unit_id=locked.unit_id,
                year=locked.year,
                doc_number=locked.doc_number,
                status=PlanStatus.CONFIRMED,
            )
            .exclude(pk=locked.pk)
            .first()
            if locked.doc_number
            else None
        )
        if twin is not None:
            raise ValidationError(
                _(
                    "The plan %(doc_number)s of %(year)s is already confirmed (“%(title)s”). "
                    "Open it there; to confirm this upload as a separate plan, correct its "
                    "document number first."
                )
                % {"doc_number": twin.doc_number, "year": twin.year, "title": twin.title}
            )
        targets: list[Target] = []
        bound = n_areas = n_points = 0
        for a in locked.parsed["areas"]:
            n_areas += 1
            area = Area(plan=locked, number=a["number"], title=a["title"][:200], intro=a["intro"])
            area.full_clean(exclude=["plan"])
            area.save()
            for p in a["points"]:
                n_points += 1
                responsible = "、".join(p.get("lead_units", []) + p.get("co_units", []))
                point = WorkPoint(
                    area=area,
                    number=p["number"],
                    title=p["title"][:200],
                    body=p["body"],
                    responsible=responsible[:300],
                    line=p.get("line", 0),
                )
                point.full_clean(exclude=["area"])
                point.save()
                for t in p["targets"]:
                    source = kpi_source_for_subject(t["subject"])
                    bound += source is not None
                    target = Target(
                        point=point,
                        subject=t["subject"][:200],
                        comparator=t["comparator"],
                        comparator_text=t.get("comparator_text", "")[:20],
                        value=Decimal(str(t["value"])),
                        unit=t["unit"][:20],
                        normalised_value=Decimal(str(t["normalised_value"])),
                        normalised_unit=t.get("normalised_unit", "")[:20],
                        sentence=t.get("source_sentence", ""),
                        kpi_source=source.code if source else "",
                    )
                    target.full_clean(exclude=["point"])
                    targets.append(target)
        Target.objects.bulk_create(targets)
        locked.status = PlanStatus.CONFIRMED
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["status", "confirmed_at"])
        if not can(user, locked, "change"):
            raise PermissionDenied
        audit_record(
            "workplan.plan_confirm",
            obj=locked,
            changes={
                "areas": n_areas,
                "points": n_points,
                "targets": len(targets),
                "computed_kpis": bound,
            },
        )
    return locked


def plan_configure(*, plan: Plan, before: dict[str, Any], audit: bool = True) -> Plan:
    """Save the reporting cycle and the status rule of a plan."""
    from edugov.audit.services import audited_save

    return audited_save(plan, before=before, audit=audit)
