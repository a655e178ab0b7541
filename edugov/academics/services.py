"""Writing exams, their subjects and items: validation, save and audit in one
transaction. The score import lives in ``importers.py``, the analysis in
``analysis.py``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record, diff, snapshot

from .models import Candidate, Exam, ExamStatus, Item, Subject, UnitResult, ValueAddedResult

CHOICE_KEYS = "ABCDEFGH"


@dataclass(frozen=True)
class ItemSpec:
    number: int
    full_marks: Decimal
    key: str = ""


@dataclass(frozen=True)
class SubjectSpec:
    name: str
    full_marks: Decimal
    half_marks: bool = False
    items: tuple[ItemSpec, ...] = ()


def _decimal(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("“%(v)s” is not a number.") % {"v": text[:20]})
    if not value.is_finite():
        raise ValidationError(_("“%(v)s” is not a number.") % {"v": text[:20]})
    return value


def parse_subjects(text: str) -> list[SubjectSpec]:
    """Read the subject lines of the exam form.

    One subject per line: ``name full_marks [half]``, optionally followed by items as
    ``number:marks`` or ``number:marks:KEY`` for a multiple-choice item, e.g.
    ``数学 120 1:5:A 2:5:C 3:10``. The same text is what the form shows back."""
    specs: list[SubjectSpec] = []
    seen: set[str] = set()
    for lineno, raw in enumerate(text.splitlines(), start=1):
        parts = raw.split()
        if not parts:
            continue
        where = _("Line %(n)s: ") % {"n": lineno}
        if len(parts) < 2:
            raise ValidationError(where + _("give the subject's name and its full marks."))
        name, full = parts[0], parts[1]
        if name in seen:
            raise ValidationError(where + _("subject %(s)s is listed twice.") % {"s": name})
        seen.add(name)
        half = False
        items: list[ItemSpec] = []
        numbers: set[int] = set()
        for token in parts[2:]:
            if token.lower() in ("half", "半分", "0.5"):
                half = True
                continue
            m = re.fullmatch(r"(\d{1,3}):([\d.]+)(?::([A-Ha-h]))?", token)
            if not m:
                raise ValidationError(where + _("cannot read “%(t)s”.") % {"t": token[:20]})
            number = int(m.group(1))
            if number in numbers:
                raise ValidationError(where + _("item %(n)s is listed twice.") % {"n": number})
            numbers.add(number)
            items.append(ItemSpec(number, _decimal(m.group(2)), (m.group(3) or "").upper()))
        spec = SubjectSpec(name, _decimal(full), half, tuple(items))
        if items and sum(i.full_marks for i in items) != spec.full_marks:
            raise ValidationError(
                where
                + _("the items add up to %(sum)s, not the full marks %(full)s.")
                % {"sum": sum(i.full_marks for i in items), "full": spec.full_marks}
            )
        specs.append(spec)
    if not specs:
        raise ValidationError(_("An exam needs at least one subject."))
    return specs


def format_subjects(exam: Exam) -> str:
    """The subject lines for the form, the inverse of :func:`parse_subjects`."""
    lines = []
    items = exam.item_list()  # one query for every subject's items
    for s in exam.subject_list():
        parts = [s.name, f"{s.full_marks:g}"] + (["half"] if s.half_marks else [])
        for it in (it for it in items if it.subject_id == s.pk):
            parts.append(f"{it.number}:{it.full_marks:g}" + (f":{it.key}" if it.key else ""))
        lines.append(" ".join(parts))
    return "\n".join(lines)


def _write_subjects(exam: Exam, specs: list[SubjectSpec]) -> None:
    Subject.objects.filter(exam=exam).delete()
    for position, spec in enumerate(specs):
        subject = Subject(
            exam=exam,
            name=spec.name,
            full_marks=spec.full_marks,
            half_marks=spec.half_marks or spec.full_marks % 1 != 0,
            position=position,
        )
        subject.full_clean()
        subject.save()
        for it in spec.items:
            item = Item(subject=subject, number=it.number, full_marks=it.full_marks, key=it.key)
            item.full_clean()
            item.save()
    for attr in ("_subjects", "_items"):
        exam.__dict__.pop(attr, None)


def exam_save(
    *,
    exam: Exam,
    subjects: list[SubjectSpec] | None = None,
    before: dict[str, Any] | None = None,
    user: Any = None,
    audit: bool = True,
) -> Exam:
    """Create or change an exam and, when given, replace its subjects and items.

    Subjects define the layout of every candidate's packed marks, so they cannot
    change once scores are imported: delete the scores first."""
    created = exam.pk is None
    if created and user is not None and exam.created_by_id is None:
        exam.created_by = user
    exam.full_clean()
    with transaction.atomic():
        if subjects is not None and not created and exam.candidates.exists():
            raise ValidationError(
                _("The subjects cannot change after scores are imported; delete the scores first.")
            )
        exam.save()
        if subjects is not None:
            _write_subjects(exam, subjects)
        if audit:
            changes = diff(before, snapshot(exam), {})
            if subjects is not None:
                changes["subjects"] = [s.name for s in subjects]
            audit_record("create" if created else "update", obj=exam, changes=changes)
    return exam


def exam_clear_scores(*, exam: Exam) -> int:
    """Delete an exam's candidates and its cached analysis (one audit event)."""
    with transaction.atomic():
        count = Candidate.objects.filter(exam=exam).count()
        UnitResult.objects.filter(exam=exam).delete()
        ValueAddedResult.objects.filter(exam=exam).delete()
        Candidate.objects.filter(exam=exam).delete()
        exam.schools.clear()
        Exam.objects.filter(pk=exam.pk).update(
            status=ExamStatus.DRAFT, candidate_count=0, analysed_at=None
        )
        audit_record("delete", obj=exam, changes={"candidates": count})
    exam.refresh_from_db()
    return count
