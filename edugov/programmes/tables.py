"""The lists' tables; the exports write the same columns."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import PartyOrganization, Programme


class ProgrammeTable(tables.Table):
    code = tables.Column(linkify=True)
    title = tables.Column(linkify=True)
    unit = tables.Column(verbose_name=_("owner unit"), order_by=("unit__path",))
    task = tables.Column(verbose_name=_("work-plan task"), orderable=False)

    class Meta:
        model = Programme
        fields = (
            "code",
            "kind",
            "title",
            "unit",
            "year",
            "start_date",
            "end_date",
            "school_count",
            "student_count",
            "task",
            "state",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}


class PartyOrganizationTable(tables.Table):
    school = tables.Column(
        linkify=lambda record: record.get_absolute_url(), order_by="school__path"
    )
    ownership = tables.Column(
        verbose_name=_("ownership"), accessor="school__get_ownership_display", orderable=False
    )

    class Meta:
        model = PartyOrganization
        fields = ("school", "ownership", "form", "established_on", "members", "brand")
        attrs = {"class": "table table-sm table-hover align-middle"}
