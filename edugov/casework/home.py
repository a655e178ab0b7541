"""Casework on the home page (``core.cockpit``): overdue cases and the cases waiting for
one of the user's moves, each counted through ``visible_to``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core import clock
from edugov.core.cockpit import Alert, register_alert_source
from edugov.core.scoping import may

from .models import Case
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


def register() -> None:
    register_alert_source("casework", alerts)
