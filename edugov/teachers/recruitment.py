"""招聘 services and reads: each district's shortages by subject (the schools' approved
posts minus their teachers, where positive, summed), set beside the recruitment plan; and
the placement of 公费师范生 graduates in the schools short of their subject."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.core import clock
from edugov.core.scoping import can
from edugov.org.models import Unit, UnitKind

from .models import ApprovedPost, Graduate, PostType, Teacher, TeacherStatus, Title


def subject_counts(school_ids: list[int]) -> dict[tuple[int, str], int]:
    """{(school id, subject): teachers in post}, one grouped query."""
    rows = (
        Teacher.objects.filter(school__in=school_ids, status=TeacherStatus.ACTIVE)
        .values("school", "subject")
        .annotate(n=Count("pk"))
        .values_list("school", "subject", "n")
    )
    return {(s, k): n for s, k, n in rows}


def district_shortages(districts: list[Unit], year: int) -> dict[tuple[int, str], int]:
    """{(district id, subject): teachers short} over the districts' schools: two grouped
    queries whatever the number of schools."""
    if not districts:
        return {}
    schools = Unit.objects.none()
    for d in districts:
        schools |= Unit.objects.filter(kind=UnitKind.SCHOOL, path__startswith=d.path)
    school_district = {}
    for pk, path in schools.values_list("pk", "path"):
        for d in districts:
            if path.startswith(d.path):
                school_district[pk] = d.pk
    have = subject_counts(list(school_district))
    out: dict[tuple[int, str], int] = defaultdict(int)
    for s, k, posts in ApprovedPost.objects.filter(
        school__in=list(school_district), year=year
    ).values_list("school", "subject", "posts"):
        out[(school_district[s], k)] += max(0, posts - have.get((s, k), 0))
    return dict(out)


def graduates_place(*, user: Any, graduates: list[Graduate]) -> dict[str, int]:
    """Place each graduate in the school of her district with the largest remaining
    shortage of her subject (ties: the school with fewer teachers per 100 students, then
    its code); she becomes a teacher there (公费师范生, on the establishment). A graduate
    whose subject no school lacks stays unplaced. One audit event."""
    for g in graduates:
        if not can(user, g, "place"):
            raise PermissionDenied
    from .services import teacher_save

    today = clock.today()
    placed = unplaced = 0
    by_district: dict[int, list[Graduate]] = defaultdict(list)
    for g in graduates:
        if g.placed_school_id is None:
            by_district[g.district_id].append(g)
    with transaction.atomic():
        for district_id, group in by_district.items():
            district = Unit.objects.get(pk=district_id)
            schools = {
                u.pk: u
                for u in Unit.objects.filter(
                    kind=UnitKind.SCHOOL, is_active=True, path__startswith=district.path
                )
            }
            have = subject_counts(list(schools))
            total = dict(
                Teacher.objects.filter(school__in=list(schools), status=TeacherStatus.ACTIVE)
                .values("school")
                .annotate(n=Count("pk"))
                .values_list("school", "n")
            )
            gap: dict[tuple[int, str], int] = {}
            for s, k, posts in ApprovedPost.objects.filter(
                school__in=list(schools), year=group[0].year
            ).values_list("school", "subject", "posts"):
                gap[(s, k)] = posts - have.get((s, k), 0)
            for g in sorted(group, key=lambda g: g.pk):
                options = [
                    (-n, 100 * total.get(s, 0) / (schools[s].enrolment or 1), schools[s].code, s)
                    for (s, k), n in gap.items()
                    if k == g.subject and n > 0
                ]
                if not options:
                    unplaced += 1
                    continue
                school = schools[min(options)[3]]
                teacher = teacher_save(
                    teacher=Teacher(
                        school=school,
                        name=g.name,
                        id_number=g.id_number,
                        post_type=PostType.ESTABLISHED,
                        subject=g.subject,
                        title=Title.NONE,
                        joined_school_on=today,
                        free_normal_student=True,
                    ),
                    audit=False,
                )
                gap[(school.pk, g.subject)] -= 1
                total[school.pk] = total.get(school.pk, 0) + 1
                g.placed_school, g.teacher = school, teacher
                g.save(update_fields=["placed_school", "teacher"])
                placed += 1
        audit_record(
            "teachers.graduates_place",
            object_type="teachers.graduate",
            changes={"placed": placed, "unplaced": unplaced},
            actor=user,
        )
    if not placed and not unplaced:
        raise PermissionDenied(_("There is no graduate to place."))
    return {"placed": placed, "unplaced": unplaced}
