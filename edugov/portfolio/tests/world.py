"""Rows for the authorization matrix: a grade-9 record in a 东湖区 school, one in 进贤县, and
a practice-hours record of each."""

import datetime as dt
from decimal import Decimal

from edugov.core.context import acting
from edugov.portfolio.models import PortfolioActivity, PortfolioRecord
from edugov.portfolio.services import portfolio_activity_save, portfolio_record_save
from edugov.students.tests.conftest import make_student


def record(user, school, *, student=None, class_name="9班", dimension="practice", grade="B", **kw):
    student = student or make_student(school, id_number="", grade=9, class_name=class_name)
    with acting(user):
        return portfolio_record_save(
            user=user,
            record=PortfolioRecord(
                student=student,
                school_year=kw.get("school_year", 2025),
                term=kw.get("term", 2),
                dimension=dimension,
                grade=grade,
                evidence="参加社区志愿服务 24 小时",
            ),
        )


def activity(user, school, *, student=None, class_name="9班", kind="practice", **kw):
    student = student or make_student(school, id_number="", grade=9, class_name=class_name)
    with acting(user):
        return portfolio_activity_save(
            user=user,
            activity=PortfolioActivity(
                student=student,
                school_year=kw.get("school_year", 2025),
                term=kw.get("term", 2),
                kind=kind,
                on=kw.get("on", dt.date(2026, 4, 18)),
                hours=Decimal(kw.get("hours", "4")),
                programme=kw.get("programme"),
                title=kw.get("title", "社区志愿服务" if kind == "practice" else "红岩"),
                author=kw.get("author", ""),
            ),
        )


def build(cast) -> None:
    a = record(cast.donghu_principal, cast.donghu_school, class_name="东湖9班")
    b = record(cast.jinxian_principal, cast.jinxian_school, class_name="进贤9班")
    activity(cast.donghu_principal, cast.donghu_school, student=a.student)
    activity(cast.jinxian_principal, cast.jinxian_school, student=b.student)
