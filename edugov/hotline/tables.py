"""The order table: the caller masked (never sortable: ciphertext in the database); the
export writes the same columns, masked."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from edugov.casework.tables import DeadlineColumn
from edugov.engines.codes import mask_value

from .models import HotlineOrder

ATTRS = {"class": "table table-sm table-hover align-middle"}


class MaskedColumn(tables.Column):
    def __init__(self, kind: str, **kwargs):
        self.kind = kind
        super().__init__(orderable=False, **kwargs)

    def render(self, value):
        return mask_value(self.kind, value)

    def value(self, value):
        return mask_value(self.kind, value)


class OrderDeadlineColumn(DeadlineColumn):
    """The case's binding deadline, red when passed on an open order."""

    def render(self, record, value):
        return super().render(record.case, value)


class OrderTable(tables.Table):
    platform_no = tables.Column(linkify=True)
    case_number = tables.Column(
        verbose_name=_("case number"), accessor="case__number", order_by=("case__year", "case__seq")
    )
    topic = tables.Column(accessor="topic_label", order_by=("topic",))
    state = tables.Column(
        verbose_name=_("state"), accessor="case__state_label", order_by=("case__state",)
    )
    lead_unit = tables.Column(
        verbose_name=_("lead unit (主办)"),
        accessor="case__lead_unit",
        order_by=("case__lead_unit__path",),
    )
    deadline = OrderDeadlineColumn(verbose_name=_("deadline"), accessor="case__deadline_at")
    reopened = tables.Column(verbose_name=_("times reopened"), accessor="case__reopened")
    caller_name = MaskedColumn("name")
    caller_phone = MaskedColumn("phone")

    class Meta:
        model = HotlineOrder
        fields = (
            "platform_no",
            "case_number",
            "received_at",
            "order_type",
            "topic",
            "area_text",
            "state",
            "lead_unit",
            "deadline",
            "reopened",
            "caller_name",
            "caller_phone",
        )
        attrs = ATTRS
