"""The light row rendering (core/tables.py) is django-tables2's, cell for cell: same text,
same links, same <td> attributes; and the list page really uses it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test.html import parse_html
from django.urls import reverse
from django_tables2.rows import BoundRow

from edugov.students.tests.conftest import make_student

pytestmark = pytest.mark.django_db

TBODY = re.compile(r"<tbody[^>]*>.*?</tbody>", re.S)


def _tbodies(response) -> tuple[str, str]:
    """The page's tbody (light rows) and django-tables2's own for the same table."""
    assert response.status_code == 200
    page = TBODY.findall(response.content.decode())
    reference = TBODY.findall(response.context["table"].as_html(response.wsgi_request))
    assert len(page) == 1 and len(reference) == 1
    return page[0], reference[0]


def _students(cast):
    # A minor (badge), an adult, one without an ID number: every column's branches.
    make_student(cast.donghu_school, name="李四", born=dt.date(2016, 3, 1), grade=3)
    make_student(cast.donghu_school, name="王五", guardian_phone="")
    make_student(cast.donghu_school, name="赵六", id_number="")


def test_the_students_list_renders_the_same_cells_as_django_tables2(cast, client_for):
    _students(cast)
    response = client_for(cast.donghu_principal).get(reverse("students:student_list"))
    page, reference = _tbodies(response)
    assert page.count("<tr") == 3
    assert "/students/" in page and "bg-warning" in page  # a link and the under-14 badge
    assert parse_html(page) == parse_html(reference)


def test_the_units_list_renders_the_same_cells_as_django_tables2(cast, client_for):
    response = client_for(cast.city_admin).get(reverse("org:unit_list"))
    page, reference = _tbodies(response)
    assert page.count("<tr") >= 3
    assert parse_html(page) == parse_html(reference)


def test_the_list_page_does_not_render_cells_through_django_tables2(cast, client_for, monkeypatch):
    _students(cast)

    def refuse(self, name):
        raise AssertionError("a list cell went through BoundRow.get_cell")

    monkeypatch.setattr(BoundRow, "get_cell", refuse)
    response = client_for(cast.donghu_principal).get(reverse("students:student_list"))
    assert response.status_code == 200
    assert response.content.decode().count("<tr") == 4  # header + 3 rows
