"""The registry of pupils' alert on the home page (``core.cockpit``): exports of
children's data waiting for the user's approval (PIPL: someone else decides)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core.cockpit import Alert, register_alert_source
from edugov.core.scoping import may

from .models import ApprovalStatus, ExportApproval


def alerts(user: Any) -> list[Alert]:
    if not may(user, ExportApproval, "approve"):
        return []
    n = (
        ExportApproval.objects.visible_to(user, "approve")
        .filter(status=ApprovalStatus.PENDING)
        .count()
    )
    return [Alert(_("Export requests awaiting approval"), n, reverse("students:approval_list"))]


def register() -> None:
    register_alert_source("students", alerts)
