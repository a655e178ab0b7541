"""The role-aware home page: what the user acts on comes first.

- A **leader** (``EDUGOV_LEADER_ROLES``: the city and district bureaus' administrators)
  sees where the year stands over their scope: the plan's targets, lagging and overdue
  tasks, open and escalated 督办单, the modules' alerts, key indicators by district.
- **Staff** (a department's or a district's) see their inbox (待办) first: the alerts
  are the rows waiting on them, then the tasks they own.
- A **school** user sees the school's own page: its tasks, statistics, exams, alerts.
- The **三员** (system, security, audit administrators) see their duty's pages.

The panels and alerts come from the modules through ``core.cockpit``; every figure is
counted through ``visible_to`` / ``can`` by the module that owns it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

from edugov.org.models import UnitKind

from .charts import category_axis, pie_series
from .cockpit import alerts_for, panels_for
from .dashboard import institution_summary, kpi_cards
from .menu import menu_for


def audience(user: Any) -> str:
    if user.duty():
        return "duty"
    unit = user.unit if user.unit_id else None
    if unit is not None and unit.kind == UnitKind.SCHOOL:
        return "school"
    if set(user.role_codes()) & set(settings.EDUGOV_LEADER_ROLES):
        return "leader"
    return "staff"


def _overview(user: Any) -> dict[str, Any]:
    """The scope's institutions, for leaders and the system administrator."""
    summary = institution_summary(user)
    names = [d["name"] for d in summary["by_district"]]
    return {
        "summary": summary,
        "kpi_cards": kpi_cards(user),
        "chart_district": {
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 50, "right": 20, "bottom": 70},
            "xAxis": category_axis(names, rotate=40),
            "yAxis": {"type": "value"},
            "series": [
                {
                    "type": "bar",
                    "name": _("Institutions"),
                    "data": [d["schools"] for d in summary["by_district"]],
                }
            ],
        },
        "chart_type": {
            "tooltip": {"trigger": "item"},
            "series": [pie_series(summary["by_type"])],
        },
    }


def home(request):
    """The home page for the user's audience; see the module docstring."""
    user = request.user
    who = audience(user)
    ctx: dict[str, Any] = {
        "audience": who,
        "alerts": alerts_for(user),
        "panels": panels_for(user, who),
        "title": _("Overview"),
    }
    if who == "leader" or (who == "duty" and user.has_perm("org.view_unit")):
        ctx.update(_overview(user))
    if who == "duty":
        # Their duty's pages are the whole of their work: the menu's system group.
        ctx["duty_pages"] = [i for g in menu_for(user) for i in g["items"]]
    return render(request, "core/home.html", ctx)
