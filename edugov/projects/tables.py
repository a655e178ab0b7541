"""Tables of the projects pages; the exports write the same columns."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import (
    BudgetLine,
    EducationSpending,
    Indicator,
    LineExecution,
    ProgressReport,
    Project,
    PublicFundAllocation,
)


class ProjectTable(tables.Table):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    places = tables.Column(verbose_name=_("places"), orderable=False)
    budget = tables.Column(verbose_name=_("budget (元)"), orderable=False)

    class Meta:
        model = Project
        fields = ("code", "name", "kind", "year", "unit", "places", "budget")


class ReportTable(tables.Table):
    project = tables.Column(linkify=True)
    month = tables.DateColumn(format="Y-m")
    paid = tables.Column(verbose_name=_("paid in the month (元)"), orderable=False)

    class Meta:
        model = ProgressReport
        fields = ("project", "month", "percent", "paid", "delayed", "delay_reason")


class BudgetLineTable(tables.Table):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)

    class Meta:
        model = BudgetLine
        fields = ("year", "code", "name", "unit", "project", "amount")


class IndicatorTable(tables.Table):
    line = tables.Column(linkify=True)

    class Meta:
        model = Indicator
        fields = ("line", "category", "name", "target", "achieved", "weight", "self_score")


class ExecutionTable(tables.Table):
    line = tables.Column(linkify=True)
    month = tables.DateColumn(format="Y-m")

    class Meta:
        model = LineExecution
        fields = ("line", "month", "spent")


class AllocationTable(tables.Table):
    class Meta:
        model = PublicFundAllocation
        fields = (
            "year",
            "school",
            "students_primary",
            "students_junior",
            "students_special",
            "allocated",
        )


class SpendingTable(tables.Table):
    per_student = tables.Column(verbose_name=_("per student (元)"), orderable=False)

    class Meta:
        model = EducationSpending
        fields = ("year", "unit", "spending", "students", "per_student")


class AssetTable(tables.Table):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)

    class Meta:
        from .models import Asset

        model = Asset
        fields = (
            "school",
            "code",
            "name",
            "category",
            "kind",
            "quantity",
            "value",
            "acquired",
            "state",
        )


class TransferTable(tables.Table):
    asset = tables.Column(linkify=True)

    class Meta:
        from .models import AssetTransfer

        model = AssetTransfer
        fields = ("date", "asset", "from_school", "to_school", "reason")
