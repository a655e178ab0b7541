"""The student picker (issue 25): a consent form or a portfolio entry chose its student
from every student in scope, a million ``<option>`` elements (each a decryption) for a
city-wide user. The search is ``core.autocomplete``'s; a student is found by
ID number or 学籍号 (exact, through the blind index), by class (``7-2``, ``7年级2班``)
or by name inside a school-sized scope. Labels are masked, as on the list."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.autocomplete import PersonAutocomplete
from edugov.core.crypto import blind_index

from .models import Student

#: "7-2", "7年级2班", "7 2", "7年级": a grade, then perhaps a class.
CLASS = re.compile(r"(\d{1,2})\s*(?:年级|[-./\s])?\s*(.*)")


class StudentAutocomplete(PersonAutocomplete):
    model = Student
    placeholder = gettext_lazy("学籍号, ID number, class (7-2) or name")

    def by_number(self, q: str) -> Q:
        return Q(student_number_index=blind_index(q, "student_number")) | Q(
            id_number_index=blind_index(q, "id")
        )

    def by_other(self, qs: QuerySet, q: str) -> QuerySet | None:
        klass = CLASS.fullmatch(q)
        if not klass:
            return None
        qs = qs.filter(grade=int(klass[1]))
        rest = klass[2].strip()
        if rest.isdigit():  # "2": the class is written 2班, (2)班 or plain 2
            return qs.filter(class_name__in=[rest, f"{rest}班", f"({rest})班", f"（{rest}）班"])
        return qs.filter(class_name=rest) if rest else qs

    @classmethod
    def labelled(cls, qs: QuerySet) -> QuerySet:
        return qs.select_related("school").only(
            "name", "student_number", "grade", "class_name", "school__name"
        )

    @classmethod
    def label(cls, student: Student) -> str:
        return _("%(student)s · grade %(grade)s %(class)s · %(school)s") % {
            "student": student,
            "grade": student.grade,
            "class": student.class_name,
            "school": student.school.name,
        }
