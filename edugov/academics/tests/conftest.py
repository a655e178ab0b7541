"""Academics fixtures on top of the fixed cast: junior schools in two districts, a
principal of one of them, and a small exam imported through the real import path and
analysed by the real job."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest

from edugov.academics.analysis import exam_analyse
from edugov.academics.importers import scores_import, template_headers
from edugov.academics.models import Exam
from edugov.academics.services import ItemSpec, SubjectSpec, exam_save
from edugov.conftest import make_school, make_user
from edugov.core.context import acting

SUBJECTS = [
    SubjectSpec("语文", Decimal(120), True),
    SubjectSpec(
        "数学",
        Decimal(20),
        False,
        (
            ItemSpec(1, Decimal(5), "A"),
            ItemSpec(2, Decimal(5), "C"),
            ItemSpec(3, Decimal(10)),
        ),
    ),
]


def student_number(i: int) -> str:
    return f"J3601{i:014d}"


def csv_file(headers: list[str], rows: list[list[object]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(headers)
    w.writerows(rows)
    return buf.getvalue().encode()


def run_import(exam: Exam, user, rows: list[list[object]], headers: list[str] | None = None):
    content = csv_file(headers or template_headers(exam), rows)
    with acting(user):
        return scores_import(
            exam=exam, user=user, fh=io.BytesIO(content), name="scores.csv", size=len(content)
        )


def make_exam(owner, *, name="九年级期末", date=dt.date(2026, 1, 10), prior=None, subjects=None):
    with acting(None):
        return exam_save(
            exam=Exam(name=name, date=date, grade=9, owner=owner, prior=prior),
            subjects=subjects or SUBJECTS,
        )


@dataclass
class World:
    exam: Exam
    junior: object  # cast.donghu_junior
    junior2: object  # another 东湖区 junior school
    jinxian_junior: object
    junior_principal: object


def rows_for(world_schools, offset: int = 0, shift: float = 0.0) -> list[list[object]]:
    """12 candidates, 4 per school in two classes; one absent from 数学, one with 0."""
    out = []
    for s, school in enumerate(world_schools):
        for k in range(4):
            i = s * 4 + k
            chinese = min(120, 60 + 7 * i + shift)
            if i == 5:
                maths_cells = ["缺考", "", "", ""]
            elif i == 6:
                maths_cells = [0, "B", "D", 0]
            else:
                a = "A" if i % 3 else "B"
                c = "C" if i % 2 else "D"
                item3 = min(10, i % 11)
                maths = (5 if a == "A" else 0) + (5 if c == "C" else 0) + item3
                maths_cells = [maths, a, c, item3]
            out.append(
                [
                    f"9{offset}{i:04d}",
                    student_number(i),
                    school.code,
                    f"{k % 2 + 1}班",
                    f"{chinese:g}" if i != 3 else "缺考",
                    *maths_cells,
                ]
            )
    return out


@pytest.fixture
def world(cast) -> World:
    with acting(None):
        junior2 = make_school(cast.donghu, "3136000101", "东湖区第二中学", "junior")
        jinxian_junior = make_school(cast.jinxian, "3136000102", "进贤县第一中学", "junior")
        principal = make_user("junior_principal", "school_admin", cast.donghu_junior)
    exam = make_exam(cast.city)
    schools = [cast.donghu_junior, junior2, jinxian_junior]
    report = run_import(exam, cast.city_admin, rows_for(schools))
    assert not report.errors, report.errors
    with acting(cast.city_admin):
        exam_analyse(exam=exam)
    exam.refresh_from_db()
    return World(exam, cast.donghu_junior, junior2, jinxian_junior, principal)
