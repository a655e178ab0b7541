"""The active plan's areas, for the left menu (``core.menu.set_area_source``)."""

from __future__ import annotations

from django.db.models import Subquery

from .models import Area, Plan, PlanStatus


def active_plan_areas() -> list[tuple[int, str]]:
    """The areas of the latest confirmed plan, in one query.

    Not narrowed to the user: the area headings are the structure of a published
    document, the same for everyone; the items under them are what permissions filter.
    """
    latest = (
        Plan.objects.filter(status=PlanStatus.CONFIRMED).order_by("-year", "-pk").values("pk")[:1]
    )
    areas = Area.objects.filter(plan=Subquery(latest)).order_by("number").only("number", "title")
    return [(a.number, str(a)) for a in areas]
