import pytest
from django.db import connection

from edugov.core.context import acting
from edugov.demo.students import load_demo_students
from edugov.engines.codes import id_number_error
from edugov.students.models import Student

pytestmark = pytest.mark.django_db


def test_demo_students_are_valid_encrypted_and_in_their_districts(cast):
    from edugov.conftest import make_school

    make_school(cast.donghu, "3136000901", "东湖区演示中学", "junior")
    with acting(None):
        added = load_demo_students(per_school=12)
    # Three 东湖区 schools and one 进贤县 school in the cast world, 12 students each.
    assert added == Student.objects.count() == 48
    for s in Student.objects.all():
        assert id_number_error(s.id_number) is None and s.student_number == "G" + s.id_number
        assert s.birth_date is not None and s.sex
    with connection.cursor() as cur:
        cur.execute("SELECT name, id_number FROM students_student")
        raw = " ".join(" ".join(r) for r in cur.fetchall())
    assert not any(s.id_number in raw or s.name in raw for s in Student.objects.all())
    visible = Student.objects.visible_to(cast.donghu_officer, "view")
    assert visible.count() == 36 and not visible.filter(school=cast.jinxian_school).exists()
    with acting(None):
        assert load_demo_students(per_school=12) == 0  # idempotent
