"""Rows for the authorization matrix: an exam per district with its candidates, results
and value added, so every cast member has rows inside and outside their scope."""

import datetime as dt

from edugov.academics.analysis import exam_analyse
from edugov.core.context import acting

from .conftest import make_exam, rows_for, run_import


def build(cast) -> None:
    schools = [cast.donghu_junior, cast.donghu_school, cast.jinxian_school]
    first = make_exam(cast.city, name="矩阵一模", date=dt.date(2026, 3, 1))
    second = make_exam(cast.city, name="矩阵二模", date=dt.date(2026, 4, 1), prior=first)
    for offset, exam in enumerate((first, second)):
        report = run_import(exam, cast.city_admin, rows_for(schools, offset=offset))
        assert not report.errors, report.errors
        with acting(cast.city_admin):
            exam_analyse(exam=exam)
    make_exam(cast.jinxian, name="进贤县联考")
