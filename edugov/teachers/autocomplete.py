"""The teacher picker (issue 25): an ethics record chose its teacher from every teacher
in scope (a city's tens of thousands, each a decryption). The search is
``core.autocomplete``'s; a teacher is found by ID number (exact, through the blind
index), by staff number, or by name inside a school-sized scope. Labels are masked."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from edugov.core.autocomplete import PersonAutocomplete
from edugov.core.crypto import blind_index

from .models import Teacher


class TeacherAutocomplete(PersonAutocomplete):
    model = Teacher
    placeholder = gettext_lazy("ID number, staff number or name")

    def by_number(self, q: str) -> Q:
        return Q(id_number_index=blind_index(q, "id")) | Q(staff_number=q)

    def by_other(self, qs: QuerySet, q: str) -> QuerySet | None:
        # Names have no digits: a staff number.
        return qs.filter(staff_number=q) if any(c.isdigit() for c in q) else None

    @classmethod
    def labelled(cls, qs: QuerySet) -> QuerySet:
        return qs.select_related("school").only("name", "id_number", "subject", "school__name")

    @classmethod
    def label(cls, teacher: Teacher) -> str:
        return f"{teacher} · {teacher.get_subject_display()} · {teacher.school.name}"
