"""Rows for the authorization matrix: a student and an export approval in each of two
districts."""

from edugov.students.models import Student
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
