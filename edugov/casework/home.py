"""Casework on the home page (``core.cockpit``): overdue cases and the cases waiting for
one of the user's moves, each counted through ``visible_to``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core import clock
from edugov.core.cockpit import Alert, register_alert_source
from edugov.core.scoping import may

from .calendar import current_calendar
from .models import CalendarAdjustment, Case
from .selectors import todo, visible_cases


def alerts(user: Any) -> list[Alert]:
    if not may(user, Case, "view"):
        return []
    overdue = visible_cases(user).filter(is_open=True, deadline_at__lt=clock.now()).count()
    waiting = todo(user).count()
    return [
        Alert(
            _("Overdue cases"), overdue, reverse("casework:case_list") + "?overdue=true", "danger"
        ),
        Alert(_("Cases waiting for you"), waiting, reverse("casework:inbox")),
    ]


def calendar_gap(user: Any) -> list[Alert]:
    """From November, the city admin is told when next year is not known yet: every
    working-day deadline reaching into it would be refused from mid-December."""
    if not may(user, CalendarAdjustment, "add"):
        return []
    today = clock.today()
    if today.month < 11 or today.year + 1 in current_calendar().known_years:
        return []
    return [
        Alert(
            _("%(year)s's holidays not entered") % {"year": today.year + 1},
            1,
            reverse("casework:calendar_list"),
            "danger" if today.month == 12 else "warning",
        )
    ]


def register() -> None:
    register_alert_source("casework", alerts)
    register_alert_source("casework.calendar", calendar_gap)
