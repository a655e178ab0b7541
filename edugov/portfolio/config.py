"""Local choices of the 综合素质评价 portfolio, with their defaults.

``settings.EDUGOV_PORTFOLIO`` (a dict with the keys below); a key not given keeps its
default. The shared domain notes (DOMAIN-modules.md) have no 综合素质评价 section, so
every value here is UNCONFIRMED: what the platform ships with until the bureau sets it
(docs/modules/portfolio.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # 公示 in the class lasts this many working days (the city's working-day calendar,
    # casework's adjustments included); 5 is the common 公示 length the notes use elsewhere.
    "notice_workdays": 5,
    # An objection raised during 公示 is answered by the school within this many working
    # days (casework's deadline and escalation; UNCONFIRMED like the notice's length).
    "objection_workdays": 5,
    # The 中考 minimum line: a candidate whose signed-off grade-9 portfolio has a
    # dimension below this grade lacks the 综评达标 flag a programme may require.
    "zhongkao_min_grade": "C",
    # The session flag the admission run derives from the portfolio.
    "zhongkao_flag": "综评达标",
}


def get(key: str) -> Any:
    return {**DEFAULTS, **getattr(settings, "EDUGOV_PORTFOLIO", {})}[key]
