"""Unfiltered lists over big tables show PostgreSQL's estimate and page without
COUNT(*); filtered ones, small ones and SQLite count exactly (core/tables.py). The
threshold is lowered so that a few rows stand for a million."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from edugov.core.tables import _rounded, estimated_count
from edugov.students.models import Student
from edugov.students.tests.conftest import make_student

pytestmark = pytest.mark.django_db
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the planner's estimate: PostgreSQL only"
)


def test_an_estimate_is_shown_to_two_significant_figures():
    assert [_rounded(n) for n in (7, 99, 1_000_317, 123_456, 996_000)] == [
        7,
        99,
        1_000_000,
        120_000,
        1_000_000,
    ]


@pytest.fixture
def many(cast, settings):
    settings.EDUGOV_ESTIMATE_COUNT_ABOVE = 3
    for i in range(5):
        make_student(cast.donghu_school, name="李四", born=dt.date(2008, 5, 4 + i))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE students_student")
        cursor.execute("ANALYZE org_unit")
    return cast


def _count_queries(ctx) -> int:
    return sum("COUNT(" in q["sql"].upper() for q in ctx.captured_queries)


@on_postgres
def test_an_unfiltered_big_list_shows_the_estimate_without_counting(many, client_for):
    client = client_for(many.city_admin)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("students:student_list"), {"per_page": 2})
    html = response.content.decode()
    assert "约 5 行" in html
    assert _count_queries(ctx) == 0
    # Pages still work without the count: a next page, and it shows the next rows.
    assert "page=2" in html
    second = client.get(reverse("students:student_list"), {"per_page": 2, "page": 2})
    assert second.status_code == 200 and second.content.decode().count("<tr") == 3


@on_postgres
def test_english_says_about(many, client_for):
    client = client_for(many.city_admin)
    response = client.get(reverse("students:student_list"), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "about 5 rows" in html


@on_postgres
def test_a_filtered_list_counts_exactly(many, client_for):
    response = client_for(many.city_admin).get(reverse("students:student_list"), {"grade": 7})
    assert "共 5 行" in response.content.decode()


@on_postgres
def test_a_list_below_the_threshold_counts_exactly(many, settings, client_for):
    settings.EDUGOV_ESTIMATE_COUNT_ABOVE = 1_000
    assert estimated_count(Student.objects.all()) is None
    response = client_for(many.city_admin).get(reverse("students:student_list"))
    assert "共 5 行" in response.content.decode()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's own behaviour")
def test_sqlite_always_counts_exactly(cast, settings, client_for):
    settings.EDUGOV_ESTIMATE_COUNT_ABOVE = 0
    make_student(cast.donghu_school, name="李四")
    assert estimated_count(Student.objects.all()) is None
    response = client_for(cast.city_admin).get(reverse("students:student_list"))
    assert "共 1 行" in response.content.decode()
