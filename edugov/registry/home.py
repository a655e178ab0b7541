"""The registry's part of the home page (``core.cockpit``): key kindergarten indicators
by district for a leader (each district linking to its evaluation page), a school's own
statistics, and the alert for statistics awaiting the user's review.

The indicators by district are the 普及普惠 evaluation's own records (the same figures
its page and the work plan's KPIs show: ``kpis.kg_evaluation``), for the newest approved
year.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core.cockpit import Alert, register_alert_source, register_panel
from edugov.core.scoping import may
from edugov.org.models import Unit, UnitKind

from .kpis import kg_evaluation
from .kpis import latest_kg_year as kpi_latest_year
from .models import AnnualStatistics, StatsStatus

# The indicators a leader compares districts on (the evaluation's codes, in its order).
KEY_INDICATORS = ("kg_public_share", "kg_inclusive_coverage")


def districts_panel(user: Any) -> dict[str, Any] | None:
    """The key indicators of each district under the user's scope, for the newest year
    with approved kindergarten figures. Like the home page's cards (``kpi_latest``) they
    are KPIs of units, read from the same evaluation, and shown to whoever may read the
    statistics they come from."""
    if not may(user, AnnualStatistics, "view"):
        return None
    root = user.scope_root()
    if root is None:
        return None
    year = kpi_latest_year(scope=root)
    if year is None:
        return None
    evaluation = kg_evaluation(year, root)
    rows, _city = evaluation.for_year(year)
    meta = [m for m in evaluation.indicators if m["code"] in KEY_INDICATORS]
    pks = dict(
        Unit.objects.filter(
            path__startswith=root.path, kind__in=(UnitKind.DISTRICT, UnitKind.ZONE)
        ).values_list("name", "pk")
    )
    districts = []
    for r in rows:
        pk = pks.get(r["district"])
        url = reverse("registry:kindergarten", args=[pk]) + f"?year={year}" if pk else ""
        districts.append(
            {
                "name": r["district"],
                "url": url,
                "values": [r["indicators"][m["code"]] for m in meta],
            }
        )
    return {"year": year, "meta": meta, "districts": districts}


def school_panel(user: Any) -> dict[str, Any] | None:
    """The school's statistics of the last years, with their review status."""
    if not may(user, AnnualStatistics, "view"):
        return None
    rows = list(
        AnnualStatistics.objects.visible_to(user)
        .filter(school_id=user.unit_id)
        .order_by("-year")[:3]
    )
    return {"rows": rows}


def alerts(user: Any) -> list[Alert]:
    if not may(user, AnnualStatistics, "change"):
        return []
    n = (
        AnnualStatistics.objects.visible_to(user, "review")
        .filter(status=StatsStatus.SUBMITTED)
        .count()
    )
    url = reverse("registry:stats_list") + "?status=submitted"
    return [Alert(_("Statistics awaiting review"), n, url)]


def register() -> None:
    register_alert_source("registry", alerts)
    register_panel(
        "registry.districts",
        audiences=("leader",),
        order=40,
        template="registry/home/districts.html",
        context=districts_panel,
    )
    register_panel(
        "registry.school",
        audiences=("school",),
        order=20,
        template="registry/home/school.html",
        context=school_panel,
    )
