"""The rules checked from stored data: a violation opens a ``training_case``; the
working-day calendar is casework's (a 调休 Saturday is a working day)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from edugov.casework.models import Case
from edugov.core.context import acting

from ..casetypes import CASE
from ..models import Session, StatementLine
from ..services import rules_check
from .world import NOW

pytestmark = pytest.mark.django_db


def make_subject_lesson(inst, day):
    course = inst.courses.get()
    return Session.objects.create(course=course, date=day, start=dt.time(18), end=dt.time(19))


def test_a_make_up_saturday_passes_and_a_holiday_opens_a_case(cast, world):
    inst = world["jinxian"]  # 学科类
    make_subject_lesson(inst, dt.date(2023, 10, 7))  # 调休上班
    make_subject_lesson(inst, dt.date(2099, 1, 1))  # a year the calendar lacks: not judged
    with acting(cast.city_admin):
        assert rules_check(user=cast.city_admin, institution=inst, now=NOW) is None
        make_subject_lesson(inst, dt.date(2023, 10, 2))  # 国庆
        case = rules_check(user=cast.city_admin, institution=inst, now=NOW)
    assert case is not None and case.case_type == CASE and case.lead_unit == cast.jinxian
    assert "2023-10-02" in case.description and "holiday" in case.description
    assert case.attrs["source"] == "data" and case.attrs["lessons"] == 1
    # A second check while the case is open adds none; another district may not check.
    with acting(cast.city_admin):
        assert rules_check(user=cast.city_admin, institution=inst, now=NOW) is None
    with acting(cast.donghu_officer), pytest.raises(PermissionDenied):
        rules_check(user=cast.donghu_officer, institution=inst, now=NOW)
    assert Case.objects.filter(attrs__source="data").count() == 1


def test_a_charge_of_61_lessons_or_5000_01_yuan_opens_a_case(cast, world):
    inst = world["donghu"]  # 非学科类
    line = StatementLine.objects.get(institution=inst, kind="charge")
    line.lessons, line.amount = 60, Decimal("5000.00")
    line.save()
    with acting(cast.donghu_officer):
        assert rules_check(user=cast.donghu_officer, institution=inst, now=NOW) is None
    line.amount = Decimal("5000.01")
    line.save()
    with acting(cast.donghu_officer):
        case = rules_check(user=cast.donghu_officer, institution=inst, now=NOW)
    assert "too_much_money" in case.description and case.attrs["charges"] == 1
