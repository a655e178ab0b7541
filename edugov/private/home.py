"""The private schools on the home page: licences about to expire, schools at 橙 or 红."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core import clock
from edugov.core.cockpit import Alert, register_alert_source
from edugov.core.scoping import may

from . import config
from .models import PrivateSchool, RiskAssessment, SchoolStatus


def alerts(user: Any) -> list[Alert]:
    out = []
    if may(user, PrivateSchool, "view"):
        horizon = clock.today() + dt.timedelta(days=int(config.get("licence_alert_days")))
        expiring = (
            PrivateSchool.objects.visible_to(user, "view")
            .filter(status=SchoolStatus.LICENSED, licence_valid_until__lte=horizon)
            .count()
        )
        out.append(
            Alert(
                _("Private school licences expiring or expired"),
                expiring,
                reverse("private:school_list") + "?status=licensed",
                "warning",
            )
        )
    if may(user, RiskAssessment, "view"):
        red = (
            RiskAssessment.objects.visible_to(user, "view")
            .filter(year=clock.today().year, tier__in=("红", "橙"))
            .count()
        )
        out.append(
            Alert(
                _("Private schools at 橙 or 红 risk"),
                red,
                reverse("private:risk_list") + f"?year={clock.today().year}",
                "danger",
            )
        )
    return out


def register() -> None:
    register_alert_source("private", alerts)
