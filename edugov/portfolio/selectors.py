"""Reads of the portfolio: the school's records, the districts' counts, and the grade-9
summary 中考 reads as the 综评达标 flag."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet

from . import config
from .models import Dimension, PortfolioRecord, Status, grade_rank


def record_counts(user: Any) -> list[dict]:
    """Records per school, school year and status, over the rows the user may count: one
    query, no student in it (the district's view)."""
    if user is None:
        raise TypeError("record_counts needs the user")
    qs: QuerySet = PortfolioRecord.objects.visible_to(user, "count")
    rows = list(
        qs.values("school__name", "school_year", "status")
        .annotate(n=Count("pk"))
        .order_by("school__path", "-school_year", "status")
    )
    for r in rows:
        r["status_label"] = Status(r["status"]).label
    return rows


def fitness_evidence(user: Any, record: PortfolioRecord):
    """The student's 体质健康 result of the record's school year, for a 身心健康 record: the
    fitness module's scored test feeds this dimension (only what the reader may see)."""
    from edugov.fitness.models import FitnessResult

    if user is None:
        raise TypeError("fitness_evidence needs the user")
    if record.dimension != Dimension.HEALTH:
        return None
    return (
        FitnessResult.objects.visible_to(user, "view")
        .filter(student_id=record.student_id, school_year=record.school_year)
        .first()
    )


def grade9_summary_unscoped(student_ids: Any) -> dict[int, dict[str, str]]:
    """Per student, each dimension's grade in the latest signed-off grade-9 record.

    Unscoped: the admission run is the city's computation over every candidate."""
    rows = (
        PortfolioRecord.objects.filter(
            student_id__in=student_ids, grade_level=9, status=Status.SIGNED
        )
        .order_by("student_id", "dimension", "school_year", "term")
        .values_list("student_id", "dimension", "grade")
    )
    out: dict[int, dict[str, str]] = {}
    for student_id, dimension, grade in rows:
        out.setdefault(student_id, {})[dimension] = grade  # the later term wins
    return out


def meets_minimum(summary: dict[str, str], minimum: str) -> bool:
    """Every one of the five dimensions signed off, none below ``minimum``."""
    return set(summary) == set(Dimension.values) and all(
        grade_rank(g) <= grade_rank(minimum) for g in summary.values()
    )


def zhongkao_flags_unscoped(session, candidate_pks: Sequence[int]) -> set[int]:
    """The admission run's 综评达标 flag: the candidates whose grade-9 portfolio meets the
    configured minimum line (``admissions.flag_sources``)."""
    from edugov.admissions.models import Candidate

    # The session's linked candidates, read whole (a run holds all of them anyway): a list
    # of 70,000 ids as parameters would overflow SQLite's limit; a subquery does not.
    candidates = Candidate.objects.filter(session=session).exclude(student=None)
    wanted = set(candidate_pks)
    linked = {pk: s for pk, s in candidates.values_list("pk", "student_id") if pk in wanted}
    summaries = grade9_summary_unscoped(candidates.values("student_id"))
    minimum = config.get("zhongkao_min_grade")
    return {
        pk
        for pk, student_id in linked.items()
        if meets_minimum(summaries.get(student_id, {}), minimum)
    }


def objections(user: Any, record: PortfolioRecord) -> QuerySet:
    """The objection cases to ``record`` the user may read (casework's own scope)."""
    from django.contrib.contenttypes.models import ContentType

    from edugov.casework.models import Case

    from .casetypes import CODE

    return (
        Case.objects.visible_to(user, "view")
        .filter(
            case_type=CODE,
            subject_type=ContentType.objects.get_for_model(PortfolioRecord),
            subject_id=record.pk,
        )
        .order_by("opened_at")
    )


def practice_bases(user: Any) -> QuerySet:
    """The practice bases (劳动教育 and 德育 programmes of the registry) a user may name on
    a practice record: those her schools take part in or own. A base is not personal
    data; a teacher, who does not read the registry, still picks her school's bases."""
    from django.db.models import Q

    from edugov.programmes.models import Programme

    from .models import BASE_KINDS

    root = user.scope_root() if user is not None else None
    if root is None:
        return Programme._base_manager.none()
    return (
        Programme._base_manager.filter(kind__in=BASE_KINDS)
        .filter(Q(schools__path__startswith=root.path) | Q(unit__path__startswith=root.path))
        .distinct()
        .order_by("-year", "code")
    )


def activity_totals(user: Any, student_id: int, school_year: int, term: int) -> dict[str, dict]:
    """The term's practice and reading totals of one student, over the rows ``user`` may
    see: ``{kind: {"n": rows, "hours": sum}}``, a kind with no row absent. One query."""
    from django.db.models import Sum

    from .models import PortfolioActivity

    if user is None:
        raise TypeError("activity_totals needs the user")
    rows = (
        PortfolioActivity.objects.visible_to(user, "view")
        .filter(student_id=student_id, school_year=school_year, term=term)
        .values("kind")
        .annotate(n=Count("pk"), hours=Sum("hours"))
        .order_by()
    )
    # One decimal place, as entered (SQLite's SUM comes back as 3 where PostgreSQL says 3.0).
    tenth = Decimal("0.1")
    return {r["kind"]: {"n": r["n"], "hours": Decimal(r["hours"]).quantize(tenth)} for r in rows}
