"""Proposals on the home page: the overdue ones, counted through ``visible_to``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core import clock
from edugov.core.cockpit import Alert, register_alert_source
from edugov.core.scoping import may

from .models import Proposal
from .selectors import visible_proposals


def alerts(user: Any) -> list[Alert]:
    if not may(user, Proposal, "view"):
        return []
    overdue = (
        visible_proposals(user)
        .filter(case__is_open=True, case__deadline_at__lt=clock.now())
        .count()
    )
    return [
        Alert(
            _("Overdue proposals"), overdue, reverse("proposals:list") + "?overdue=true", "danger"
        )
    ]


def register() -> None:
    register_alert_source("proposals", alerts)
