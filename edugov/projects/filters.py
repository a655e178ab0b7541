"""One filter definition per model: the list page, the API and the export use it."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from edugov.org.filters import UnitChoiceFilter, visible_districts

from .models import (
    Asset,
    AssetCategory,
    AssetState,
    AssetTransfer,
    BudgetLine,
    EducationSpending,
    EquipmentKind,
    Indicator,
    IndicatorCategory,
    LineExecution,
    ProgressReport,
    Project,
    ProjectKind,
    PublicFundAllocation,
)


def _district_filter():
    return UnitChoiceFilter(
        queryset=visible_districts, label=_("District / zone"), method="in_district"
    )


def _in(field: str):
    def method(self, queryset, name, value):
        return queryset.filter(**{f"{field}__path__startswith": value.path})

    return method


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(choices=ProjectKind.choices, label=_("kind"))
    year = django_filters.NumberFilter(label=_("plan year"))
    district = _district_filter()
    in_district = _in("unit")

    class Meta:
        model = Project
        fields = ["q", "kind", "year", "district"]

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(code__icontains=value)


class ReportFilter(django_filters.FilterSet):
    project = django_filters.CharFilter(
        field_name="project__code", lookup_expr="iexact", label=_("project code")
    )
    month = django_filters.DateFilter(label=_("month"))
    delayed = django_filters.BooleanFilter(label=_("behind schedule"))
    kind = django_filters.ChoiceFilter(
        field_name="project__kind", choices=ProjectKind.choices, label=_("kind")
    )
    district = _district_filter()
    in_district = _in("project__unit")

    class Meta:
        model = ProgressReport
        fields = ["project", "month", "delayed", "kind", "district"]


class BudgetLineFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("budget year"))
    district = _district_filter()
    in_district = _in("unit")

    class Meta:
        model = BudgetLine
        fields = ["year", "district"]


class IndicatorFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=IndicatorCategory.choices, label=_("category"))
    year = django_filters.NumberFilter(field_name="line__year", label=_("budget year"))

    class Meta:
        model = Indicator
        fields = ["category", "year"]


class ExecutionFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="line__year", label=_("budget year"))

    class Meta:
        model = LineExecution
        fields = ["year"]


class AllocationFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("year"))
    district = _district_filter()
    in_district = _in("school")

    class Meta:
        model = PublicFundAllocation
        fields = ["year", "district"]


class SpendingFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("year"))

    class Meta:
        model = EducationSpending
        fields = ["year"]


class AssetFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    category = django_filters.ChoiceFilter(
        choices=AssetCategory.choices, label=_("category (GB/T 14885)")
    )
    kind = django_filters.ChoiceFilter(choices=EquipmentKind.choices, label=_("equipment class"))
    state = django_filters.ChoiceFilter(choices=AssetState.choices, label=_("state"))
    district = _district_filter()
    in_district = _in("school")

    class Meta:
        model = Asset
        fields = ["q", "category", "kind", "state", "district"]

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(code__icontains=value)


class TransferFilter(django_filters.FilterSet):
    date = django_filters.DateFilter(label=_("date"))

    class Meta:
        model = AssetTransfer
        fields = ["date"]
