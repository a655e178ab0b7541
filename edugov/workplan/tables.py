"""Tables of the list pages; the exports write the same columns."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Plan, ProgressReport, SupervisionNotice, Task

ATTRS = {"class": "table table-sm table-hover align-middle"}
BADGE = {
    "not_started": "secondary",
    "on_track": "success",
    "lagging": "warning text-dark",
    "overdue": "danger",
    "report_missing": "warning text-dark",
    "done": "primary",
    "closed": "dark",
}


def status_badge(verdict) -> str:
    if verdict is None:
        return ""
    return format_html(
        '<span class="badge bg-{}" data-testid="task-status">{}</span>',
        BADGE[verdict.status],
        verdict.status.label,
    )


class PlanTable(tables.Table):
    title = tables.Column(linkify=True)

    class Meta:
        model = Plan
        fields = ("year", "title", "doc_number", "issuer", "status", "confirmed_at")
        attrs = ATTRS


class StatusColumn(tables.Column):
    """The computed status: the view fills ``table.verdicts`` for the page's rows in a
    fixed number of queries; not stored, so neither sortable nor exported."""

    def __init__(self, **kwargs):
        super().__init__(empty_values=(), orderable=False, exclude_from_export=True, **kwargs)

    def render(self, record, table):
        return status_badge(getattr(table, "verdicts", {}).get(record.pk))


class TaskTable(tables.Table):
    point = tables.Column(verbose_name=_("work point"), order_by=("point__number",))
    title = tables.Column(linkify=True)
    lead_unit = tables.Column(order_by=("lead_unit__path",))
    status = StatusColumn(verbose_name=_("status"))

    class Meta:
        model = Task
        fields = ("point", "title", "lead_unit", "owner", "start_date", "due_date", "done_on")
        sequence = ("point", "title", "lead_unit", "owner", "start_date", "due_date", "status")
        attrs = ATTRS
        order_by = ("point",)


class ReportTable(tables.Table):
    task = tables.Column(order_by=("task__title",))
    period_start = tables.DateColumn(format="Y-m", linkify=True)

    class Meta:
        model = ProgressReport
        fields = ("period_start", "task", "unit", "percent", "status", "submitted_at")
        attrs = ATTRS


class NoticeTable(tables.Table):
    number = tables.Column(linkify=True)
    task = tables.Column(order_by=("task__title",))

    class Meta:
        model = SupervisionNotice
        fields = (
            "number",
            "task",
            "issuing_unit",
            "issued_on",
            "response_due",
            "status",
            "escalation",
        )
        attrs = ATTRS
