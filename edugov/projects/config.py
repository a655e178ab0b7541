"""The module's configurable figures, with defaults (docs/modules/projects.md).

What DOMAIN-modules §7 leaves UNCONFIRMED is configuration: a deployment overrides any
key in ``settings.EDUGOV_PROJECTS`` (a dict); what it does not give keeps the default.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # A milestone this many calendar days past its planned date, still not reached, opens
    # a delay case. No national rule fixes it (the bureau's 调度 practice): 30 by default.
    "late_days": 30,
    # 双监控: a budget line whose execution rate is more than this many percentage points
    # behind the straight line of time is flagged (财预〔2019〕136号 leaves the size of a
    # "deviation" to each level; 10 points by default, UNCONFIRMED for Jiangxi).
    "monitor_threshold": Decimal("10"),
    # 生均公用经费基准定额 (元/生/年), unified urban-rural since 2016: 中西部 小学 600, 初中 800;
    # 特教 6000 (国发〔2015〕67号). Jiangxi as 中部 takes 600/800 — not confirmed for Jiangxi;
    # the later national raises (720/940) are UNCONFIRMED, so they are not the default.
    "national_base": {
        "primary": Decimal("600"),
        "junior": Decimal("800"),
        "special": Decimal("6000"),
    },
    # The provincial standard: no Jiangxi figure was found (UNCONFIRMED); by default the
    # national base, which a province may only raise.
    "provincial_standard": {
        "primary": Decimal("600"),
        "junior": Decimal("800"),
        "special": Decimal("6000"),
    },
    # 装备达标 (per student or per 100 students, by stage). 生均教学仪器设备值 2000 / 2500 元
    # and the stage split follow 《县域义务教育优质均衡发展督导评估办法》 (2017) as the
    # registry's 优质均衡 indicators do; books per student (《中小学图书馆（室）规程》, 2018),
    # computers per 100 students and laboratories have no confirmed figure here
    # (UNCONFIRMED): defaults a deployment overrides.
    "equipment_standard": {
        "primary": {"value": Decimal("2000"), "books": 25, "computers": 10, "labs": 2},
        "junior": {"value": Decimal("2500"), "books": 35, "computers": 12, "labs": 3},
    },
}


def get(key: str) -> Any:
    return {**DEFAULTS, **getattr(settings, "EDUGOV_PROJECTS", {})}[key]
