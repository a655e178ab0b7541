"""Rows the module's tests and its world share: private institutions of the registry
with their files, a round with its form, a school's inspection."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from edugov.conftest import make_school
from edugov.core.context import acting
from edugov.engines.codes import credit_code_check_char

from ..models import InspectionItem, InspectionRound, PrivateSchool
from ..services import item_save, round_save, round_start, school_save

NOW = dt.datetime(2023, 9, 25, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
TODAY = "2023-09-25"


def credit_code(area: str, seq: int, prefix: str = "52") -> str:
    body = f"{prefix}{area}{seq:09d}"[:17]
    return body + credit_code_check_char(body)


def private_school(
    user,
    parent,
    code: str,
    name: str,
    itype: str = "kindergarten",
    *,
    enrolment: int = 300,
    **file_fields,
) -> PrivateSchool:
    """A private institution in the registry and its file, licensed until 2026."""
    with acting(user):
        unit = make_school(
            parent,
            code,
            name,
            itype,
            ownership="private",
            enrolment=enrolment,
            credit_code=credit_code(parent.code[:6], int(code[-4:])),
        )
        defaults = {
            "profit_type": "non_profit",
            "licence_number": f"教民{code}号",
            "licence_scope": "学前教育" if itype == "kindergarten" else "义务教育",
            "licence_valid_from": dt.date(2021, 9, 1),
            "licence_valid_until": dt.date(2026, 8, 31),
            "approved_capacity": enrolment + 60,
            "account_bank": "江西银行",
            "account_number": "6217000011112222",
            "account_supervised": True,
        }
        return school_save(
            file=PrivateSchool(school=unit, **{**defaults, **file_fields}), user=user
        )


def inspection_round(user, unit, code: str, *, year: int = 2023, items=None, start=True):
    """A round with a three-line form (one 必达), its inspections opened."""
    with acting(user):
        r = round_save(
            round=InspectionRound(code=code, year=year, title=f"{year}年度民办学校年检", unit=unit),
            user=user,
        )
        for c, area, name, full, must in (
            items
            if items is not None
            else (
                ("A1", "党的建设", "党组织全覆盖", "10", False),
                ("B1", "办学条件", "证照齐全、有效、一致", "20", True),
                ("C1", "财务资产管理", "学费专户管理", "20", False),
            )
        ):
            item_save(
                item=InspectionItem(
                    round=r, code=c, area=area, name=name, max_score=Decimal(full), mandatory=must
                ),
                user=user,
            )
        if start:
            round_start(round=r, user=user)
    return r
