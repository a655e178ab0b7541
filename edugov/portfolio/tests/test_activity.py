"""Practice hours and reading (issue 23 §2): entered by the class teacher one by one or by
import, scoped by the student's school and class, audited; a practice names a base of the
programme registry or none (the school's own); the term's totals show on the record page."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook

from edugov.audit.models import AuditEvent
from edugov.conftest import make_user
from edugov.core.context import acting
from edugov.core.testing import ScopedViewTests
from edugov.portfolio.importers import ActivityImporter
from edugov.portfolio.models import PortfolioActivity
from edugov.programmes.tests.world import programme
from edugov.students.tests.conftest import make_student
from edugov.students.tests.test_class_assignments import assign

from .world import activity, record

pytestmark = pytest.mark.django_db

HEADER = ["学籍号", "学年", "学期（1 或 2）", "类型（社会实践或阅读）", "日期", "学时"]
HEADER += ["实践基地（登记编号）", "活动内容或书名", "作者"]


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
        return ActivityImporter(user).run(fh, "hours.xlsx", len(fh.getvalue()))


class TestActivityPages(ScopedViewTests):
    list_url = "portfolio:activity_list"
    edit_url = "portfolio:activity_edit"
    not_applicable = {
        "test_the_detail_page_answers_200_in_scope_and_404_outside": "a practice or reading "
        "row has no page of its own: the list shows every field and links to its form",
    }
    export_url = "portfolio:activity_export"

    def objects(self, cast):
        inside = activity(cast.donghu_principal, cast.donghu_school, class_name="东湖9班")
        outside = activity(cast.jinxian_principal, cast.jinxian_school, class_name="进贤9班")
        return cast.donghu_principal, inside, outside

    def label(self, obj):
        return obj.class_name


def test_a_practice_names_a_base_of_the_registry_and_a_book_names_none(cast):
    base = programme(cast.donghu_officer, cast.donghu, "LD-1", schools=[cast.donghu_school])
    arts = programme(cast.donghu_officer, cast.donghu, "CX-1", kind="innovation", extra={})
    a = activity(cast.donghu_principal, cast.donghu_school, programme=base, hours="3.5")
    assert a.programme == base and a.hours == Decimal("3.5") and a.grade_level == 9
    with pytest.raises(ValidationError) as err:
        activity(cast.donghu_principal, cast.donghu_school, programme=arts, title="x")
    assert "programme" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        activity(cast.donghu_principal, cast.donghu_school, kind="reading", programme=base)
    assert "programme" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        activity(cast.donghu_principal, cast.donghu_school, hours="0", title="y")
    assert "hours" in err.value.message_dict
    assert AuditEvent.objects.filter(object_type="portfolio.portfolioactivity").count() == 1


def test_a_teacher_enters_her_class_only(cast, client_for):
    t = make_user("t_a", "teacher", cast.donghu_school)
    assign(cast.donghu_principal, t, class_name="1班")
    mine = make_student(cast.donghu_school, id_number="", grade=9, class_name="1班")
    theirs = make_student(cast.donghu_school, id_number="", grade=9, class_name="2班")
    client = client_for(t)
    data = {"school_year": 2025, "term": 1, "kind": "reading", "on": "2025-11-02"}
    data |= {"hours": "6", "title": "平凡的世界", "author": "路遥"}
    assert (
        client.post(reverse("portfolio:activity_create"), data | {"student": mine.pk}).status_code
        == 302
    )
    page = client.post(reverse("portfolio:activity_create"), data | {"student": theirs.pk})
    assert page.status_code == 400
    assert list(PortfolioActivity.objects.values_list("student", "author")) == [(mine.pk, "路遥")]


def test_the_import_finds_the_base_by_its_number_and_writes_nothing_on_a_bad_row(cast):
    base = programme(cast.donghu_officer, cast.donghu, "LD-2", schools=[cast.donghu_school])
    programme(cast.jinxian_principal, cast.jinxian_school, "LD-9")  # not a 东湖 base
    s = make_student(cast.donghu_school, id_number="", grade=9, class_name="9班")
    n = s.student_number
    good = [n, 2025, 1, "社会实践", "2025-10-18", 4, "LD-2", "农耕体验", None]
    book = [n, 2025, 1, "阅读", "2025-11-02", "2.5", None, "红岩", "罗广斌"]
    report = run(
        cast.donghu_principal,
        [good, [n, 2025, 1, "社会实践", "2025-10-19", 2, "LD-9", "x", None], book],
    )
    assert any(e.startswith("第 3 行") and "实践基地" in e for e in report.errors)
    assert not PortfolioActivity.objects.exists()
    report = run(
        cast.donghu_principal,
        [good, book, [n, 2025, 1, "阅读", "2025-11-03", "1.25", None, "y", None]],
    )
    assert any(e.startswith("第 4 行") and "学时" in e for e in report.errors)
    report = run(cast.donghu_principal, [good, book])
    assert report.ok, report.errors
    rows = PortfolioActivity.objects.order_by("kind")
    assert [(r.kind, r.programme_id, r.hours) for r in rows] == [
        ("practice", base.pk, Decimal("4.0")),
        ("reading", None, Decimal("2.5")),
    ]
    # The same student, kind, date and title again corrects the hours.
    report = run(cast.donghu_principal, [[*good[:5], 6, *good[6:]]])
    assert report.ok and PortfolioActivity.objects.get(kind="practice").hours == Decimal("6.0")


def test_the_record_page_shows_the_terms_hours_and_books(cast, client_for):
    r = record(cast.donghu_principal, cast.donghu_school, school_year=2025, term=1)
    for day, hours in ((18, "4"), (25, "2.5")):
        activity(
            cast.donghu_principal,
            cast.donghu_school,
            student=r.student,
            school_year=2025,
            term=1,
            on=dt.date(2025, 10, day),
            hours=hours,
            title=f"服务{day}",
        )
    activity(
        cast.donghu_principal,
        cast.donghu_school,
        student=r.student,
        school_year=2025,
        term=2,
        hours="9",
        title="下学期",
    )  # another term: not counted
    activity(
        cast.donghu_principal,
        cast.donghu_school,
        student=r.student,
        kind="reading",
        school_year=2025,
        term=1,
        hours="3",
    )
    page = client_for(cast.donghu_principal).get(r.get_absolute_url()).content.decode()
    assert "2 项活动，共 6.5 小时" in page
    assert "1 本，共 3.0 小时" in page
