"""The demo: two years of results for 东湖区 and 进贤县 students, every level present,
each row's scores the engine's; idempotent."""

import pytest

from edugov.core.context import acting
from edugov.demo.students import load_demo_students
from edugov.fitness.demo import load_demo
from edugov.fitness.models import FitnessResult
from edugov.fitness.services import Entry, score_entry

pytestmark = pytest.mark.django_db


def test_the_demo_scores_two_years_of_two_districts(cast):
    with acting(None):
        load_demo_students(per_school=40)
        line = load_demo()
    results = FitnessResult.objects.all()
    assert set(results.values_list("school_year", flat=True)) == {2025, 2026}, line
    assert set(results.values_list("school__parent__name", flat=True)) <= {"东湖区", "进贤县"}
    assert len(set(results.values_list("level", flat=True))) >= 4
    # The demo's vectorised scores are what the one-student scorer says.
    for r in results.select_related("student").order_by("?")[:25]:
        if not r.exempt:
            again = score_entry(
                entry=Entry(student=r.student, values=r.raw), school_year=r.school_year
            )
            # the roll's grade is this year's; the earlier year was scored a grade lower
            if again.grade == r.grade:
                assert (again.scores, again.total_tenths) == (r.scores, r.total_tenths)
    with acting(None):
        assert load_demo() == "fitness: already loaded"
