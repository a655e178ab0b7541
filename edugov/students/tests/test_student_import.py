"""The 学籍 import: two-phase, keyed by the 学籍号's blind index, duplicate IDs caught
through the ID blind index whatever their spelling; re-import is a no-op."""

import csv
import datetime as dt
import io

import pytest

from edugov.audit.models import AuditEvent
from edugov.core.context import acting
from edugov.students.importers import StudentImporter
from edugov.students.models import Student

from .conftest import make_id, make_student

pytestmark = pytest.mark.django_db

# Field names are accepted as headers beside the zh/en labels (the labels' Chinese
# translations come with the lead's makemessages run).
HEADER = [c.field for c in StudentImporter.columns]


def row(idn: str, name="张三", school="2136000001", number=None):
    return [
        number or "G" + idn,
        name,
        idn,
        "",
        "",
        school,
        "5",
        "1班",
        "张父",
        "13900001111",
        "东湖区某路 1 号",
        "在读",
    ]


def run(user, rows):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEADER)
    w.writerows(rows)
    content = buf.getvalue().encode()
    with acting(user):
        return StudentImporter(user).run(io.BytesIO(content), "students.csv", len(content))


def test_it_imports_and_a_reimport_changes_nothing(cast):
    rows = [row(make_id(dt.date(2015, 1, 1 + i))) for i in range(3)]
    report = run(cast.donghu_officer, rows)
    assert report.ok and (report.created, report.updated) == (3, 0)
    s = Student.objects.order_by("pk").first()
    assert s.birth_date == dt.date(2015, 1, 1) and s.guardian_phone == "13900001111"
    again = run(cast.donghu_officer, rows)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_it_rejects_a_file_with_the_same_id_spelled_two_ways_and_writes_nothing(cast):
    # One ending in X, so that the lower-case spelling differs.
    idn = next(i for q in range(1000) if (i := make_id(dt.date(2015, 2, 2), seq=q)).endswith("X"))
    spaced = f"{idn[:6]} {idn[6:14]} {idn[14:].lower()}"
    other = make_id(dt.date(2015, 3, 3))
    rows = [row(idn), row(spaced, number="J" + "1" * 18), row(other)]
    report = run(cast.donghu_officer, rows)
    assert not report.ok and Student.objects.count() == 0
    assert any(e.startswith(("第 3 行", "Row 3")) for e in report.errors)
    assert not any(idn in e for e in report.errors)  # the value is never echoed


def test_it_rejects_an_id_already_registered_elsewhere(cast):
    existing = make_student(cast.jinxian_school)
    lower = existing.id_number.lower()
    report = run(cast.donghu_officer, [row(lower, number="J" + "2" * 18)])
    assert not report.ok and Student.objects.count() == 1
    assert not any(existing.id_number in e for e in report.errors)


def test_it_refuses_rows_for_a_school_outside_the_scope(cast):
    report = run(cast.donghu_officer, [row(make_id(dt.date(2015, 4, 4)), school="2136000003")])
    assert not report.ok and Student.objects.count() == 0


def test_a_bad_check_character_is_reported_without_the_value(cast):
    good = make_id(dt.date(2015, 5, 5))
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    report = run(cast.donghu_officer, [row(bad)])
    assert not report.ok and not any(bad in e for e in report.errors)
    assert AuditEvent.objects.filter(event_type="import", outcome="failure").count() == 1
