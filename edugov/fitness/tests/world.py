"""Rows for the authorization matrix: one scored result in a 东湖区 school, one in 进贤县."""

from edugov.core.context import acting
from edugov.fitness.services import Entry, fitness_results_record
from edugov.students.tests.conftest import make_student

VALUES = dict(height_cm=140, weight_kg=35, vital_capacity=2000, run_50m=9.0, sit_and_reach=8.0)


def record(
    user, school, *, class_name: str, sex: str = "male", grade: int = 5, values=None, exempt=False
):
    student = make_student(school, id_number="", sex=sex, grade=grade, class_name=class_name)
    with acting(user):
        return fitness_results_record(
            user=user,
            school_year=2023,
            entries=[Entry(student=student, values=dict(values or VALUES), exempt=exempt)],
        )[0]


def build(cast) -> None:
    record(cast.donghu_principal, cast.donghu_school, class_name="东湖5班")
    record(cast.jinxian_principal, cast.jinxian_school, class_name="进贤5班")
