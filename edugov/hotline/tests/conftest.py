"""Hotline fixtures: orders received by the city at a known moment (a Monday in Nanchang)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from edugov.casework.services import case_move
from edugov.core.context import acting
from edugov.hotline.models import HotlineOrder
from edugov.hotline.services import order_receive

TZ = ZoneInfo("Asia/Shanghai")
T0 = dt.datetime(2023, 9, 25, 10, 0, tzinfo=TZ)


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def move(case, user, name, *, now=T0, **data):
    with acting(user):
        return case_move(user=user, case=case, transition=name, now=now, **data)


@pytest.fixture
def receive(cast):
    """``receive(number, **fields)``: an order received by the city (or ``user=``)."""

    def make(number: str = "NC001", *, user=None, now=T0, **kw) -> HotlineOrder:
        user = user or cast.city_admin
        kw.setdefault("order_type", "complaint")
        kw.setdefault("topic", "fees")
        kw.setdefault("content", "学校课后服务收费过高")
        order = HotlineOrder(
            platform_no=number,
            received_at=now,
            caller_name="李四",
            caller_phone="13912345678",
            **kw,
        )
        with acting(user):
            return order_receive(user=user, order=order, now=now)

    return make


@pytest.fixture
def handling(cast, receive):
    """An order dispatched to 东湖区 and signed by its officer."""
    order = receive()
    move(order.case, cast.city_admin, "dispatch", lead_unit=cast.donghu)
    move(order.case, cast.donghu_officer, "sign")
    order.case.refresh_from_db()
    return order
