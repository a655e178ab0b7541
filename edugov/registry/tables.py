"""The registry's list tables; exports write the same columns."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Alliance, AnnualStatistics, DistrictPopulation, InstitutionStatus, Target

ATTRS = {"class": "table table-sm table-hover align-middle"}


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
    effective_on = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta:
        model = InstitutionStatus
        fields = ("school", "effective_on", "ownership", "inclusive", "standardization", "note")
        attrs = ATTRS


class AllianceTable(tables.Table):
    name = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta:
        model = Alliance
        fields = ("name", "kind", "unit", "lead_school", "founded_on")
        attrs = ATTRS


class PopulationTable(tables.Table):
    district = tables.Column(
        linkify=lambda record: record.get_absolute_url(), order_by=("district__code",)
    )

    class Meta:
        model = DistrictPopulation
        fields = ("district", "year", "population_3_5", "source")
        attrs = ATTRS


class TargetTable(tables.Table):
    indicator = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta:
        model = Target
        fields = ("indicator", "kind", "unit", "level", "year", "value", "source")
        attrs = ATTRS
