"""Publishing a school's results and pre-registering its placed children in the 学籍
registry: scope (a school its own only, a district its schools'), idempotence, a child
already on a roll linked, the audit events, and one bad record writing nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from edugov.audit.models import AuditEvent
from edugov.core.context import acting
from edugov.enrolment.models import Application, SchoolPlan, Status
from edugov.enrolment.preregister import preregister, results_publish
from edugov.students.models import EnrolmentStatus, Student
from edugov.students.services import student_create

from . import world

pytestmark = pytest.mark.django_db


def place(app, school=None):
    Application.objects.filter(pk=app.pk).update(
        status=Status.PLACED, placed_school=school or app.school
    )
    app.refresh_from_db()
    return app


@pytest.fixture
def built(cast):
    world.build(cast)
    school = cast.donghu_school
    cast.placed = [
        place(world.apply(world.parent(f"1390000010{i}"), school, "育新花园", 10 + i))
        for i in range(2)
    ]
    cast.plan = SchoolPlan.objects.get(school=school, year=2026, stage="primary")
    return cast


def run(user, plan):
    with acting(user):
        return preregister(user=user, plan=SchoolPlan.objects.get(pk=plan.pk))


def test_the_placed_children_go_on_the_roll_once(built):
    out = run(built.donghu_principal, built.plan)
    assert len(out.created) == 2 and out.linked == [] and out.already == 0
    students = Student.objects.filter(pk__in=out.created).order_by("pk")
    for app, student in zip(built.placed, students, strict=True):
        app.refresh_from_db()
        assert app.student_id == student.pk
        assert student.school == built.donghu_school and student.grade == 1
        assert student.status == EnrolmentStatus.PRE_REGISTERED
        assert (student.name, student.id_number) == (app.child_name, app.child_id)
        assert student.student_number == "G" + app.child_id
        assert student.id_number_index == app.child_index  # the same blind index
        assert student.birth_date == app.birth_date
    # The audited save's event per child, masked, and one for the batch.
    creates = AuditEvent.objects.filter(object_type="students.student", event_type="create")
    assert creates.count() == 2
    assert built.placed[0].child_id not in str(list(creates.values_list("changes", flat=True)))
    batch = AuditEvent.objects.get(event_type="enrolment.preregister")
    assert batch.changes == {"created": 2, "linked": 0, "already": 0}
    # Twice: nothing new.
    again = run(built.donghu_officer, built.plan)
    assert (again.created, again.linked, again.already) == ([], [], 2)
    assert Student.objects.count() == 2


def test_a_child_already_on_a_roll_is_linked_not_duplicated(built):
    app = built.placed[0]
    with acting(built.city_admin):
        known = student_create(
            student=Student(
                school=built.jinxian_school,
                student_number="G" + app.child_id,
                name=app.child_name,
                id_number=app.child_id,
                grade=1,
            )
        )
    out = run(built.donghu_principal, built.plan)
    assert out.linked == [known.pk] and len(out.created) == 1
    app.refresh_from_db()
    assert app.student_id == known.pk
    assert Student.objects.count() == 2
    known.refresh_from_db()
    assert known.school == built.jinxian_school  # another school's row is not moved


def test_one_bad_record_writes_nothing(built):
    bad = built.placed[1]
    # The roll refuses a birth date that is not the one in the ID number.
    Application.objects.filter(pk=bad.pk).update(birth_date=dt.date(2020, 3, 2))
    with pytest.raises(ValidationError) as err:
        run(built.donghu_principal, built.plan)
    assert bad.number in str(err.value)
    assert Student.objects.count() == 0
    assert not Application.objects.filter(student__isnull=False).exists()
    assert not AuditEvent.objects.filter(object_type="students.student")
    assert not AuditEvent.objects.filter(event_type="enrolment.preregister")


def test_a_school_pre_registers_its_own_children_only(built):
    other = SchoolPlan.objects.get(school=built.jinxian_school)
    other.results_published_at = world.NOW
    other.save()
    with pytest.raises(PermissionDenied):
        run(built.donghu_principal, other)
    with pytest.raises(PermissionDenied):
        run(built.donghu_officer, other)  # another district's school
    assert Student.objects.count() == 0
    # A child the district assigned here from another school is this school's to register.
    moved = place(built.placed[0], built.jinxian_school)
    out = run(built.jinxian_principal, other)
    assert Student.objects.get(pk__in=out.created).school == built.jinxian_school
    moved.refresh_from_db()
    assert moved.student_id == out.created[0]


def test_results_are_published_once_then_pre_registered(built):
    plan = SchoolPlan.objects.get(school=built.jinxian_school)
    with pytest.raises(PermissionDenied):  # not published yet
        run(built.jinxian_principal, plan)
    with pytest.raises(PermissionDenied), acting(built.donghu_principal):
        results_publish(user=built.donghu_principal, plan=plan)
    # An approved child not yet placed: the placement has not run.
    waiting = world.apply(world.parent("13900000201"), built.jinxian_school, "民和小区", 30)
    Application.objects.filter(pk=waiting.pk).update(status=Status.APPROVED)
    with pytest.raises(ValidationError), acting(built.jinxian_principal):
        results_publish(user=built.jinxian_principal, plan=plan)
    place(waiting)
    with acting(built.jinxian_principal):
        results_publish(user=built.jinxian_principal, plan=plan, now=world.NOW)
    assert AuditEvent.objects.get(event_type="enrolment.results_publish").changes == {"placed": 1}
    with pytest.raises(PermissionDenied), acting(built.jinxian_principal):
        results_publish(user=built.jinxian_principal, plan=plan)  # once
    assert len(run(built.jinxian_principal, plan).created) == 1


def test_the_results_page_and_its_moves(built, client_for):
    client = client_for(built.donghu_principal)
    url = reverse("enrolment:results")
    body = client.get(url, {"year": 2026}).content.decode()
    assert body.count('data-testid="plan-row"') == 1  # its own plan only
    assert 'data-testid="preregister"' in body and 'data-testid="publish"' not in body
    response = client.post(reverse("enrolment:preregister", args=[built.plan.pk]))
    assert response.status_code == 302
    assert Student.objects.filter(status=EnrolmentStatus.PRE_REGISTERED).count() == 2
    body = client.get(url, {"year": 2026}).content.decode()
    assert 'data-testid="preregister"' not in body  # everyone is on the roll
    other = SchoolPlan.objects.get(school=built.jinxian_school)
    assert client.post(reverse("enrolment:results_publish", args=[other.pk])).status_code == 404
    assert client.post(reverse("enrolment:preregister", args=[other.pk])).status_code == 404
    city = client_for(built.city_admin).get(url, {"year": 2026}).content.decode()
    assert city.count('data-testid="plan-row"') == 2 and 'data-testid="publish"' in city
    empty = client.get(url, {"year": 2030}).content.decode()
    assert 'data-testid="empty-state"' in empty
