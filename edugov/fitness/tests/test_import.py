"""Import of a class's device export: rows scored on the way in; a bad row names its row
and column and writes nothing; another school's student is not found."""

import io

import pytest
from openpyxl import Workbook

from edugov.core.context import acting
from edugov.fitness.importers import ResultImporter
from edugov.fitness.models import FitnessResult, Level
from edugov.students.tests.conftest import make_student

pytestmark = pytest.mark.django_db

HEADER = [
    "学籍号",
    "学年",
    "身高（厘米）",
    "体重（千克）",
    "肺活量",
    "50米跑",
    "坐位体前屈",
    "立定跳远",
    "引体向上",
    "1000米跑",
]


def run(user, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    fh = io.BytesIO()
    wb.save(fh)
    fh.seek(0)
    with acting(user):
        return ResultImporter(user).run(fh, "class.xlsx", len(fh.getvalue()))


def test_a_class_is_scored_and_a_bad_row_writes_nothing(cast):
    a = make_student(cast.donghu_school, id_number="", sex="male", grade=9, class_name="3班")
    b = make_student(cast.donghu_school, id_number="", sex="male", grade=9, class_name="3班")
    other = make_student(cast.jinxian_school, id_number="", sex="male", grade=9)
    good = [a.student_number, 2023, 170, 60, 4240, 7.3, 21.6, 250, 20, "3'05\""]
    bad = [b.student_number, 2023, 170, 60, 12000, 4.2, 10, 200, 5, "4'00\""]
    report = run(cast.donghu_principal, [good, bad, [other.student_number, 2023, 170, 60]])
    assert not FitnessResult.objects.exists()
    assert not any(e.startswith("第 2 行") for e in report.errors)
    row3 = [e for e in report.errors if e.startswith("第 3 行")]
    assert any("肺活量" in e for e in row3) and any("50米跑" in e for e in row3)
    assert any(e.startswith("第 4 行") and "学籍号" in e for e in report.errors)
    assert "12000" not in "".join(report.errors)  # health data is not echoed
    report = run(cast.donghu_principal, [good])
    assert report.ok, report.errors
    r = FitnessResult.objects.get()
    assert (r.total_tenths, r.bonus, r.level) == (1150, 15, Level.EXCELLENT)


def test_the_measurements_are_ciphertext_in_the_database_and_a_reimport_is_unchanged(cast):
    from django.db import connection

    a = make_student(cast.donghu_school, id_number="", sex="male", grade=9, class_name="3班")
    row = [a.student_number, 2023, 170, 60, 4240, 7.3, 21.6, 250, 20, "3'05\""]
    assert run(cast.donghu_principal, [row]).ok
    r = FitnessResult.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT raw FROM fitness_fitnessresult WHERE id = %s", [r.pk])
        (stored,) = cursor.fetchone()
    assert "4240" not in stored and "height" not in stored
    assert r.raw["vital_capacity"] == 4240 and r.raw["height_cm"] == 170
    report = run(cast.donghu_principal, [row])
    assert report.ok and report.unchanged == 1 and report.created == 0, report
