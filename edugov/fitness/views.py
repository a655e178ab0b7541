"""The class report (the result list, filtered by year, grade and class), its export, a
student's card (item scores, weakest first, with what to improve), and the report of
figures for schools, districts and the city."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext, gettext_lazy, pgettext

from edugov.core.io.export import ExportColumn, xlsx_response
from edugov.core.privacy import NoStoreMixin
from edugov.core.scoping import may, scoped_view
from edugov.core.views import ImportView, ScopedDetailView, ScopedListView

from . import selectors
from .filters import ResultFilter
from .models import FitnessResult, Level
from .tables import ResultTable


class ResultList(NoStoreMixin, ScopedListView):
    model = FitnessResult
    table_class = ResultTable
    filterset_class = ResultFilter
    select_related = ("school", "student")
    title = gettext_lazy("Fitness test results")
    export_url_name = "fitness:result_export"
    import_url_name = "fitness:result_import"
    empty_hint = gettext_lazy(
        "Results come from the PE teachers' uploads of the testing devices' exports, one "
        "file per class and year; each row is scored by the national standard."
    )


ResultExport = ResultList.export_view("fitness-results")


class ResultImport(ImportView):
    importer = "fitness.result"


class ResultDetail(NoStoreMixin, ScopedDetailView):
    model = FitnessResult
    select_related = ("school", "student")
    template_name = "fitness/result_detail.html"


class ReportFilter(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("school year"), required=False, min_value=2000)


def trend_chart(trend: list) -> dict:
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 50, "right": 20, "bottom": 40},
        "xAxis": {"type": "category", "data": [str(y) for y, _rate in trend]},
        "yAxis": {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}},
        "series": [
            {
                "type": "line",
                "name": gettext("excellent-or-good rate"),
                "data": [None if rate is None else float(rate) for _y, rate in trend],
            }
        ],
    }


def _columns() -> list[ExportColumn]:
    cols = [ExportColumn(gettext("group"), lambda r: r.label)]
    for level, label in Level.choices:
        cols.append(ExportColumn(str(label), lambda r, level=level: r.counts.get(level, 0)))
    return [
        *cols,
        ExportColumn(gettext("tested"), lambda r: r.tested),
        ExportColumn(gettext("pass rate (%)"), lambda r: r.pass_rate),
        ExportColumn(gettext("excellent-or-good rate (%)"), lambda r: r.good_rate),
    ]


@scoped_view(FitnessResult, "count")
def report(request):
    """Pass rate, 优良率 and levels per district, school or grade; the trend over the years;
    each item's weakest grade. Aggregates only: no student is on the page or in the file."""
    if request.method != "GET" or not may(request.user, FitnessResult, "count"):
        raise Http404
    form = ReportFilter(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    data = selectors.report(request.user, year)
    if request.GET.get("format") == "xlsx" and data.year is not None:
        total = selectors.LevelRow(pgettext("sum", "total"), data.total.counts)
        return xlsx_response([*data.rows, total], _columns(), f"fitness-report-{data.year}")
    return render(
        request,
        "fitness/report.html",
        {
            "form": form,
            "report": data,
            "levels": Level.choices,
            "chart": trend_chart(data.trend),
        },
    )
