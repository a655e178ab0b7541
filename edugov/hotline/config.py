"""The hotline's configurable figures, with defaults (docs/modules/hotline.md).

The time limits of 12345 orders and the 舆情 response clocks are local rules the domain
notes mark UNCONFIRMED: a deployment overrides any of them in
``settings.EDUGOV_HOTLINE`` (a dict with the keys below); what is not given keeps its
default.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Order type → overall time limit from 派单 (a DeadlineRule text). 咨询/求助 3 and
    # 投诉/举报 13 working days are a city's published limits; 建议 is not stated there
    # and takes the complaint's limit.
    "deadlines": {
        "consult": "3 个工作日",
        "complaint": "13 个工作日",
        "suggestion": "13 个工作日",
        "help": "3 个工作日",
        "report": "13 个工作日",
    },
    # Topics an order is filed under (data on the order; the import maps names to codes).
    "topics": {
        "admission": "招生",
        "fees": "收费",
        "tutoring": "校外培训",
        "ethics": "师德",
        "safety": "安全",
        "other": "其他",
    },
    # 舆情 levels → (label, response clock).
    "opinion_levels": {
        "general": ("一般", "24 小时"),
        "serious": ("较大", "5 小时"),
        "major": ("重大", "2 小时"),
    },
}


def get(key: str) -> Any:
    return {**DEFAULTS, **getattr(settings, "EDUGOV_HOTLINE", {})}[key]


def topic_choices() -> list[tuple[str, str]]:
    return list(get("topics").items())


def level_choices() -> list[tuple[str, str]]:
    return [(code, label) for code, (label, _clock) in get("opinion_levels").items()]
