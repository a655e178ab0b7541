"""Student fixtures on top of the fixed cast: valid ID numbers, students, a full-view role."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from edugov.accounts.models import Role, RoleAssignment, User
from edugov.core.context import acting
from edugov.engines.codes import id_check_char
from edugov.students.models import Student
from edugov.students.services import student_create

_seq = itertools.count(101)


def make_id(born: dt.date, area: str = "360102", seq: int | None = None) -> str:
    """A valid GB 11643 ID number (the check character computed, not made up)."""
    first17 = f"{area}{born:%Y%m%d}{(seq if seq is not None else next(_seq)) % 1000:03d}"
    return first17 + id_check_char(first17)


def make_student(school, *, born=dt.date(2008, 5, 4), name="张三丰", id_number=None, **extra):
    idn = make_id(born) if id_number is None else id_number
    number = extra.pop("student_number", "G" + idn if idn else f"J{next(_seq):018d}")
    with acting(None):
        return student_create(
            student=Student(
                school=school,
                student_number=number,
                name=name,
                id_number=idn,
                birth_date=None if idn else born,
                grade=extra.pop("grade", 7),
                class_name=extra.pop("class_name", "1班"),
                guardian_name=extra.pop("guardian_name", "张大山"),
                guardian_phone=extra.pop("guardian_phone", "13812341234"),
                home_address=extra.pop("home_address", "南昌市东湖区八一大道 1 号"),
                **extra,
            )
        )


def grant(user: User, *perms: str, code: str = "pd_test") -> User:
    """Give ``user`` an extra role holding ``perms``; returns a fresh copy (no perm cache)."""
    from django.contrib.auth.models import Permission

    role, _ = Role.objects.get_or_create(code=code, defaults={"name": code})
    for perm in perms:
        app, _, codename = perm.partition(".")
        role.permissions.add(Permission.objects.get(content_type__app_label=app, codename=codename))
    RoleAssignment.objects.get_or_create(user=user, role=role)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def students(cast):
    """An adult-ish (17) student in 东湖, one in 进贤; no minors."""
    return {
        "donghu": make_student(cast.donghu_school, born=dt.date(2008, 5, 4), name="李四"),
        "jinxian": make_student(
            cast.jinxian_school, born=dt.date(2007, 11, 30), name="王五", class_name="2班"
        ),
    }


@pytest.fixture
def full_viewer(cast):
    return grant(cast.donghu_officer, "students.view_full_personal_data")
