"""Tables of the lists and exports. Individual results show the tier and totals, never
the answers; counts go through ``suppression.shown``; nothing sorts schools by a count."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from edugov.core.scoping import may
from edugov.engines.codes import mask_value

from .models import (
    Appointment,
    Campaign,
    CaseFile,
    Center,
    Consent,
    Hospital,
    HotlineCall,
    Slot,
    Staffing,
    Submission,
    TierCount,
)

ATTRS = {"class": "table table-sm table-hover align-middle"}


class MaskedColumn(tables.Column):
    def __init__(self, kind: str, **kwargs):
        self.kind = kind
        super().__init__(orderable=False, **kwargs)

    def render(self, value):
        return mask_value(self.kind, value)

    def value(self, value):
        return mask_value(self.kind, value)


class EditLinkColumn(tables.Column):
    """The row's name, linked to its edit page for those who may change it (a
    department reads the list of hospitals but edits none: no link to a 404)."""

    def render(self, value, record, table):
        request = getattr(table, "request", None)
        user = getattr(request, "user", None)
        if user is not None and may(user, type(record), "change"):
            return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)
        return value


class CampaignTable(tables.Table):
    title = tables.Column(linkify=True)
    grades = tables.Column(accessor="grades_text", verbose_name=_("grades"), orderable=False)

    class Meta:
        model = Campaign
        fields = ("title", "unit", "grades", "opens_on", "closes_on")
        attrs = ATTRS


class CountColumn(tables.Column):
    """The suppressed count (``TierCount.count_shown``): "<5" for 1–4, in the page and
    the export alike; never sortable, so no list ranks schools by it."""

    def __init__(self, **kwargs):
        super().__init__(orderable=False, **kwargs)


class TierCountTable(tables.Table):
    count = CountColumn(verbose_name=_("count"), accessor="count_shown")

    class Meta:
        model = TierCount
        fields = ("campaign", "school", "tier", "count")
        order_by = ("school",)
        attrs = ATTRS


class SubmissionTable(tables.Table):
    link = tables.Column(
        accessor="pk", verbose_name=_("result"), linkify=lambda record: record.get_absolute_url()
    )
    student = MaskedColumn("name", accessor="student__name", verbose_name=_("student"))

    class Meta:
        model = Submission
        fields = ("link", "campaign", "school", "grade", "student", "tier", "submitted_at")
        attrs = ATTRS


class CaseFileTable(tables.Table):
    number = tables.Column(
        accessor="case__number",
        verbose_name=_("case number"),
        linkify=lambda record: record.get_absolute_url(),
    )
    case_type = tables.Column(accessor="case__type_label", verbose_name=_("type"), orderable=False)
    state = tables.Column(accessor="case__state_label", verbose_name=_("state"), orderable=False)
    deadline = tables.Column(accessor="case__deadline_at", verbose_name=_("deadline"))
    student = MaskedColumn("name", accessor="student__name", verbose_name=_("student"))

    class Meta:
        model = CaseFile
        fields = (
            "number",
            "case_type",
            "state",
            "school",
            "student",
            "tier",
            "counselor",
            "escalated",
            "deadline",
            "next_follow_up",
        )
        attrs = ATTRS


class StaffingTable(tables.Table):
    school = tables.Column(linkify=True)

    class Meta:
        model = Staffing
        fields = ("school", "lead_counselor", "full_time", "part_time")
        attrs = ATTRS


class HospitalTable(tables.Table):
    name = EditLinkColumn()

    class Meta:
        model = Hospital
        fields = ("name", "department", "address", "phone", "unit")
        attrs = ATTRS


class SlotTable(tables.Table):
    booked = tables.BooleanColumn(
        accessor="appointment", verbose_name=_("booked"), orderable=False, yesno="✔,—"
    )

    class Meta:
        model = Slot
        fields = ("starts_at", "minutes", "place", "counselor", "school", "booked")
        attrs = ATTRS


class AppointmentTable(tables.Table):
    name = MaskedColumn("name")
    contact = MaskedColumn("phone")

    class Meta:
        model = Appointment
        fields = ("slot", "who", "name", "contact", "booked_at", "cancelled_at")
        attrs = ATTRS


class HotlineCallTable(tables.Table):
    class Meta:
        model = HotlineCall
        fields = ("at", "center", "minutes", "topic", "outcome", "taken_by")
        attrs = ATTRS


class ConsentTable(tables.Table):
    student = MaskedColumn("name", accessor="student__name", verbose_name=_("student"))
    guardian_name = MaskedColumn("name")

    class Meta:
        model = Consent
        fields = (
            "campaign",
            "student",
            "guardian_name",
            "relation",
            "method",
            "given_on",
            "recorded_at",
        )
        attrs = ATTRS


class CenterTable(tables.Table):
    name = EditLinkColumn()

    class Meta:
        model = Center
        fields = ("name", "district", "hotline")
        attrs = ATTRS
