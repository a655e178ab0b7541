"""督导 on the home page: overdue rectification cases and schools without a 督学."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.casework.models import Case
from edugov.casework.selectors import visible_cases
from edugov.core import clock
from edugov.core.cockpit import Alert, register_alert_source
from edugov.core.scoping import may

from .casetypes import CODE
from .models import Assignment


def alerts(user: Any) -> list[Alert]:
    out = []
    if may(user, Case, "view"):
        overdue = (
            visible_cases(user)
            .filter(case_type=CODE, is_open=True, deadline_at__lt=clock.now())
            .count()
        )
        out.append(
            Alert(
                _("Overdue rectifications"),
                overdue,
                reverse("casework:case_list") + f"?case_type={CODE}&overdue=true",
                "danger",
            )
        )
    if may(user, Assignment, "add"):
        from .services import unassigned_schools

        out.append(
            Alert(
                _("Schools without an inspector"),
                unassigned_schools(user).count(),
                reverse("inspection:assignment_list") + "#unassigned",
            )
        )
    return out


def register() -> None:
    register_alert_source("inspection", alerts)
