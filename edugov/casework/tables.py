"""Tables of the list pages; the exports write the same columns."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from edugov.core import clock

from .models import CalendarAdjustment, Case

ATTRS = {"class": "table table-sm table-hover align-middle"}


class DeadlineColumn(tables.DateTimeColumn):
    """The binding deadline, red when it has passed on an open case."""

    def __init__(self, **kwargs):
        super().__init__(format="Y-m-d H:i", **kwargs)

    def render(self, record, value):
        if value is None:
            return "—"
        text = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        if record.is_open and value < clock.now():
            return format_html(
                '<span class="badge bg-danger" data-testid="overdue">{}</span>', text
            )
        return text


class CaseTable(tables.Table):
    number = tables.Column(linkify=True, order_by=("year", "seq"))
    case_type = tables.Column(verbose_name=_("case type"), accessor="type_label")
    title = tables.Column(linkify=True)
    state = tables.Column(verbose_name=_("state"), accessor="state_label", order_by=("state",))
    lead_unit = tables.Column(order_by=("lead_unit__path",))
    deadline_at = DeadlineColumn()

    class Meta:
        model = Case
        fields = (
            "number",
            "case_type",
            "title",
            "state",
            "unit",
            "lead_unit",
            "opened_at",
            "deadline_at",
            "escalation",
            "satisfaction",
        )
        attrs = ATTRS


class CalendarAdjustmentTable(tables.Table):
    date = tables.Column(linkify=True)

    class Meta:
        model = CalendarAdjustment
        fields = ("date", "kind", "reason", "issued_by", "document")
        attrs = ATTRS
