"""The academics part of a school's home page (``core.cockpit``): the exams the school
sat, newest first, with its own result. Only for schools whose pupils sit them (the
menu's ``org.stages`` rule), so a primary school is not shown an empty panel."""

from __future__ import annotations

from typing import Any

from edugov.core.cockpit import register_panel
from edugov.core.scoping import may
from edugov.org.stages import takes_part_in_secondary_exams

from .models import Exam, UnitResult


def school_panel(user: Any) -> dict[str, Any] | None:
    if not (may(user, Exam, "view") and takes_part_in_secondary_exams(user)):
        return None
    exams = list(
        Exam.objects.visible_to(user).filter(schools=user.unit_id).order_by("-date", "-pk")[:5]
    )
    results = {
        r.exam_id: r
        for r in UnitResult.objects.visible_to(user).filter(
            exam__in=exams, unit_id=user.unit_id, class_name=""
        )
    }
    return {"exams": [{"exam": e, "result": results.get(e.pk)} for e in exams]}


def register() -> None:
    register_panel(
        "academics.school",
        audiences=("school",),
        order=30,
        template="academics/home/school.html",
        context=school_panel,
    )
