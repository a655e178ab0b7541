"""The school's class-assignment page: in scope 200, out of scope 404; adding and removing
is audited; the import names an unknown account's row and writes nothing."""

import pytest
from django.urls import reverse

from edugov.audit.models import AuditEvent
from edugov.conftest import make_user
from edugov.core.context import acting
from edugov.core.testing import ScopedViewTests
from edugov.students.classes import class_assignment_save
from edugov.students.models import ClassAssignment

pytestmark = pytest.mark.django_db


def assign(by, teacher, *, grade=9, class_name="1班", role="head"):
    with acting(by):
        return class_assignment_save(
            user=by,
            assignment=ClassAssignment(user=teacher, grade=grade, class_name=class_name, role=role),
        )


class TestClassAssignmentPages(ScopedViewTests):
    list_url = "students:class_list"
    detail_url = "students:class_detail"
    edit_url = "students:class_edit"
    export_url = "students:class_export"

    def objects(self, cast):
        inside = assign(cast.donghu_principal, cast.donghu_principal, class_name="东湖1班")
        outside = assign(cast.jinxian_principal, cast.jinxian_principal, class_name="进贤1班")
        return cast.donghu_principal, inside, outside

    def label(self, obj):
        return obj.class_name


def test_the_principal_adds_and_removes_a_teacher_and_both_are_audited(cast, client_for):
    teacher = make_user("t_wang", "teacher", cast.donghu_school)
    client = client_for(cast.donghu_principal)
    response = client.post(
        reverse("students:class_create"),
        {"user": teacher.pk, "grade": 9, "class_name": "2班", "role": "head"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = ClassAssignment.objects.get(user=teacher)
    assert (row.school_id, row.grade, row.class_name) == (cast.donghu_school.pk, 9, "2班")
    assert AuditEvent.objects.filter(
        event_type="create", object_type="students.classassignment", object_id=str(row.pk)
    ).exists()
    assert client.post(reverse("students:class_delete", args=[row.pk])).status_code == 302
    assert not ClassAssignment.objects.filter(pk=row.pk).exists()
    assert AuditEvent.objects.filter(
        event_type="delete", object_type="students.classassignment", object_id=str(row.pk)
    ).exists()


def test_a_principal_cannot_assign_another_schools_teacher(cast, client_for):
    other = make_user("t_jx", "teacher", cast.jinxian_school)
    response = client_for(cast.donghu_principal).post(
        reverse("students:class_create"),
        {"user": other.pk, "grade": 9, "class_name": "2班", "role": "head"},
    )
    assert response.status_code == 400
    assert not ClassAssignment.objects.filter(user=other).exists()


def test_a_class_has_one_head_teacher(cast):
    from django.core.exceptions import ValidationError

    a = make_user("t_a", "teacher", cast.donghu_school)
    b = make_user("t_b", "teacher", cast.donghu_school)
    assign(cast.donghu_principal, a)
    with pytest.raises(ValidationError):
        assign(cast.donghu_principal, b)
    assign(cast.donghu_principal, b, role="subject")  # a 任课教师 of the same class is fine


def test_the_import_links_accounts_and_names_an_unknown_one(cast):
    import io

    from openpyxl import Workbook

    from edugov.students.importers import ClassAssignmentImporter

    def xlsx(rows):
        wb = Workbook()
        for r in rows:
            wb.active.append(r)
        fh = io.BytesIO()
        wb.save(fh)
        fh.seek(0)
        return fh

    make_user("t_li", "teacher", cast.donghu_school)
    make_user("t_jx2", "teacher", cast.jinxian_school)
    header = ["教师账号", "年级", "班级", "任教角色（班主任 / 任课）"]
    bad = xlsx([header, ["T_LI", "9", "3班", "班主任"], ["t_jx2", "9", "3班", "任课"]])
    with acting(cast.donghu_principal):
        report = ClassAssignmentImporter(cast.donghu_principal).run(bad, "c.xlsx", 1000)
    assert report.errors and "3" in report.errors[0] and not ClassAssignment.objects.exists()
    good = xlsx([header, ["T_LI", "9", "3班", "班主任"]])
    with acting(cast.donghu_principal):
        report = ClassAssignmentImporter(cast.donghu_principal).run(good, "c.xlsx", 1000)
    assert not report.errors and report.created == 1
    row = ClassAssignment.objects.get()
    assert (row.user.username, row.grade, row.class_name, row.role) == ("t_li", 9, "3班", "head")
