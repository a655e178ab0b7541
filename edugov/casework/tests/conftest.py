"""Casework fixtures: the test case type, a 督导室 user, and cases at known moments.

2023 around National Day: 09-29 to 10-06 are days off, 10-07 and 10-08 (a weekend) are
make-up working days. So one working day after 2023-09-28 is 2023-10-07.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from edugov.casework.services import case_move, case_open
from edugov.conftest import make_user
from edugov.core.context import acting
from edugov.org.models import Unit

from .casetypes import COMPLAINT, ensure_registered

TZ = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> dt.datetime:
    """A moment in Nanchang."""
    return dt.datetime(*args, tzinfo=TZ)


T0 = at(2023, 9, 25, 10, 0)  # a Monday


def pdf(name: str = "reply.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 test evidence", content_type="application/pdf")


@pytest.fixture(autouse=True)
def _complaint_type():
    ensure_registered()
    return COMPLAINT


@pytest.fixture
def duban(cast):
    """A member of the bureau's 督导室, which holds the supervising power."""
    return make_user("duban", "department_staff", Unit.objects.get(name="督导室"))


@pytest.fixture
def open_case(cast, duban):
    """``open_case(**kw)``: a complaint owned by the city, at ``T0`` unless told."""

    def make(**kw):
        kw.setdefault("user", cast.city_admin)
        kw.setdefault("case_type", "t_complaint")
        kw.setdefault("title", "家长投诉课后服务收费")
        kw.setdefault("now", T0)
        with acting(kw["user"]):
            return case_open(**kw)

    return make


def move(case, user, name, *, now=T0, **data):
    with acting(user):
        return case_move(user=user, case=case, transition=name, now=now, **data)


@pytest.fixture
def handling(cast, open_case, duban):
    """A complaint assigned to 东湖区 (co: 进贤县, supervised by 督导室) and signed."""
    case = open_case()
    move(
        case,
        cast.city_admin,
        "assign",
        lead_unit=cast.donghu,
        co_units=[cast.jinxian],
        supervising_unit=duban.unit,
    )
    return move(case, cast.donghu_officer, "sign")
