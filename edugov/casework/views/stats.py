"""Statistics: 按时办结率, 满意率, average working days, overdue cases by lead unit."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core import clock
from edugov.core.charts import category_axis, zoom_window
from edugov.core.scoping import may, scoped_view

from .. import registry
from ..models import Case
from ..selectors import statistics


class StatsFilter(forms.Form):
    case_type = forms.ChoiceField(label=gettext_lazy("case type"), required=False)
    year = forms.IntegerField(label=gettext_lazy("year"), required=False, min_value=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_type"].choices = [("", "---------"), *registry.choices()]


def overdue_chart(by_unit: list[dict]) -> dict:
    rows = [r for r in by_unit if r["overdue"]]
    names = [r["lead_unit__name"] for r in rows]
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 50, "right": 20, "bottom": 110 if len(names) > 25 else 90},
        "xAxis": category_axis(names),
        "yAxis": {"type": "value", "name": _("overdue"), "minInterval": 1},
        "dataZoom": zoom_window(len(names)),
        "series": [{"type": "bar", "name": _("overdue"), "data": [r["overdue"] for r in rows]}],
    }


def rates_chart(by_type: list[dict]) -> dict:
    names = [r["label"] for r in by_type]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {},
        "grid": {"left": 50, "right": 20, "bottom": 90},
        "xAxis": category_axis(names),
        "yAxis": {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}},
        "series": [
            {
                "type": "bar",
                "name": _("on-time closure rate"),
                "data": [r["on_time_rate"] for r in by_type],
            },
            {
                "type": "bar",
                "name": _("satisfaction rate"),
                "data": [r["satisfaction_rate"] for r in by_type],
            },
        ],
    }


@scoped_view(Case, "view")
def case_stats(request):
    """Reading only: any other method is 404, like a page that is not there."""
    if request.method != "GET" or not may(request.user, Case, "view"):
        raise Http404
    form = StatsFilter(request.GET or None)
    case_type, year = "", None
    if form.is_valid():
        case_type = form.cleaned_data["case_type"] or ""
        year = form.cleaned_data["year"]
    figures = statistics(request.user, now=clock.now(), case_type=case_type, year=year)
    return render(
        request,
        "casework/stats.html",
        {
            "title": _("Case statistics"),
            "form": form,
            **figures,
            "overdue_chart": overdue_chart(figures["by_unit"]),
            "rates_chart": rates_chart(figures["by_type"]),
        },
    )
