"""Wellbeing fixtures: the schools' lead counselors and 东湖区's center (``team``), a
class teacher, a 15-year-old and a 12-year-old in 东湖区第一中学, a 东湖区 campaign, and
a 红 sheet (``crisis``) opened through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from edugov.conftest import make_user
from edugov.students.tests.conftest import make_student

from .factory import RED_PHQ, answer, campaign, code_for, staff


@pytest.fixture
def team(cast):
    return staff(cast)


@pytest.fixture
def teacher(cast):
    """The 班主任 of 7年级1班 (the pupils' class): a teacher sees her class's roll only."""
    from edugov.students.models import ClassAssignment

    user = make_user("donghu_teacher", "teacher", cast.donghu_junior)
    ClassAssignment.objects.create(
        user=user, school=cast.donghu_junior, grade=7, class_name="1班", role="head"
    )
    return user


@pytest.fixture
def pupil(cast):
    return make_student(cast.donghu_junior, name="李小明", grade=7)  # born 2008: 15


@pytest.fixture
def young(cast):
    return make_student(cast.donghu_junior, name="赵小雨", grade=7, born=dt.date(2010, 12, 1))


@pytest.fixture
def drive(cast, team, pupil):
    return campaign(cast.donghu_officer, cast.donghu)


@pytest.fixture
def crisis(cast, pupil, drive):
    """A 红 sheet (PHQ-9 item 9 > 0) and the crisis case it opened."""
    return answer(code_for(cast.counselor, drive, pupil), RED_PHQ)
