"""Import of a class's portfolio grades (xlsx, through core/io): a bad row names its row
and column and writes nothing; another school's student is not found; a signed-off
record is not overwritten; a good file writes drafts."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from edugov.core.context import acting
from edugov.portfolio.importers import RecordImporter
from edugov.portfolio.models import PortfolioRecord, Status
from edugov.portfolio.services import portfolio_publish
from edugov.students.tests.conftest import make_student

from .world import record

pytestmark = pytest.mark.django_db

HEADER = ["学籍号", "学年", "学期（1 或 2）", "评价维度", "等级（A–D）", "佐证材料"]


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
        return RecordImporter(user).run(fh, "class.xlsx", len(fh.getvalue()))


def test_a_bad_row_names_its_row_and_column_and_writes_nothing(cast):
    a = make_student(cast.donghu_school, id_number="", grade=9, class_name="9班")
    other = make_student(cast.jinxian_school, id_number="", grade=9)
    good = [a.student_number, 2025, 1, "社会实践", "A", "社区志愿服务 24 小时"]
    report = run(
        cast.donghu_principal,
        [
            good,
            [a.student_number, 2025, 1, "劳动", "E", "x"],
            [other.student_number, 2025, 1, "艺术素养", "B", "合唱"],
        ],
    )
    assert not PortfolioRecord.objects.exists()
    assert not any(e.startswith("第 2 行") for e in report.errors)
    row3 = [e for e in report.errors if e.startswith("第 3 行")]
    assert any("评价维度" in e for e in row3) and any("等级" in e for e in row3)
    assert any(e.startswith("第 4 行") and "学籍号" in e for e in report.errors)
    report = run(
        cast.donghu_principal, [good, [a.student_number, 2025, 1, "思想品德", "b", "班干部"]]
    )
    assert report.ok, report.errors
    rows = dict(PortfolioRecord.objects.values_list("dimension", "grade"))
    assert rows == {"practice": "A", "moral": "B"}
    assert set(PortfolioRecord.objects.values_list("status", flat=True)) == {Status.DRAFT}
    assert set(PortfolioRecord.objects.values_list("grade_level", "class_name")) == {(9, "9班")}


def test_a_record_on_notice_is_not_overwritten_by_an_import(cast):
    r = record(cast.donghu_principal, cast.donghu_school, grade="B", school_year=2025, term=1)
    with acting(cast.donghu_principal):
        portfolio_publish(user=cast.donghu_principal, record=r, today=dt.date(2026, 3, 2))
    report = run(
        cast.donghu_principal, [[r.student.student_number, 2025, 1, "社会实践", "A", "改"]]
    )
    assert any(e.startswith("第 2 行") for e in report.errors)
    r.refresh_from_db()
    assert r.grade == "B"
