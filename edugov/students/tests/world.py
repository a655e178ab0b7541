"""Rows for the authorization matrix: a student, an export approval and a class
assignment in each of two districts."""

from edugov.core.context import acting
from edugov.students.classes import class_assignment_save
from edugov.students.models import ClassAssignment, Student
from edugov.students.services import approval_request

from .conftest import make_student


def build(cast) -> None:
    make_student(cast.donghu_school, name="东湖学生")
    make_student(cast.jinxian_school, name="进贤学生")
    for user in (cast.donghu_principal, cast.jinxian_principal):
        approval_request(
            user=user,
            query="",
            file_format="csv",
            full=False,
            rows=Student.objects.filter(school=user.unit),
            minor_count=1,
        )
    # The principals teach a class of their own schools (an assignment needs an account
    # of the school; the cast has no teacher).
    for user in (cast.donghu_principal, cast.jinxian_principal):
        with acting(user):
            class_assignment_save(
                user=user,
                assignment=ClassAssignment(user=user, grade=1, class_name="1班", role="head"),
            )
