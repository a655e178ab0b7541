"""Duplicates are found across chunks: the keys met so far live on disk (SeenKeys), not
only in the chunk at hand. Chunks of 2 rows here, so each duplicate is chunks apart."""

import datetime as dt

import pytest

from edugov.core.io import importer as importer_module
from edugov.students.models import Student

from .conftest import make_id
from .test_student_import import row, run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(importer_module, "CHUNK", 2)


def ids(n):
    return [make_id(dt.date(2015, 4, 1 + i)) for i in range(n)]


def test_a_student_number_twice_chunks_apart_names_the_first_row(cast):
    a, b, c = ids(3)
    report = run(cast.donghu_officer, [row(a), row(b), row(c), row(a)])
    assert Student.objects.count() == 0
    assert report.errors == ["第 5 行：与第 2 行重复"]


def test_an_id_number_twice_chunks_apart_and_a_third_time_names_the_first_row(cast):
    a, b, c = ids(3)
    rows = [row(a), row(b), row(c), row(a, number="J" + "3" * 18), row(a, number="J" + "4" * 18)]
    report = run(cast.donghu_officer, rows)
    assert Student.objects.count() == 0
    # Both name row 2, where the ID number first appeared, not each other.
    assert report.errors == [
        "第 5 行 第 C 列（身份证号）：身份证号与第 2 行相同",
        "第 6 行 第 C 列（身份证号）：身份证号与第 2 行相同",
    ]
