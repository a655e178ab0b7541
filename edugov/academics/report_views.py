"""Report pages, all read from the cached analysis through ``visible_to``: the page of
a result row (the whole exam, a district, a school, a class), its 一分一段表, its item
analysis, a school's trend and the exam's value added. Every table exports to xlsx
with ``?export=xlsx`` (export permission, scope and one audit event)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import Http404
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from edugov.audit.services import audit_record
from edugov.core.actions import object_view
from edugov.core.io.export import ExportColumn, xlsx_response
from edugov.core.scoping import get_visible_or_404
from edugov.core.views import ScopedDetailView, ScopedListView

from . import reports
from .filters import ResultFilter, ValueAddedFilter
from .models import Exam, Level, UnitResult, ValueAddedResult
from .tables import ResultTable, ValueAddedTable

# The report pages are read-only; HEAD stays allowed as it was before object_view.
READ = ("GET", "HEAD")


def table_export(
    request,
    obj: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    filename: str,
):
    """One report table as xlsx: the user must be allowed to export ``obj``."""
    get_visible_or_404(type(obj), request.user, "export", pk=obj.pk)
    audit_record(
        "export",
        obj=obj,
        changes={"rows": len(rows), "format": "xlsx", "table": filename},
    )
    columns = [ExportColumn(str(h), lambda row, i=i: row[i]) for i, h in enumerate(headers)]
    return xlsx_response(rows, columns, slugify(filename, allow_unicode=True) or "report")


def _wants_xlsx(request) -> bool:
    return request.GET.get("export") == "xlsx"


def _column(request, exam: Exam) -> int:
    try:
        j = int(request.GET.get("col", len(exam.columns()) - 1))
    except ValueError:
        j = -1
    if not 0 <= j < len(exam.columns()):
        j = len(exam.columns()) - 1
    return j


class ResultList(ScopedListView):
    """Every result row the user can see; filtered to one exam's schools it is the
    school ranking."""

    model = UnitResult
    empty_hint = gettext_lazy("Results appear once an exam's scores are imported and analysed.")
    table_class = ResultTable
    filterset_class = ResultFilter
    select_related = ("unit", "exam")
    title = gettext_lazy("Exam results")
    export_url_name = "academics:result_export"


ResultExport = ResultList.export_view("exam-results")

STAT_HEADERS = [
    gettext_lazy("subject"),
    gettext_lazy("full marks"),
    gettext_lazy("present"),
    gettext_lazy("absent"),
    gettext_lazy("mean"),
    gettext_lazy("sd"),
    gettext_lazy("min"),
    "P10",
    "P25",
    "P50",
    "P75",
    "P90",
    gettext_lazy("max"),
    gettext_lazy("pass rate"),
    gettext_lazy("excellent rate"),
]


def _stat_row(row: dict[str, Any]) -> list[Any]:
    return [
        row["column"], row["full"], row["n"], row["absent"], row["mean"], row["std"],
        row["min"], row["p10"], row["p25"], row["p50"], row["p75"], row["p90"], row["max"],
        row["pass_rate"], row["excellent_rate"],
    ]  # fmt: skip


class ResultDetail(ScopedDetailView):
    """The report of one unit: the whole exam (city overview and district comparison),
    a district (its schools), a school (its classes) or a class."""

    model = UnitResult
    select_related = ("unit", "exam", "exam__owner")
    template_name = "academics/result_detail.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if _wants_xlsx(request):
            return self.export()
        return self.render_to_response(self.get_context_data(object=self.object))

    def export(self):
        result = self.object
        exam = result.exam
        children = list(reports.child_results(result, self.request.user))
        j = _column(self.request, exam)
        headers = [*STAT_HEADERS]
        rows = [_stat_row(r) for r in reports.column_rows(exam, result)]
        if children and self.request.GET.get("table") != "stats":
            headers = [
                _("unit"), pgettext("count", "candidates"), _("mean"), _("pass rate"), _("excellent rate"),
                _("city rank"),
            ]  # fmt: skip
            rows = [
                [reports.unit_label(c), c.candidates, c.stats[j]["mean"],
                 c.stats[j]["pass_rate"], c.stats[j]["excellent_rate"], c.city_rank]
                for c in children
            ]  # fmt: skip
        return table_export(self.request, result, headers, rows, f"{exam.name}-{result}")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        result = self.object
        exam = result.exam
        user = self.request.user
        j = _column(self.request, exam)
        children = list(reports.child_results(result, user))
        full = reports.full_marks(exam)
        ctx.update(
            exam=exam,
            label=reports.unit_label(result),
            columns=exam.columns(),
            column=j,
            column_name=exam.columns()[j],
            column_rows=reports.column_rows(exam, result),
            references=reports.REFERENCES[result.level],
            children=children,
            child_rows=[
                {"result": c, "label": reports.unit_label(c), "stat": c.stats[j]} for c in children
            ],
            chart_profile=reports.profile_chart(exam, result),
            chart_spread=reports.spread_chart(exam, result),
            chart_children=reports.comparison_chart(children, j, full[j]) if children else None,
            has_bands=bool(result.bands),
            has_items=bool(result.items),
        )
        if result.level == Level.CITY:
            schools = list(reports.school_ranking(result, user)[:50])
            ctx["top_schools"] = schools
        return ctx


@object_view(UnitResult, "view", methods=READ, select_related=("unit", "exam"))
def result_bands(request, result: UnitResult):
    """一分一段表 of the whole exam, a district (every column) or a school (总分)."""
    exam = result.exam
    available = [c for c in exam.columns() if c in (result.bands or {})]
    if not available:
        raise Http404
    column = request.GET.get("column") or available[-1]
    if column not in available:
        column = available[-1]
    rows = reports.bands_rows(result, column)
    if _wants_xlsx(request):
        return table_export(
            request,
            result,
            [_("score"), _("count"), _("cumulative")],
            [[r["score"], r["count"], r["cumulative"]] for r in rows],
            f"{exam.name}-{reports.unit_label(result)}-{column}-一分一段",
        )
    pages = reports.band_pages(rows)
    try:
        number = min(max(int(request.GET.get("page", 1)), 1), max(len(pages), 1))
    except ValueError:
        number = 1
    return render(
        request,
        "academics/result_bands.html",
        {
            "object": result,
            "exam": exam,
            "label": reports.unit_label(result),
            "columns": available,
            "column": column,
            "rows": rows,
            "pages": pages,
            "page": pages[number - 1] if pages else None,
            "page_number": number,
            "chart": reports.bands_chart(rows),
        },
    )


ITEM_HEADERS = [
    gettext_lazy("subject"), gettext_lazy("item"), gettext_lazy("full marks"),
    gettext_lazy("answer key"), gettext_lazy("mean"), gettext_lazy("difficulty p"),
    gettext_lazy("discrimination D"), gettext_lazy("point-biserial (item-rest)"),
    gettext_lazy("α if deleted"), gettext_lazy("options"), gettext_lazy("flags"),
]  # fmt: skip


@object_view(UnitResult, "view", methods=READ, select_related=("unit", "exam"))
def result_items(request, result: UnitResult):
    """Item analysis (小题分析) with flags: too easy, too hard, negative discrimination."""
    if not result.items:
        raise Http404
    rows = reports.item_rows(result)
    if _wants_xlsx(request):
        return table_export(
            request,
            result,
            ITEM_HEADERS,
            [
                [
                    r["subject"],
                    r["number"],
                    r["full"],
                    r["key"],
                    r["mean"],
                    r["difficulty"],
                    r["discrimination"],
                    r["point_biserial"],
                    r["alpha_if_deleted"],
                    r["options_text"],
                    "、".join(str(f) for f in r["flags"]),
                ]
                for r in rows
            ],  # fmt: skip
            f"{result.exam.name}-{reports.unit_label(result)}-items",
        )
    subjects = (result.items or {}).get("subjects", [])
    return render(
        request,
        "academics/result_items.html",
        {
            "object": result,
            "exam": result.exam,
            "label": reports.unit_label(result),
            "rows": rows,
            "subjects": subjects,
            "chart": reports.items_chart(rows),
            "thresholds": {
                "easy": reports.TOO_EASY,
                "hard": reports.TOO_HARD,
                "weak": reports.WEAK_DISCRIMINATION,
            },
        },
    )


@object_view(UnitResult, "view", methods=READ, select_related=("unit", "exam"))
def result_trend(request, result: UnitResult):
    """A school's standing across the exams it sat: city rank and z of its mean total."""
    if result.level != Level.SCHOOL:
        raise Http404
    rows = reports.trend_rows(result, request.user)
    if _wants_xlsx(request):
        return table_export(
            request,
            result,
            [_("exam"), _("date"), _("city rank"), _("schools"), _("mean total"), "z"],
            [
                [r["exam"].name, r["exam"].date, r["rank"], r["schools"], r["mean"], r["z"]]
                for r in rows
            ],  # fmt: skip
            f"{result.unit.name}-trend",
        )
    return render(
        request,
        "academics/result_trend.html",
        {
            "object": result,
            "label": result.unit.name,
            "rows": rows,
            "slope": rows[-1]["slope"] if rows else None,
            "chart": reports.trend_chart(rows),
        },
    )


