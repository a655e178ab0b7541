"""The module's configurable figures, with their defaults (docs/modules/training.md).

DOMAIN.md §7 states the time and prepayment limits; what it marks UNCONFIRMED (the
procedural time limits, the 风险保证金 share, the refund deadline, the school vacations,
the local end of the working day, the public pages' rate) is configuration here: a
deployment overrides any key in ``settings.EDUGOV_TRAINING``; what it does not give keeps
its default.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings

from edugov.engines.training import PrepayLimits, TimeLimits

DEFAULTS: dict[str, Any] = {
    # DOMAIN.md §7 (stated).
    "time_limits": TimeLimits(),
    "prepay_limits": PrepayLimits(),
    # 寒暑假 when 学科类 training is barred, as (month, day) ranges of every year. The
    # city's school calendar sets the real days each year (UNCONFIRMED): defaults are the
    # usual Jiangxi summer (1 July – 31 August) and winter (20 January – 20 February).
    "vacations": (((7, 1), (8, 31)), ((1, 20), (2, 20))),
    # The share of the unspent prepayments an account must hold: all of it in bank
    # custody; for a 风险保证金 account a local share (惠州's model; UNCONFIRMED: 10 %).
    "reserve_ratio": {"bank": Decimal("1"), "guarantee": Decimal("0.10")},
    # Calendar days within which a requested refund is paid (UNCONFIRMED: 15).
    "refund_days": 15,
    # Casework limits (procedural limits UNCONFIRMED in 教育部令第53号): a complaint is
    # answered within 15 working days; a case (整改) within 3 months (兴安盟: 3 months to
    # rectify).
    "complaint_deadline": "15 个工作日",
    "case_deadline": "3 个月",
    # 课后服务 "5+2": 5 days a week, ≥ 2 hours a day, ending no earlier than the local
    # working day (UNCONFIRMED for Nanchang: 17:30).
    "afterschool_days": 5,
    "afterschool_minutes": 120,
    "afterschool_ends_after": dt.time(17, 30),
    # The public pages (lookup, complaint form): requests per client address a minute.
    "public_rate": 30,
    # The supervising bank's feed (``custody.py``); the default is the demo backend.
    "custody_backend": "edugov.training.custody.DemoCustodyFeed",
}


def get(key: str) -> Any:
    return {**DEFAULTS, **getattr(settings, "EDUGOV_TRAINING", {})}[key]


def in_vacation(day: dt.date) -> bool:
    md = (day.month, day.day)
    return any(start <= md <= end for start, end in get("vacations"))


def reserve_ratio(custody: str) -> Decimal:
    return Decimal(get("reserve_ratio")[custody])
