"""The student import asks the database per chunk, not per row: the same handful of
queries for 200 rows as for 1,000 (half new, half stored and changed)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edugov.students.models import Student

from .conftest import make_id
from .test_student_import import row, run

pytestmark = pytest.mark.django_db


def _rows(start: int, n: int, name: str) -> list[list[str]]:
    born = dt.date(2012, 1, 1)
    return [row(make_id(born + dt.timedelta(days=start + i), seq=7), name=name) for i in range(n)]


def _queries(user, start: int, n: int) -> int:
    stored = _rows(start, n // 2, "张三")
    assert run(user, stored).created == n // 2
    # The stored half renamed, and as many new students.
    rows = _rows(start, n // 2, "李四") + _rows(start + n // 2, n // 2, "王五")
    with CaptureQueriesContext(connection) as ctx:
        report = run(user, rows)
    assert report.ok, report.errors[:3]
    assert (report.created, report.updated) == (n // 2, n // 2)
    return len(ctx.captured_queries)


def test_the_query_count_does_not_grow_with_the_rows(cast):
    small = _queries(cast.donghu_officer, 0, 200)
    large = _queries(cast.donghu_officer, 2000, 1000)
    assert large <= small + 2, (small, large)
    assert large <= 40, large
    assert Student.objects.count() == 1200
    assert set(Student.objects.values_list("name", flat=True)) == {"李四", "王五"}