VA_HEADERS = [
    gettext_lazy("school"), gettext_lazy("class"), gettext_lazy("matched students"),
    gettext_lazy("mean residual"), gettext_lazy("lower bound"), gettext_lazy("upper bound"),
]  # fmt: skip


@object_view(Exam, "view", methods=READ, select_related=("prior",))
def exam_value_added(request, exam: Exam):
    """Value added from the exam's prior exam: schools (and, for a school, its classes)
    with 95 % confidence intervals as error bars."""
    level = Level.CLASS if request.GET.get("level") == "class" else Level.SCHOOL
    rows = list(reports.value_added_rows(exam, request.user, level))
    if _wants_xlsx(request):
        return table_export(
            request,
            exam,
            VA_HEADERS,
            [[r.unit.name, r.class_name, r.n, r.mean, r.ci_low, r.ci_high] for r in rows],
            f"{exam.name}-value-added-{level}",
        )
    first = rows[0] if rows else None
    return render(
        request,
        "academics/value_added.html",
        {
            "object": exam,
            "exam": exam,
            "level": level,
            "rows": rows,
            "fit": first,
            "chart": reports.value_added_chart(rows) if rows else None,
        },
    )


class ValueAddedList(ScopedListView):
    model = ValueAddedResult
    empty_hint = gettext_lazy(
        "Value added is computed once two linked exams of the same cohort have been analysed."
    )
    table_class = ValueAddedTable
    filterset_class = ValueAddedFilter
    select_related = ("unit", "exam", "prior")
    title = gettext_lazy("Value added")
    export_url_name = "academics:value_added_export"


ValueAddedExport = ValueAddedList.export_view("value-added")
