"""Pages of 预算绩效 and the funding checks: the ledgers (lines, indicators, executions,
allocations, spending), 双监控 with its curves and the results report, and the funding
checks (生均公用经费 against the standard, 两个只增不减)."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core import clock
from edugov.core.scoping import may, scoped_view
from edugov.core.views import ScopedDetailView, ScopedFormView, ScopedListView

from . import config, reports, selectors, services
from .filters import (
    AllocationFilter,
    BudgetLineFilter,
    ExecutionFilter,
    IndicatorFilter,
    SpendingFilter,
)
from .forms import FINANCE_FORMS
from .models import (
    BudgetLine,
    EducationSpending,
    Indicator,
    LineExecution,
    PublicFundAllocation,
)
from .tables import (
    AllocationTable,
    BudgetLineTable,
    ExecutionTable,
    IndicatorTable,
    SpendingTable,
)


def ledger(model, table, filterset, *, name, title, hint, select=()):
    """The list, export and edit pages of one ledger: the same three on every ledger."""
    attrs = {
        "__module__": __name__,
        "model": model,
        "table_class": table,
        "filterset_class": filterset,
        "select_related": select,
        "title": title,
        "export_url_name": f"projects:{name}_export",
        "create_url_name": f"projects:{name}_create",
        "empty_hint": hint,
    }
    list_view = type(f"{model.__name__}List", (ScopedListView,), attrs)

    def save(self, form, *, creating):
        return services.record_save(obj=form.save(commit=False), user=self.request.user)

    edit = type(
        f"{model.__name__}Edit",
        (ScopedFormView,),
        {"__module__": __name__, "model": model, "form_class": FINANCE_FORMS[model], "save": save},
    )
    return list_view, list_view.export_view(name), edit


LineList, LineExport, LineEdit = ledger(
    BudgetLine,
    BudgetLineTable,
    BudgetLineFilter,
    name="line",
    title=gettext_lazy("Budget lines (预算绩效)"),
    hint=gettext_lazy(
        "The finance office (计划财务科) enters each year's budget lines with their 绩效目标: "
        "a project or a recurring fund such as 生均公用经费."
    ),
    select=("unit", "project"),
)
IndicatorList, IndicatorExport, IndicatorEdit = ledger(
    Indicator,
    IndicatorTable,
    IndicatorFilter,
    name="indicator",
    title=gettext_lazy("Performance indicators"),
    hint=gettext_lazy(
        "Each budget line's indicators (数量、质量、时效、成本、效益、满意度) with their targets; "
        "what was achieved and the 自评 score are entered at year end."
    ),
    select=("line",),
)
ExecutionList, ExecutionExport, ExecutionEdit = ledger(
    LineExecution,
    ExecutionTable,
    ExecutionFilter,
    name="execution",
    title=gettext_lazy("Budget execution by month"),
    hint=gettext_lazy(
        "Monthly spending of the budget lines that are not projects (a project's line reads "
        "its monthly reports' payments)."
    ),
    select=("line",),
)
AllocationList, AllocationExport, AllocationEdit = ledger(
    PublicFundAllocation,
    AllocationTable,
    AllocationFilter,
    name="allocation",
    title=gettext_lazy("生均公用经费 allocated"),
    hint=gettext_lazy(
        "The finance office enters what each school was actually allocated in the year, "
        "with the students it was allocated for."
    ),
    select=("school",),
)
SpendingList, SpendingExport, SpendingEdit = ledger(
    EducationSpending,
    SpendingTable,
    SpendingFilter,
    name="spending",
    title=gettext_lazy("Education spending (两个只增不减)"),
    hint=gettext_lazy(
        "The city enters each year's 一般公共预算教育支出 and students enrolled, for itself "
        "and for each district."
    ),
    select=("unit",),
)


class LineDetail(ScopedDetailView):
    model = BudgetLine
    template_name = "projects/line_detail.html"
    select_related = ("unit", "project")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["indicators"] = self.object.indicators.all()
        return ctx


def _int(request, name: str, default: int) -> int:
    text = request.GET.get(name, "")
    return int(text) if text.isdigit() else default


@scoped_view(BudgetLine, "view")
def monitor(request):
    """双监控: each line's execution against the straight line of time at a month's end,
    flagged beyond the configured points, with the execution curves; ``format=xlsx`` is
    the results report (自评 scores) for next year's budget."""
    if request.method != "GET" or not may(request.user, BudgetLine, "view"):
        raise Http404
    today = clock.today()
    year = _int(request, "year", today.year)
    month = dt.date(
        year, min(12, max(1, _int(request, "month", today.month if year == today.year else 12))), 1
    )
    monitors = selectors.monitoring(request.user, year=year, month=month)
    if request.GET.get("format") == "xlsx":
        lines = list(
            BudgetLine.objects.visible_to(request.user, "view")
            .filter(year=year)
            .prefetch_related("indicators")
        )
        return reports.performance_xlsx(lines, {m.line.pk: m for m in monitors}, request.user, year)
    chart = {
        "tooltip": {"trigger": "axis"},
        "legend": {"type": "scroll"},
        "xAxis": {
            "type": "category",
            "data": [f"{year}-{m:02d}" for m in range(1, month.month + 1)],
        },
        "yAxis": {"type": "value", "max": 100, "name": "%"},
        "series": [
            {
                "type": "line",
                "name": _("time progress"),
                "lineStyle": {"type": "dashed"},
                "data": [
                    float(selectors.time_progress(dt.date(year, m, 1)))
                    for m in range(1, month.month + 1)
                ],
            },
            *[
                {"type": "line", "name": mon.line.name, "data": [float(v) for _m, v in mon.curve]}
                for mon in monitors[:20]
            ],
        ],
    }
    return render(
        request,
        "projects/monitor.html",
        {
            "title": _("双监控: budget execution"),
            "monitors": monitors,
            "year": year,
            "month": month,
            "threshold": config.get("monitor_threshold"),
            "chart": chart,
        },
    )


@scoped_view(PublicFundAllocation, "view")
def funding(request):
    """Per school, 生均公用经费 against the national base and the provincial standard;
    per level of government, the 两个只增不减."""
    if request.method != "GET" or not may(request.user, PublicFundAllocation, "view"):
        raise Http404
    year = _int(request, "year", 0) or None
    checks = selectors.allocation_checks(request.user, year=year)
    spending = (
        selectors.two_no_decrease(request.user)
        if may(request.user, EducationSpending, "view")
        else []
    )
    return render(
        request,
        "projects/funding.html",
        {
            "title": _("Funding checks"),
            "checks": checks[:500],
            "below": sum(1 for c in checks if c["below_standard"]),
            "count": len(checks),
            "spending": spending,
            "base": config.get("national_base"),
            "standard": config.get("provincial_standard"),
            "year": year,
        },
    )
