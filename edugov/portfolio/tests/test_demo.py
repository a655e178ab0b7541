"""The demo: the grade-9 cohort of 东湖区 and 进贤县 in five dimensions, every state
present, the demo class teacher seeing her class only; idempotent."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from edugov.casework.models import Case
from edugov.conftest import make_school, make_user
from edugov.core.context import acting
from edugov.demo.students import load_demo_students
from edugov.portfolio.demo import load_demo
from edugov.portfolio.models import PortfolioActivity, PortfolioRecord, Status
from edugov.portfolio.services import portfolio_sign_off
from edugov.students.models import ClassAssignment, Student

pytestmark = pytest.mark.django_db


def test_the_demo_grades_a_grade_9_cohort_and_its_class_teacher_sees_her_class(cast):
    make_school(cast.donghu, "3136000902", "东湖区演示中学", "junior")
    make_school(cast.jinxian, "3136000903", "进贤县演示中学", "junior")
    teacher = make_user("donghu_class_teacher", "teacher", cast.donghu_junior)
    principal = make_user("donghu_junior_principal", "school_admin", cast.donghu_junior)
    with acting(None):
        load_demo_students(per_school=150)
        line = load_demo()
    records = PortfolioRecord.objects.all()
    cohort = Student.objects.filter(grade=9, status="enrolled")
    assert records.count() == 5 * cohort.count() > 0, line
    assert set(records.values_list("status", flat=True)) == set(Status.values)
    assert set(records.values_list("school__parent__name", flat=True)) == {"东湖区", "进贤县"}
    signed = records.filter(status=Status.SIGNED).first()
    assert signed.signed_at and signed.notice_end < signed.signed_at.date()
    mine = ClassAssignment.objects.get(user=teacher)
    assert (mine.school_id, mine.grade) == (cast.donghu_junior.pk, 9)
    seen = PortfolioRecord.objects.visible_to(teacher)
    assert seen.exists() and set(seen.values_list("class_name", flat=True)) == {mine.class_name}
    assert seen.count() < records.filter(school=cast.donghu_junior).count()
    objections = Case.objects.filter(case_type="portfolio_objection").order_by("pk")
    assert [c.state for c in objections] == ["open", "dismissed"], line
    assert {c.lead_unit_id for c in objections} == {cast.donghu_junior.pk}
    held = PortfolioRecord.objects.get(pk=objections[0].subject_id)
    with acting(principal), pytest.raises(ValidationError):
        portfolio_sign_off(user=principal, record=held, today=held.notice_end + dt.timedelta(1))
    activities = PortfolioActivity.objects.all()
    assert set(activities.values_list("kind", flat=True)) == {"practice", "reading"}
    assert activities.filter(kind="practice").count() == 2 * cohort.count()
    assert set(
        PortfolioActivity.objects.visible_to(teacher).values_list("class_name", flat=True)
    ) == {mine.class_name}
    with acting(None):
        assert load_demo() == "portfolio: already loaded"
