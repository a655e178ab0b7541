"""The proposals list; the export writes the same columns."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from edugov.casework.tables import DeadlineColumn

from .casetypes import class_label
from .models import Proposal


class CaseDeadlineColumn(DeadlineColumn):
    """The case's binding deadline, red when passed while the case is open."""

    def render(self, record, value):
        return super().render(record.case, value)


class ProposalTable(tables.Table):
    number = tables.Column(linkify=True, order_by=("year", "number"))
    title = tables.Column(linkify=True)
    state = tables.Column(verbose_name=_("state"), accessor="case__state_label", orderable=False)
    lead = tables.Column(
        verbose_name=_("lead unit (主办单位)"), accessor="case__lead_unit", orderable=False
    )
    classification = tables.Column(
        verbose_name=_("result class"), accessor="case__attrs__classification", orderable=False
    )
    satisfaction = tables.Column(
        verbose_name=_("satisfaction"), accessor="case__get_satisfaction_display", orderable=False
    )
    deadline = CaseDeadlineColumn(verbose_name=_("deadline"), accessor="case__deadline_at")

    class Meta:
        model = Proposal
        fields = ("kind", "year", "number", "title", "proposer", "category")
        sequence = (
            "kind",
            "year",
            "number",
            "title",
            "proposer",
            "category",
            "lead",
            "state",
            "classification",
            "satisfaction",
            "deadline",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_classification(self, value):
        return f"{value} {class_label(value)}"
