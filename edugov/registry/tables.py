"""The registry's list tables; exports write the same columns."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.scoping import may

from .models import Alliance, AnnualStatistics, DistrictPopulation, InstitutionStatus, Target

ATTRS = {"class": "table table-sm table-hover align-middle"}


def edit_link(record, table):
    """The row's edit page, linked only for a reader who may edit that row: these rows
    have no page but their edit form, which is a 404 for everyone else (a principal
    reads her district's alliances, and the crawl followed the link to a 404)."""
    request = getattr(table, "request", None)  # an export renders no links
    if request is None:
        return None
    # One query for the page's rows, not can() (a query) per row.
    editable = getattr(table, "_editable_ids", None)
    if editable is None:
        page = getattr(table, "page", None)
        rows = page.object_list if page is not None else table.data
        ids = [getattr(r, "record", r).pk for r in rows]
        model = type(record)
        editable = (
            set(
                model._default_manager.visible_to(request.user, "change")
                .filter(pk__in=ids)
                .values_list("pk", flat=True)
            )
            if may(request.user, model, "change")
            else set()
        )
        table._editable_ids = editable
    return record.get_absolute_url() if record.pk in editable else None


class StatisticsTable(tables.Table):
    school = tables.Column(
        linkify=lambda record: record.get_absolute_url(), order_by=("school__code",)
    )
    school_code = tables.Column(
        accessor="school__code", verbose_name=_("School identification code")
    )
    enrolment = tables.Column(
        accessor="enrolment", verbose_name=pgettext_lazy("count", "students"), orderable=False
    )

    class Meta:
        model = AnnualStatistics
        fields = (
            "school",
            "school_code",
            "year",
            "status",
            "enrolment",
            "teachers",
            "floor_area",
            "equipment_value",
            "multimedia_classrooms",
        )
        attrs = ATTRS
        order_by = ("-year", "school")


class StatusTable(tables.Table):
    school = tables.Column(order_by=("school__code",))
    effective_on = tables.Column(linkify=edit_link)

    class Meta:
        model = InstitutionStatus
        fields = ("school", "effective_on", "ownership", "inclusive", "standardization", "note")
        attrs = ATTRS


class AllianceTable(tables.Table):
    name = tables.Column(linkify=edit_link)

    class Meta:
        model = Alliance
        fields = ("name", "kind", "unit", "lead_school", "founded_on")
        attrs = ATTRS


class PopulationTable(tables.Table):
    district = tables.Column(linkify=edit_link, order_by=("district__code",))

    class Meta:
        model = DistrictPopulation
        fields = ("district", "year", "population_3_5", "source")
        attrs = ATTRS


class TargetTable(tables.Table):
    indicator = tables.Column(linkify=edit_link)

    class Meta:
        model = Target
        fields = ("indicator", "kind", "unit", "level", "year", "value", "source")
        attrs = ATTRS
