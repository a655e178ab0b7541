"""The export-approval list: its table and filter."""

import django_filters
import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import ApprovalStatus, ExportApproval


class ApprovalTable(tables.Table):
    id = tables.Column(linkify=True, verbose_name="#")
    requested_by = tables.Column(verbose_name=_("requested by"), accessor="requested_by__username")

    class Meta:
        model = ExportApproval
        fields = (
            "id",
            "requested_by",
            "unit",
            "row_count",
            "minor_count",
            "full",
            "status",
            "requested_at",
            "decided_by",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("-requested_at",)


class ApprovalFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ApprovalStatus.choices, label=_("status"))

    class Meta:
        model = ExportApproval
        fields = ["status"]
