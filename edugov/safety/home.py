"""平安校园 on the home page: overdue hazards, and licences about to expire."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core import clock
from edugov.core.cockpit import Alert, register_alert_source
from edugov.core.scoping import may

from .models import LICENCE_WARNING_DAYS, Canteen, Hazard, Supplier


def alerts(user: Any) -> list[Alert]:
    out = []
    if may(user, Hazard, "view"):
        overdue = (
            Hazard.objects.visible_to(user, "view")
            .filter(case__is_open=True, case__deadline_at__lt=clock.now())
            .count()
        )
        out.append(
            Alert(
                _("Overdue hazards"),
                overdue,
                reverse("safety:hazard_list") + "?overdue=true",
                "danger",
            )
        )
    limit = clock.today() + dt.timedelta(days=LICENCE_WARNING_DAYS)
    for model, label, url in (
        (Supplier, _("Supplier licences expiring"), "safety:supplier_list"),
        (Canteen, _("Canteen licences expiring"), "safety:canteen_list"),
    ):
        if may(user, model, "view"):
            n = model.objects.visible_to(user, "view").filter(licence_expiry__lte=limit).count()
            out.append(Alert(label, n, reverse(url) + "?expiring=true", "warning"))
    return out


def register() -> None:
    register_alert_source("safety", alerts)
