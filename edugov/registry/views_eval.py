"""Evaluation pages: 学前教育普及普惠, 义务教育优质均衡, class-size and school-size
dashboards, and the district report.

Each page is about one org unit (the city, a district or zone, a school) given by its
pk: the unit must be visible to the user (404 otherwise), and the figures are the
approved statistics under it that the user may see — a district officer opening the
city's page still sees only their own district's schools. Each page costs a fixed
number of queries (``selectors.load_area``), however many schools there are.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.views.generic import TemplateView

from edugov.core.scoping import may
from edugov.core.views import ScopedMixin
from edugov.engines.indicators import BANDS, INDICATORS
from edugov.engines.indicators.classsize import BAND_NAMES_ZH
from edugov.org.models import Unit

from . import charts
from .evaluations import (
    class_size_evaluation,
    kindergarten_evaluation,
    youzhi_evaluation,
    youzhi_for_year,
)
from .intake import projected_intake
from .models import AnnualStatistics
from .selectors import load_area, visible_areas


def evaluation_index(request):
    """The menu's entry: the areas the user may evaluate. Reading only — any other
    method is 404, like a page that is not there."""
    if request.method != "GET" or not may(request.user, AnnualStatistics, "view"):
        raise Http404
    areas = visible_areas(request.user)
    if len(areas) == 1:
        return redirect("registry:youzhi", pk=areas[0].pk)
    return render(request, "registry/eval_index.html", {"areas": areas})


def labelled(indicators: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Indicators with a ``label`` in the page's language (the engine declares both)."""
    zh = (get_language() or "zh-hans").startswith("zh")
    return [
        {**i, "label": i["name_zh"] if zh else INDICATORS[i["code"]].name_en} for i in indicators
    ]


class AreaView(ScopedMixin, TemplateView):
    """A page about one visible unit; subclasses fill ``area_context``."""

    model = Unit
    action = "view"
    title: Any = ""
    # Class-size lists are decoded only for the pages that draw the bands.
    with_classes = False

    def load(self, request, pk: int) -> None:
        """The unit (404 outside scope), its data and the year asked for (else the last)."""
        self.unit = self.get_queryset().filter(pk=pk).first()
        if self.unit is None:
            raise Http404
        self.data = load_area(self.unit, request.user, with_classes=self.with_classes)
        years = self.data.years
        try:
            self.year = int(request.GET.get("year") or (years[-1] if years else 0))
        except ValueError:
            self.year = years[-1] if years else 0

    def get(self, request, *args, **kwargs):
        self.load(request, kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            unit=self.unit,
            title=self.title,
            years=self.data.years,
            year=self.year,
            has_data=bool(self.data.stats_count),
            tabs=[
                ("registry:kindergarten", gettext_lazy("学前教育普及普惠")),
                ("registry:youzhi", gettext_lazy("义务教育优质均衡")),
                ("registry:classsize", gettext_lazy("Class and school size")),
            ],
        )
        ctx.update(self.area_context())
        return ctx

    def area_context(self) -> dict[str, Any]:
        return {}


class KindergartenView(AreaView):
    template_name = "registry/eval_kindergarten.html"
    title = gettext_lazy("学前教育普及普惠")

    def area_context(self):
        result = kindergarten_evaluation(self.data)
        rows, city = result.for_year(self.year)
        indicators = labelled(result.indicators)
        return {
            "indicators": indicators,
            "rows": rows,
            "area": city,
            "chart_kg": charts.kg_bars(rows, indicators),
            "chart_kg_trend": charts.kg_trend(result.city, indicators),
        }


def _by_district(schools: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Schools grouped by district in their order: the city page folds each district's
    failing schools into its own section (hundreds of rows made it 21,000 px tall)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for s in schools:
        groups.setdefault(s["district"], []).append(s)
    return list(groups.items())


class YouzhiView(AreaView):
    template_name = "registry/eval_youzhi.html"
    title = gettext_lazy("义务教育优质均衡")

    def area_context(self):
        close = "all" if self.request.GET.get("close") == "all" else "failing"
        result = youzhi_for_year(youzhi_evaluation(self.data, close, self.year), self.year)
        indicators = labelled(result["indicators"])
        code = self.request.GET.get("indicator")
        chosen = next(
            (i for i in indicators if i["code"] == code), indicators[0] if indicators else None
        )
        stages = []
        for stage in result["stages"]:
            stages.append(
                {
                    **stage,
                    "chart_cv": charts.cv_bars(stage, indicators),
                    "chart_scatter": charts.scatter(stage, chosen) if chosen else {},
                    "chart_trend": charts.cv_trend(stage["trend"], indicators),
                    "failing_by_district": _by_district(stage["failing"]),
                    "ids": {
                        kind: f"chart-{kind}-{stage['level']}"
                        for kind in ("cv", "scatter", "trend")
                    },
                }
            )
        return {
            "indicators": indicators,
            "names": {i["code"]: i["label"] for i in indicators},
            "stages": stages,
            "chosen": chosen,
            "close": close,
        }


class ClassSizeView(AreaView):
    template_name = "registry/eval_classsize.html"
    with_classes = True
    title = gettext_lazy("Class and school size")

    def area_context(self):
        result = class_size_evaluation(self.data, self.year)
        return {
            **result,
            "intake": projected_intake(self.request.user, self.unit, after=self.year),
            "band_keys": BANDS,
            "band_names": [BAND_NAMES_ZH[b] for b in BANDS],
            "chart_primary": charts.band_bars(result["bands"], "primary"),
            "chart_junior": charts.band_bars(result["bands"], "junior"),
        }


class ReportView(AreaView):
    """The district evaluation report as .xlsx (default) or .docx (``?format=docx``)."""

    with_classes = True

    def get(self, request, *args, **kwargs):
        from .reports import docx_response, xlsx_response

        self.load(request, kwargs["pk"])
        maker = docx_response if request.GET.get("format") == "docx" else xlsx_response
        return maker(unit=self.unit, data=self.data, year=self.year, user=request.user)
