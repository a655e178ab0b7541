"""Building blocks shared by the world, the tests and the demo: staffing with lead
counselors, a district center, a campaign, codes and sheets at known moments."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from edugov.conftest import make_user
from edugov.core.context import acting
from edugov.wellbeing import services
from edugov.wellbeing.models import Campaign, Center, Hospital, Staffing

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2023, 10, 9, 9, 0, tzinfo=TZ)  # a Monday, in school hours

CALM_PHQ = [0, 1, 0, 1, 0, 0, 0, 0, 0]
RED_PHQ = [1, 1, 1, 1, 0, 0, 0, 0, 2]  # total 7, but item 9 > 0: 红
ORANGE_PHQ = [2, 2, 2, 2, 2, 2, 2, 1, 0]  # 15
CALM_GAD = [0, 0, 1, 0, 0, 0, 0]


def staff(cast, *, center: bool = True):
    """Lead counselors for the cast's schools (the cast's counselor leads 东湖区第一中学),
    and 东湖区's center with one staff member. Returns the extra users by name."""
    users = {
        "school_counselor": make_user("yuxin_counselor", "counselor", cast.donghu_school),
        "jinxian_counselor": make_user("jinxian_counselor", "counselor", cast.jinxian_school),
        "center_staff": make_user("donghu_center", "counselor", cast.donghu),
    }
    with acting(None):
        Staffing.objects.bulk_create(
            [
                Staffing(school=cast.donghu_junior, lead_counselor=cast.counselor, full_time=1),
                Staffing(
                    school=cast.donghu_school, lead_counselor=users["school_counselor"], part_time=1
                ),
                Staffing(school=cast.jinxian_school, lead_counselor=users["jinxian_counselor"]),
            ]
        )
        if center:
            c = Center.objects.create(district=cast.donghu, name="东湖区中小学心理辅导中心")
            c.staff.set([users["center_staff"]])
        Hospital.objects.create(
            unit=cast.city, name="南昌市第九医院", department="儿童青少年心理科"
        )
    return users


def campaign(user, unit, *, grades=(7,), title="2023年秋季心理健康测评") -> Campaign:
    with acting(user):
        return services.campaign_create(
            user=user,
            campaign=Campaign(
                unit=unit,
                title=title,
                grades=list(grades),
                instruments=["PHQ-9", "GAD-7"],
                opens_on=NOW.date(),
                closes_on=NOW.date() + dt.timedelta(days=14),
            ),
            now=NOW,
        )


def code_for(user, campaign, student) -> str:
    with acting(user):
        ((_s, code),) = services.codes_issue(
            user=user, campaign=campaign, students=[student], now=NOW
        )
    return code


def answer(code: str, phq=CALM_PHQ, gad=CALM_GAD, *, now=NOW):
    with acting(None):
        return services.sheet_submit(code=code, answers={"PHQ-9": phq, "GAD-7": gad}, now=now)
