"""Tables of the 督导 pages; the exports write the same columns (phones masked)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.students.tables import MaskedColumn

from .models import Assignment, Campaign, Inspector, Visit


class InspectorTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=pgettext_lazy("person", "name"))
    unit = tables.Column(verbose_name=_("appointed by"), order_by=("unit__path",))
    phone = MaskedColumn("phone", verbose_name=_("phone"))
    schools = tables.Column(
        accessor="n_schools", verbose_name=_("schools held"), orderable=False, default=0
    )

    class Meta:
        model = Inspector
        fields = ("name", "unit", "background", "phone", "schools", "active")


class AssignmentTable(tables.Table):
    school = tables.Column(verbose_name=_("school"), order_by=("school__path",))
    inspector = tables.Column(verbose_name=_("inspector"), order_by=("inspector__name",))

    class Meta:
        model = Assignment
        fields = ("school", "inspector", "start_date", "end_date")


class VisitTable(tables.Table):
    date = tables.Column(linkify=True, verbose_name=_("date"))
    school = tables.Column(verbose_name=_("school"), order_by=("school__path",))
    inspector = tables.Column(verbose_name=_("inspector"), order_by=("inspector__name",))
    findings = tables.Column(
        accessor="n_findings", verbose_name=_("findings"), orderable=False, default=0
    )

    class Meta:
        model = Visit
        fields = ("date", "school", "inspector", "items_checked", "findings")


class CampaignTable(tables.Table):
    code = tables.Column(linkify=True, verbose_name=_("code"))

    class Meta:
        model = Campaign
        fields = (
            "code",
            "title",
            "kind",
            "year",
            "evaluated_unit",
            "state",
            "total_score",
            "grade",
        )
