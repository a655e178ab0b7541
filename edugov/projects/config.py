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
}


def get(key: str) -> Any:
    return {**DEFAULTS, **getattr(settings, "EDUGOV_PROJECTS", {})}[key]
