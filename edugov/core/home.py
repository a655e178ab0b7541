from django.shortcuts import render
from django.utils.translation import gettext as _

from .dashboard import institution_summary, kpi_cards


def home(request):
    """The dashboard: figures computed from the registry within the user's scope."""
    summary = institution_summary(request.user)
    names = [d["name"] for d in summary["by_district"]]
    chart_district = {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 50, "right": 20, "bottom": 70},
        "xAxis": {"type": "category", "data": names, "axisLabel": {"rotate": 40}},
        "yAxis": {"type": "value"},
        "series": [
            {
                "type": "bar",
                "name": _("Institutions"),
                "data": [d["schools"] for d in summary["by_district"]],
            }
        ],
    }
    chart_type = {
        "tooltip": {"trigger": "item"},
        "series": [{"type": "pie", "radius": ["35%", "70%"], "data": summary["by_type"]}],
    }
    return render(
        request,
        "core/home.html",
        {
            "summary": summary,
            "kpi_cards": kpi_cards(request.user),
            "chart_district": chart_district,
            "chart_type": chart_type,
            "title": _("Overview"),
        },
    )
