from django.shortcuts import render
from django.utils.translation import gettext as _

from .charts import category_axis, pie_series
from .dashboard import institution_summary


def home(request):
    """The dashboard: figures computed from the registry within the user's scope."""
    summary = institution_summary(request.user)
    names = [d["name"] for d in summary["by_district"]]
    chart_district = {
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
    }
    chart_type = {
        "tooltip": {"trigger": "item"},
        "series": [pie_series(summary["by_type"])],
    }
    return render(
        request,
        "core/home.html",
        {
            "summary": summary,
            "chart_district": chart_district,
            "chart_type": chart_type,
            "title": _("Overview"),
        },
    )
