"""Writes of the fitness module: a class's (or a school's) results recorded for a year.

Every result is scored by the engine (``edugov.engines.fitness``) here and nowhere else;
the stored scores are what the engine said for the stored raw values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.core.scoping import can
from edugov.engines.fitness import score_student
from edugov.students.models import Sex, Student

from .models import FitnessResult

SEX_CODES = {Sex.MALE: "M", Sex.FEMALE: "F"}


@dataclass(frozen=True)
class Entry:
    """One student's measurements: ``values`` in the engine's units (cm, kg, ml, s, reps)."""

    student: Student
    values: dict[str, float | None]
    exempt: bool = False


def score_entry(*, entry: Entry, school_year: int) -> FitnessResult:
    """The unsaved result for one entry, scored; the grade and sex are the roll's."""
    student = entry.student
    sex = SEX_CODES.get(student.sex)
    if sex is None:
        raise ValueError(_("The student's sex is not on the roll."))
    grade = str(student.grade)
    scored = score_student(
        student_id=str(student.pk), grade=grade, sex=sex, values=entry.values, exempt=entry.exempt
    )
    return FitnessResult(
        school_id=student.school_id,
        student=student,
        school_year=school_year,
        grade=grade,
        sex=sex,
        class_name=student.class_name,
        exempt=entry.exempt,
        raw={k: v for k, v in entry.values.items() if v is not None},
        scores=scored.scores,
        standard_tenths=scored.standard_tenths,
        bonus=scored.bonus,
        total_tenths=scored.total_tenths,
        level=scored.level,
    )


def fitness_results_record(
    *, user: Any, school_year: int, entries: Sequence[Entry], audit: bool = True
) -> list[FitnessResult]:
    """Record (or replace) the year's results of these students, all or none.

    The user must be able to add results at each student's school; a second upload for the
    same year replaces the first (a 补测 is recorded the same way)."""
    results = [score_entry(entry=e, school_year=school_year) for e in entries]
    for r in results:
        if not can(user, r, "add"):
            raise PermissionDenied(_("You cannot record results for this school."))
    with transaction.atomic():
        FitnessResult.objects.filter(
            school_year=school_year, student__in=[r.student for r in results]
        ).delete()
        FitnessResult.objects.bulk_create(results)
        if audit:
            audit_record(
                "fitness.record",
                object_type="fitness.fitnessresult",
                changes={"school_year": school_year, "rows": len(results)},
                actor=user,
            )
    return results


def fitness_result_save(*, user: Any, result: FitnessResult, audit: bool = True) -> FitnessResult:
    """One scored result written (an import's row): the user must reach the school."""
    action = "change" if result.pk else "add"
    if not can(user, result, action):
        raise PermissionDenied(_("You cannot record results for this school."))
    with transaction.atomic():
        result.save()
        if audit:
            audit_record("fitness.record", obj=result, changes={"rows": 1}, actor=user)
    return result
