"""The hotline on the home page: overdue 12345 orders and 舆情 items past their clock."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.casework.models import Case
from edugov.casework.selectors import visible_cases
from edugov.core import clock
from edugov.core.cockpit import Alert, register_alert_source
from edugov.core.scoping import may

from .casetypes import OPINION, ORDER


def alerts(user: Any) -> list[Alert]:
    if not may(user, Case, "view"):
        return []
    # One query for both counts (the home page's query budget is fixed). The shared
    # conditions go in the WHERE, not only in the FILTERs: the open cases past their
    # deadline come from an index instead of the user's every case (26 → 3 ms, district).
    now = clock.now()
    late = visible_cases(user).filter(
        case_type__in=[ORDER, OPINION], is_open=True, deadline_at__lt=now
    )
    counts = late.aggregate(
        orders=Count("pk", filter=Q(case_type=ORDER)),
        opinions=Count("pk", filter=Q(case_type=OPINION)),
    )
    orders, opinions = counts["orders"], counts["opinions"]
    return [
        Alert(
            _("Overdue 12345 orders"),
            orders,
            reverse("hotline:order_list") + "?overdue=true",
            "danger",
        ),
        Alert(
            _("舆情 items past their response time"),
            opinions,
            reverse("casework:case_list") + f"?case_type={OPINION}&overdue=true",
            "danger",
        ),
    ]


def register() -> None:
    register_alert_source("hotline", alerts)
