"""Rows for the authorization matrix: a private kindergarten in 东湖区 and a private
primary school in 进贤县, each with a founder, a fee filing, a placement, a change of its
file and a risk tier; a 年检 round of each district with its form and inspections (东湖's
submitted, so the review has a row)."""

import datetime as dt

from edugov.core.context import acting

from ..models import FeeFiling, Founder, Notice, Placement, RelatedPartyTransaction
from ..risk import risk_assess
from ..services import (
    inspection_self_report,
    inspection_submit,
    notice_send,
    row_save,
    school_save,
)
from .factories import NOW, inspection_round, private_school


def _records(user, file, tag):
    with acting(user):
        row_save(
            obj=Founder(
                file=file, name=f"{tag}举办者", id_number="360102198001011234", phone="13907910001"
            ),
            user=user,
        )
        row_save(
            obj=FeeFiling(
                file=file, year=2023, item="保育教育费", amount=3000, filed_on=dt.date(2023, 8, 1)
            ),
            user=user,
        )
        row_save(
            obj=Placement(
                file=file,
                grade="一年级",
                students=10,
                receiving_name="外市某校",
                placed_on=dt.date(2023, 8, 1),
            ),
            user=user,
        )
        file.approved_capacity += 10
        school_save(file=file, user=user)
        risk_assess(file=file, user=user, year=2023, now=NOW)
        notice_send(
            notice=Notice(
                unit=file.school.parent,
                title=f"{tag}关于开展年检的通知",
                body="请按时自查。",
                issued_on=dt.date(2023, 3, 1),
            ),
            user=user,
        )


def build(cast) -> None:
    dh = private_school(cast.donghu_officer, cast.donghu, "1136000101", "东湖区民办启明幼儿园")
    jx = private_school(
        cast.city_admin, cast.jinxian, "2136000102", "进贤县民办育才小学", "primary"
    )
    _records(cast.donghu_officer, dh, "东湖")
    _records(cast.city_admin, jx, "进贤")
    with acting(cast.donghu_officer):
        row_save(
            obj=RelatedPartyTransaction(
                file=dh,
                year=2023,
                party="启明教育咨询公司",
                description="教材采购",
                amount=12000,
                disclosed_on=dt.date(2023, 6, 30),
            ),
            user=cast.donghu_officer,
        )
    r = inspection_round(cast.donghu_officer, cast.donghu, "T-NJ-DH")
    inspection_round(cast.city_admin, cast.jinxian, "T-NJ-JX")
    inspection = r.inspections.get()
    with acting(cast.donghu_officer):
        inspection_self_report(
            inspection=inspection,
            user=cast.donghu_officer,
            answers={
                a.pk: {"score": a.item.max_score} for a in inspection.answers.select_related("item")
            },
        )
        inspection_submit(inspection=inspection, user=cast.donghu_officer)
