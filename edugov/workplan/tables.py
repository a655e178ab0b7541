"""Tables of the list pages; the exports write the same columns."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import DubanCase, Plan, ProgressReport, Task

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
    """督办单: the casework cases of the type ``duban``, as the work plan shows them."""

    number = tables.Column(
        linkify=lambda record: reverse("workplan:notice_detail", args=[record.pk])
    )
    subject_label = tables.Column(verbose_name=_("task"))
    supervising_unit = tables.Column(verbose_name=_("issued by"))
    opened_at = tables.DateColumn(verbose_name=_("issued on"), format="Y-m-d")
    due_at = tables.DateColumn(verbose_name=_("respond by"), format="Y-m-d")
    state = tables.Column(verbose_name=_("status"), accessor="state_label", order_by=("state",))
    escalation = tables.Column(verbose_name=_("escalation"))

    class Meta:
        model = DubanCase
        fields = (
            "number",
            "subject_label",
            "supervising_unit",
            "opened_at",
            "due_at",
            "state",
            "escalation",
        )
        attrs = ATTRS

    def render_escalation(self, value):
        from .services.notices import escalation_label

        return escalation_label(value) or "—"
