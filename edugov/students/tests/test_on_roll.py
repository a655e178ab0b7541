"""``on_roll()``: the students in school now. The new intake pre-registered by the
enrolment, and those transferred out or graduated, are on the register but not in a
screening, a roster or a head count."""

import pytest

from edugov.students.models import EnrolmentStatus, Student

from .conftest import make_student

pytestmark = pytest.mark.django_db


def test_only_enrolled_students_are_on_the_roll(cast):
    here = make_student(cast.donghu_school, id_number="", grade=3)
    others = {
        status: make_student(cast.donghu_school, id_number="", grade=1, status=status)
        for status in (
            EnrolmentStatus.PRE_REGISTERED,
            EnrolmentStatus.TRANSFERRED,
            EnrolmentStatus.GRADUATED,
        )
    }
    assert list(Student.objects.on_roll().values_list("pk", flat=True)) == [here.pk]
    visible = Student.objects.visible_to(cast.donghu_principal, "view")
    assert visible.count() == 4 and list(visible.on_roll()) == [here]
    assert others[EnrolmentStatus.PRE_REGISTERED] not in Student.objects.on_roll()
