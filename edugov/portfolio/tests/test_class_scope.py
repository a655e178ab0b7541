"""A teacher sees her class's portfolios; a principal, the school; a district, counts
(issue 23). The class is the scoping mechanism's (``core.scoping.ClassDimension``): the
same rule answers the roll, the portfolio and the fitness results, lists and pages."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from edugov.accounts.models import Role, RoleAssignment
from edugov.conftest import make_user
from edugov.core.context import acting
from edugov.core.scoping import can
from edugov.fitness.models import FitnessResult
from edugov.fitness.tests.world import record as fitness_record
from edugov.portfolio.models import PortfolioRecord
from edugov.portfolio.services import portfolio_record_save
from edugov.students.models import Student
from edugov.students.tests.conftest import make_student
from edugov.students.tests.test_class_assignments import assign

from .world import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(cast):
    """Teacher A heads 9年级1班 of a 东湖区 school; 2班 is another teacher's."""
    a = make_user("t_a", "teacher", cast.donghu_school)
    assign(cast.donghu_principal, a, class_name="1班")
    mine = record(cast.donghu_principal, cast.donghu_school, class_name="1班")
    theirs = record(cast.donghu_principal, cast.donghu_school, class_name="2班")
    return a, mine, theirs


def test_a_teacher_sees_her_class_and_another_class_is_404(cast, client_for, school):
    a, mine, theirs = school
    assert list(PortfolioRecord.objects.visible_to(a)) == [mine]
    assert list(Student.objects.visible_to(a)) == [mine.student]
    client = client_for(a)
    assert client.get(reverse("portfolio:record_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("portfolio:record_detail", args=[theirs.pk])).status_code == 404
    assert (
        client.get(reverse("students:student_detail", args=[theirs.student_id])).status_code == 404
    )
    page = client.get(reverse("portfolio:record_list"))
    assert re.search(rb'data-testid="row-count">\D*1\D', page.content)
    assert can(a, mine, "change") and not can(a, theirs, "change")


def test_the_principal_sees_the_school_and_the_district_counts_only(cast, client_for, school):
    _a, mine, theirs = school
    assert set(PortfolioRecord.objects.visible_to(cast.donghu_principal)) == {mine, theirs}
    officer = cast.donghu_officer
    assert not PortfolioRecord.objects.visible_to(officer).exists()
    assert PortfolioRecord.objects.visible_to(officer, "count").count() == 2
    assert client_for(officer).get(reverse("portfolio:counts")).status_code == 200


def test_a_teacher_writes_only_for_her_class(cast, school):
    a, mine, theirs = school
    with acting(a), pytest.raises(PermissionDenied):
        portfolio_record_save(
            user=a,
            record=PortfolioRecord(
                student=theirs.student,
                school_year=2025,
                term=1,
                dimension="arts",
                grade="A",
                evidence="合唱团",
            ),
        )
    with acting(a):
        portfolio_record_save(
            user=a,
            record=PortfolioRecord(
                student=mine.student,
                school_year=2025,
                term=1,
                dimension="arts",
                grade="A",
                evidence="合唱团",
            ),
        )
    assert PortfolioRecord.objects.visible_to(a).count() == 2


def test_a_teacher_without_a_class_sees_no_row_and_is_told_why(cast, client_for, school):
    b = make_user("t_b", "teacher", cast.donghu_school)
    assert not PortfolioRecord.objects.visible_to(b).exists()
    assert not Student.objects.visible_to(b).exists()
    page = client_for(b).get(reverse("portfolio:record_list")).content.decode()
    assert "尚未给您安排班级" in page


def test_a_teacher_who_is_also_counselor_reads_the_roll_but_only_her_class_portfolios(cast, school):
    a, mine, theirs = school
    RoleAssignment.objects.create(user=a, role=Role.objects.get(code="counselor"))
    from edugov.accounts.models import User

    a = User.objects.get(pk=a.pk)  # no permission cache
    assert set(Student.objects.visible_to(a)) == {mine.student, theirs.student}
    assert list(PortfolioRecord.objects.visible_to(a)) == [mine]


def test_fitness_results_follow_the_class_too(cast):
    a = make_user("t_pe", "teacher", cast.donghu_school)
    assign(cast.donghu_principal, a, grade=5, class_name="5班", role="subject")
    mine = fitness_record(cast.donghu_principal, cast.donghu_school, class_name="5班")
    fitness_record(cast.donghu_principal, cast.donghu_school, class_name="6班")
    assert list(FitnessResult.objects.visible_to(a)) == [mine]


def test_a_class_in_another_school_opens_nothing(cast):
    # The class narrows the unit scope, never widens it: a same-named class elsewhere.
    a = make_user("t_c", "teacher", cast.donghu_school)
    assign(cast.donghu_principal, a, class_name="1班")
    make_student(cast.jinxian_school, id_number="", grade=9, class_name="1班")
    assert not Student.objects.visible_to(a).exists()


def test_the_class_costs_two_queries_a_request_and_stays_equalities(cast, client_for, school):
    """The roles and the classes are read once per request, like the grants; the filter is
    equalities on the student's (school, grade, class_name), no subquery."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a, _mine, _theirs = school
    counts = {}
    for user in (cast.donghu_principal, a):
        client = client_for(user)
        client.get(reverse("portfolio:record_list"))  # warm the session and caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("portfolio:record_list")).status_code == 200
        counts[user.username] = len(ctx.captured_queries)
    assert counts[a.username] <= counts[cast.donghu_principal.username] + 2, counts
    sql = str(PortfolioRecord.objects.visible_to(a).query)
    assert '"students_student"."class_name" = ' in sql and "classassignment" not in sql.lower()


def test_a_role_the_security_admin_marks_class_bound_narrows_its_users(cast, school):
    from django.contrib.auth.models import Permission

    from edugov.accounts.models import User
    from edugov.accounts.services import role_save

    _a, mine, theirs = school
    reader = make_user("t_reader", "counselor", cast.donghu_school)
    role = Role(code="portfolio_reader", name="综评查阅", class_bound=True)
    perm = Permission.objects.get(codename="view_portfoliorecord")
    with acting(cast.secadmin):
        role_save(actor=cast.secadmin, role=role, permissions=[perm], creating=True)
    RoleAssignment.objects.create(user=reader, role=role)
    assign(cast.donghu_principal, reader, class_name="2班", role="subject")
    reader = User.objects.get(pk=reader.pk)
    assert list(PortfolioRecord.objects.visible_to(reader)) == [theirs]
    role.class_bound = False
    with acting(cast.secadmin):
        role_save(actor=cast.secadmin, role=role, permissions=[perm], creating=False)
    from edugov.audit.models import AuditEvent

    event = AuditEvent.objects.filter(event_type="role.update").latest("pk")
    assert "class_bound" in event.changes
    reader = User.objects.get(pk=reader.pk)
    assert set(PortfolioRecord.objects.visible_to(reader)) == {mine, theirs}
