"""Publishing a school's results and pre-registering its placed children in the 学籍
registry (``students``) for the new school year.

A plan's results are published once (the placement and its lottery are over); then the
school, or its district, puts each child placed there on the roll as a ``Student`` in
grade 1 (7 for a junior school) with status ``pre_registered``. The child's name and ID
number go across encrypted as the application holds them; the roll's own model derives
the blind indexes, birth date and sex and checks them (``students.services.
student_create``, the audited save: one ``create`` event per child, masked). A child
already on a roll anywhere in the city (the ID's blind index) is linked, not written
twice. The application keeps the link, so a second run creates nothing. The batch is one
transaction: a record the roll refuses writes nothing and names the application.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.core import clock
from edugov.core.scoping import can

from .models import Application, SchoolPlan, Stage, Status

#: The grade a placed child starts in.
GRADE = {Stage.PRIMARY: 1, Stage.JUNIOR: 7}


@dataclass
class Outcome:
    created: list[int] = field(default_factory=list)  # new Student pks
    linked: list[int] = field(default_factory=list)  # existing Student pks
    already: int = 0  # applications pre-registered by an earlier run


def placed_applications(plan: SchoolPlan):
    """The children placed at the plan's school for its year and stage, whichever
    school they applied to (a 统筹 child counts where they land)."""
    return Application.objects.filter(
        placed_school=plan.school, year=plan.year, stage=plan.stage, status=Status.PLACED
    )


def results_publish(*, user: Any, plan: SchoolPlan, now: dt.datetime | None = None) -> SchoolPlan:
    """Publish the school's results: its placement has run (no approved application is
    left unplaced) and its lottery, if any, is drawn. Audited; once only."""
    from edugov.admissions.models import DrawStatus

    if not can(user, plan, "publish"):
        raise PermissionDenied(_("These results are not yours to publish."))
    waiting = Application.objects.filter(
        school=plan.school, year=plan.year, stage=plan.stage, status=Status.APPROVED
    ).exists()
    if waiting or (plan.draw_id and plan.draw.status != DrawStatus.DRAWN):
        raise ValidationError(_("Run the placement (and its lottery) before publishing."))
    with transaction.atomic():
        plan.results_published_at = now or clock.now()
        plan.save(update_fields=["results_published_at"])
        audit_record(
            "enrolment.results_publish",
            obj=plan,
            changes={"placed": placed_applications(plan).count()},
        )
    return plan


def preregister(*, user: Any, plan: SchoolPlan) -> Outcome:
    """Pre-register the plan's placed children in the 学籍 registry (see the module's
    docstring). Refused unless ``can(user, plan, "preregister")``: the school's own
    plan, or one of its district's, with the results published."""
    from edugov.students.models import EnrolmentStatus, Student
    from edugov.students.services import student_create

    if not can(user, plan, "preregister"):
        raise PermissionDenied(_("These children are not yours to pre-register."))
    out = Outcome()
    with transaction.atomic():
        # Locked (not the parents' rows): two clerks pressing at once register once.
        apps = list(
            placed_applications(plan)
            .select_related("parent")
            .select_for_update(of=("self",))
            .order_by("pk")
        )
        todo = [a for a in apps if a.student_id is None]
        out.already = len(apps) - len(todo)
        on_roll = dict(
            Student.objects.filter(id_number_index__in=[a.child_index for a in todo]).values_list(
                "id_number_index", "pk"
            )
        )
        for app in todo:
            pk = on_roll.get(app.child_index)
            if pk is not None:
                out.linked.append(pk)
            else:
                student = Student(
                    school=plan.school,
                    student_number="G" + app.child_id,
                    name=app.child_name,
                    id_number=app.child_id,
                    birth_date=app.birth_date,
                    grade=GRADE[plan.stage],
                    guardian_phone=app.parent.phone,
                    status=EnrolmentStatus.PRE_REGISTERED,
                )
                try:
                    student_create(student=student)
                except ValidationError as exc:
                    # The whole batch rolls back; the clerk learns which child to fix.
                    raise ValidationError(
                        _("Application %(no)s cannot be pre-registered: %(why)s")
                        % {"no": app.number, "why": "; ".join(exc.messages)}
                    ) from exc
                pk = student.pk
                on_roll[app.child_index] = pk
                out.created.append(pk)
            app.student_id = pk
        Application.objects.bulk_update(todo, ["student"])
        audit_record(
            "enrolment.preregister",
            obj=plan,
            changes={
                "created": len(out.created),
                "linked": len(out.linked),
                "already": out.already,
            },
        )
    return out
