"""Imports: the bank statement (a malformed line writes nothing and is named) and the
national platform's registry export (re-import keeps it in sync, unchanged = 0 writes)."""

import io

import pytest

from edugov.core.context import acting

from ..custody import fetch_statements
from ..importers import InstitutionImporter, StatementImporter
from ..models import Institution, StatementLine

pytestmark = pytest.mark.django_db

HEAD = "流水号,机构编码,记账日期,类型,金额（元）,课时,期间起,期间止,退费单号\n"


def run(importer, user, text: str, name="statement.csv"):
    data = io.BytesIO(text.encode("utf-8"))
    with acting(user):
        return importer(user).run(data, name, len(data.getvalue()))


def test_a_statement_with_one_malformed_line_writes_nothing_and_names_it(cast, world):
    before = StatementLine.objects.count()
    good = "".join(
        f"B{i},JG-DH-1,2023-09-{i + 1:02d},收费,1200.00,12,2023-09-01,2023-11-30,\n"
        for i in range(1, 6)
    )
    bad = "B9,JG-DH-1,2023-09-09,退费,12.345,1,,,R1\n"  # three decimals: not an amount
    report = run(StatementImporter, cast.donghu_officer, HEAD + good + bad)
    assert not report.ok and StatementLine.objects.count() == before
    assert len(report.errors) == 1
    assert "7" in report.errors[0] and "12.345" not in report.errors[0]
    report = run(StatementImporter, cast.donghu_officer, HEAD + good)
    assert report.ok and report.created == 5
    again = run(StatementImporter, cast.donghu_officer, HEAD + good)
    assert again.created == 0 and again.updated == 0 and again.unchanged == 5
    # A line of another district's institution is refused like a malformed one.
    row = "B1X,JG-JX-1,2023-09-02,收费,100.00,1,2023-09-01,2023-09-30,\n"
    assert not run(StatementImporter, cast.donghu_officer, HEAD + row).ok
    assert not StatementLine.objects.filter(serial="B1X").exists()


def test_the_registry_export_re_imported_updates_what_changed(cast, world):
    head = "机构编码,机构名称,办学许可证号,类别,培训领域,线上,地址,所在县区,状态,资金监管方式\n"
    row = "JG-DH-9,东湖新星科技培训,教民9号,非学科类,科技,否,东湖区某路 9 号,东湖区,正常,银行托管\n"
    assert run(InstitutionImporter, cast.city_admin, head + row, "r.csv").created == 1
    same = run(InstitutionImporter, cast.city_admin, head + row, "r.csv")
    assert (same.created, same.updated, same.unchanged) == (0, 0, 1)
    moved = run(InstitutionImporter, cast.city_admin, head + row.replace("正常", "停业"), "r.csv")
    assert moved.updated == 1
    assert Institution.objects.get(code="JG-DH-9").status == "suspended"
    # A 学科类 institution training in 科技 is refused, named by row and column.
    wrong = run(
        InstitutionImporter, cast.city_admin, head + row.replace(",非学科类,", ",学科类,"), "r.csv"
    )
    assert not wrong.ok and "2" in wrong.errors[0]


def test_the_export_goes_back_in_unchanged(cast, world, client_for):
    response = client_for(cast.city_admin).get("/training/export/", {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "东湖区" in text and "非学科类" in text
    report = run(InstitutionImporter, cast.city_admin, text, "export.csv")
    assert report.ok and report.unchanged == 2 and report.created == 0


def test_the_bank_feed_goes_through_the_importer(cast, world):
    import datetime as dt

    report = fetch_statements(
        user=cast.donghu_officer,
        institutions=["JG-DH-1"],
        since=dt.date(2023, 9, 4),
        until=dt.date(2023, 9, 30),
    )
    assert report.ok and report.created == 8  # 4 weeks × (charge + release)
    again = fetch_statements(
        user=cast.donghu_officer,
        institutions=["JG-DH-1"],
        since=dt.date(2023, 9, 4),
        until=dt.date(2023, 9, 30),
    )
    assert again.created == 0 and again.unchanged == 8


def test_courses_and_lessons_come_in_and_the_rules_read_them(cast, world):
    from ..importers import CourseImporter, SessionImporter
    from ..services import rules_check
    from .world import NOW

    courses = "机构编码,课程编码,课程,线上,课时单价（元）\nJG-JX-1,M2,初二数学,否,150.00\n"
    assert run(CourseImporter, cast.city_admin, courses, "c.csv").created == 1
    head = "机构编码,课程编码,日期,开始时间,结束时间\n"
    lessons = "JG-JX-1,M2,2023-10-07,18:00,19:00\nJG-JX-1,M2,2023-10-03,09:00,10:00\n"
    bad = run(
        SessionImporter,
        cast.city_admin,
        head + lessons + "JG-JX-1,M9,2023-10-09,18:00,19:00\n",
        "s.csv",
    )
    assert not bad.ok and "4" in bad.errors[0]
    assert run(SessionImporter, cast.city_admin, head + lessons, "s.csv").created == 2
    with acting(cast.city_admin):
        case = rules_check(user=cast.city_admin, institution=world["jinxian"], now=NOW)
    assert "2023-10-03" in case.description and "2023-10-07" not in case.description
