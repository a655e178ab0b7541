"""Rows for the authorization matrix: 12345 orders received by the city (dispatched to
东湖区), by 东湖区 (dispatched to one of its schools) and by a 进贤县 school; and a 舆情
item of the city."""

import datetime as dt

from edugov.casework.services import case_move
from edugov.core.context import acting
from edugov.hotline.models import HotlineOrder
from edugov.hotline.services import opinion_open, order_receive

NOW = dt.datetime(2023, 9, 25, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def receive(user, number: str, **kw) -> HotlineOrder:
    order = HotlineOrder(
        platform_no=number,
        received_at=NOW,
        order_type=kw.pop("order_type", "complaint"),
        topic=kw.pop("topic", "fees"),
        content=kw.pop("content", "课后服务收费问题"),
        caller_name="张三",
        caller_phone="13800001234",
        **kw,
    )
    with acting(user):
        return order_receive(user=user, order=order, now=NOW)


def build(cast) -> None:
    city = receive(cast.city_admin, "W-CITY-1", district=cast.donghu)
    with acting(cast.city_admin):
        case_move(
            user=cast.city_admin,
            case=city.case,
            transition="dispatch",
            lead_unit=cast.donghu,
            now=NOW,
        )
        opinion_open(user=cast.city_admin, title="网传某校食堂问题", level="serious", now=NOW)
    donghu = receive(cast.donghu_officer, "W-DONGHU-1", school=cast.donghu_school)
    with acting(cast.donghu_officer):
        case_move(
            user=cast.donghu_officer,
            case=donghu.case,
            transition="dispatch",
            lead_unit=cast.donghu_school,
            now=NOW,
        )
    receive(cast.jinxian_principal, "W-JINXIAN-1", school=cast.jinxian_school)
