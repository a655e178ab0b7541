"""The lists' tables; the exports write the same columns (personal data masked)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from edugov.casework.tables import DeadlineColumn
from edugov.hotline.tables import MaskedColumn

from .models import (
    Complaint,
    FieldRecord,
    InspectionPlan,
    Institution,
    Programme,
    Staff,
    StatementLine,
)

ATTRS = {"class": "table table-sm table-hover align-middle"}


class InstitutionTable(tables.Table):
    name = tables.Column(linkify=True)
    district = tables.Column(order_by=("district__path",))

    class Meta:
        model = Institution
        fields = (
            "code",
            "name",
            "licence_no",
            "category",
            "field",
            "online",
            "district",
            "status",
            "custody",
        )
        attrs = ATTRS


class StaffTable(tables.Table):
    institution = tables.Column(linkify=True)
    name = MaskedColumn("name", linkify=True)
    phone = MaskedColumn("phone")
    certificate_no = MaskedColumn("id")

    class Meta:
        model = Staff
        fields = (
            "institution",
            "name",
            "phone",
            "qualification",
            "certificate_no",
            "teaches_subjects",
            "in_service",
        )
        attrs = ATTRS


class StatementTable(tables.Table):
    institution = tables.Column(linkify=True)

    class Meta:
        model = StatementLine
        fields = (
            "serial",
            "institution",
            "booked_on",
            "kind",
            "amount",
            "lessons",
            "covers_from",
            "covers_to",
            "ref",
        )
        attrs = ATTRS


class PlanTable(tables.Table):
    title = tables.Column(linkify=True)

    class Meta:
        model = InspectionPlan
        fields = ("title", "unit", "starts", "ends")
        attrs = ATTRS


class RecordTable(tables.Table):
    visited_on = tables.Column(linkify=True)
    institution = tables.Column(default="—")
    findings = tables.Column(verbose_name=_("findings"), accessor="n_findings", orderable=False)

    class Meta:
        model = FieldRecord
        fields = (
            "visited_on",
            "institution",
            "operator",
            "place",
            "district",
            "plan",
            "inspectors",
            "findings",
        )
        attrs = ATTRS


class ComplaintDeadlineColumn(DeadlineColumn):
    def render(self, record, value):
        return super().render(record.case, value)


class ComplaintTable(tables.Table):
    received_at = tables.DateTimeColumn(format="Y-m-d H:i", linkify=True)
    institution = tables.Column(linkify=True)
    number = tables.Column(
        verbose_name=_("case number"), accessor="case__number", order_by=("case__year", "case__seq")
    )
    state = tables.Column(
        verbose_name=_("state"), accessor="case__state_label", order_by=("case__state",)
    )
    deadline = ComplaintDeadlineColumn(verbose_name=_("deadline"), accessor="case__deadline_at")
    contact_name = MaskedColumn("name")
    contact_phone = MaskedColumn("phone")

    class Meta:
        model = Complaint
        fields = (
            "received_at",
            "number",
            "institution",
            "district",
            "channel",
            "state",
            "deadline",
            "contact_name",
            "contact_phone",
        )
        attrs = ATTRS


class ProgrammeTable(tables.Table):
    school = tables.Column(linkify=True, order_by=("school__path",))
    participation = tables.Column(verbose_name=_("participation"), orderable=False)

    def render_participation(self, value):
        return f"{value:.1%}"

    def value_participation(self, value):
        return f"{value:.4f}"

    class Meta:
        model = Programme
        fields = (
            "school",
            "year",
            "days_per_week",
            "minutes_per_day",
            "ends_at",
            "teachers",
            "students",
            "participants",
            "participation",
            "fee",
            "subsidy",
        )
        attrs = ATTRS
