"""Imports through core/io with the national headers: an unknown school, a duplicate ID,
a subject not in the list, an impossible date each name their row and column, and one
bad row writes nothing; the same file again creates and updates nothing."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from edugov.core.context import acting
from edugov.students.tests.conftest import make_id
from edugov.teachers.importers import PostImporter, TeacherImporter, TrainingImporter
from edugov.teachers.models import ApprovedPost, Teacher, TrainingRecord

from .world import make_teacher

pytestmark = pytest.mark.django_db

HEADER = [
    "姓名",
    "身份证件号",
    "学校标识码",
    "是否在编",
    "主要任教学科",
    "专业技术职务",
    "骨干教师级别",
    "进本校年月",
]


def run(importer, user, header, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    fh = io.BytesIO()
    wb.save(fh)
    fh.seek(0)
    with acting(user):
        return importer(user).run(fh, "export.xlsx", len(fh.getvalue()))


def row(idn, school="2136000001", subject="数学", joined="2015-09", **kw):
    return ["王丽", idn, school, "是", subject, "中级", kw.get("backbone", "县级骨干"), joined]


def test_the_national_export_imports_and_a_bad_row_writes_nothing(cast):
    a, b = make_id(dt.date(1985, 1, 2)), make_id(dt.date(1986, 1, 2))
    existing = make_teacher(cast.jinxian_school)
    report = run(
        TeacherImporter,
        cast.donghu_officer,
        HEADER,
        [
            row(a),
            row(b, school="9999999999"),
            row(b, subject="书法"),
            row(b, joined="2015-13"),
            row(a),
            row(existing.id_number),
        ],
    )
    assert Teacher.objects.count() == 1
    errors = "\n".join(report.errors)
    assert "第 3 行" in errors and "学校标识码" in errors
    assert "第 4 行" in errors and "主要任教学科" in errors
    assert "第 5 行" in errors and "进本校年月" in errors
    assert "第 6 行" in errors and "第 2 行" in errors  # the same ID as row 2
    assert "第 7 行" in errors
    assert a not in errors and existing.id_number not in errors
    report = run(TeacherImporter, cast.donghu_officer, HEADER, [row(a), row(b)])
    assert report.ok, report.errors
    t = Teacher.objects.get(
        id_number_index=Teacher.objects.exclude(pk=existing.pk).first().id_number_index
    )
    assert t.backbone == "county" and t.joined_school_on == dt.date(2015, 9, 1)
    again = run(TeacherImporter, cast.donghu_officer, HEADER, [row(a), row(b)])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_training_hours_import_finds_teachers_in_scope_only(cast):
    mine = make_teacher(cast.donghu_school)
    theirs = make_teacher(cast.jinxian_school)
    header = ["培训记录编号", "身份证件号", "培训年度", "培训类别", "培训项目名称", "培训获得学时"]
    report = run(
        TrainingImporter,
        cast.donghu_principal,
        header,
        [
            ["PX1", mine.id_number, 2026, "国培", "国培计划", 24],
            ["PX2", theirs.id_number, 2026, "国培", "国培计划", 24],
            ["PX3", mine.id_number, 2026, "国培", "国培计划", 999],
        ],
    )
    assert not TrainingRecord.objects.exists()
    errors = "\n".join(report.errors)
    assert "第 3 行" in errors and "第 4 行" in errors and "培训获得学时" in errors
    report = run(
        TrainingImporter,
        cast.donghu_principal,
        header,
        [["PX1", mine.id_number, 2026, "国培", "国培计划", 24]],
    )
    assert report.ok and TrainingRecord.objects.get().hours == 24


def test_posts_import_is_the_districts(cast):
    header = ["学校标识码", "学年", "科目", "核定编制数"]
    report = run(PostImporter, cast.donghu_officer, header, [["2136000001", 2026, "语文", 9]])
    assert report.ok and ApprovedPost.objects.get().posts == 9
    # A principal holds no add/change on posts: refused before anything is read.
    from edugov.core.scoping import may

    assert not may(cast.donghu_principal, ApprovedPost, "add")


def test_an_update_moving_a_teacher_out_of_scope_is_refused_in_phase_one(cast):
    t = make_teacher(cast.donghu_school)
    report = run(
        TeacherImporter,
        cast.donghu_officer,
        HEADER,
        [row(t.id_number, school="2136000003")],  # 进贤县民和小学: not 东湖区's
    )
    assert not report.ok and report.errors[0].startswith("第 2 行")
    t.refresh_from_db()
    assert t.school == cast.donghu_school
