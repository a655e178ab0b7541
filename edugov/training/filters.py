"""One filter per list: the page, its export and the API use the same."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edugov.org.filters import UnitChoiceFilter, visible_districts

from .models import (
    Category,
    Complaint,
    ComplaintChannel,
    Custody,
    Field,
    FieldRecord,
    InspectionPlan,
    Institution,
    LineKind,
    Programme,
    Qualification,
    Staff,
    StatementLine,
    Status,
)


def in_district(queryset, field: str, unit):
    return queryset.filter(**{f"{field}__path__startswith": unit.path})


class InstitutionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("category"))
    field = django_filters.ChoiceFilter(choices=Field.choices, label=_("training field"))
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("status"))
    custody = django_filters.ChoiceFilter(choices=Custody.choices, label=_("prepaid-fee account"))
    district = UnitChoiceFilter(
        queryset=visible_districts, label=_("district"), method="by_district"
    )

    class Meta:
        model = Institution
        fields = ["q", "category", "field", "status", "custody", "district"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(licence_no__icontains=value) | Q(code__icontains=value)
        )

    def by_district(self, queryset, name, value):
        return in_district(queryset, "district", value)


class StaffFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Institution"), method="search")
    qualification = django_filters.ChoiceFilter(
        choices=Qualification.choices, label=_("qualification")
    )
    in_service = django_filters.BooleanFilter(label=_("in-service school teacher"))

    class Meta:
        model = Staff
        fields = ["q", "qualification", "in_service"]

    def search(self, queryset, name, value):
        return queryset.filter(institution__name__icontains=value)


class StatementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(choices=LineKind.choices, label=_("kind"))
    booked_after = django_filters.DateFilter(
        label=_("booked from"), field_name="booked_on", lookup_expr="gte"
    )
    booked_before = django_filters.DateFilter(
        label=_("booked until"), field_name="booked_on", lookup_expr="lte"
    )

    class Meta:
        model = StatementLine
        fields = ["q", "kind", "booked_after", "booked_before"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(serial__icontains=value)
            | Q(institution__name__icontains=value)
            | Q(institution__code=value)
        )


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains")

    class Meta:
        model = InspectionPlan
        fields = ["q"]


class RecordFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    plan = django_filters.ModelChoiceFilter(
        queryset=lambda request: (
            InspectionPlan.objects.visible_to(request.user, "view")
            if request
            else InspectionPlan.objects.none()
        ),
        label=_("inspection plan"),
    )
    unlicensed = django_filters.BooleanFilter(
        label=_("operator not in the registry"), field_name="institution", lookup_expr="isnull"
    )
    visited_after = django_filters.DateFilter(
        label=_("from"), field_name="visited_on", lookup_expr="gte"
    )
    visited_before = django_filters.DateFilter(
        label=_("until"), field_name="visited_on", lookup_expr="lte"
    )

    class Meta:
        model = FieldRecord
        fields = ["q", "plan", "unlicensed", "visited_after", "visited_before"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(institution__name__icontains=value)
            | Q(operator__icontains=value)
            | Q(place__icontains=value)
        )


class ComplaintFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    channel = django_filters.ChoiceFilter(choices=ComplaintChannel.choices, label=_("channel"))
    open = django_filters.BooleanFilter(label=_("open"), field_name="case__is_open")
    district = UnitChoiceFilter(
        queryset=visible_districts, label=_("district"), method="by_district"
    )

    class Meta:
        model = Complaint
        fields = ["q", "channel", "open", "district"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(institution__name__icontains=value)
            | Q(content__icontains=value)
            | Q(case__number__icontains=value)
        )

    def by_district(self, queryset, name, value):
        return in_district(queryset, "district", value)


class ProgrammeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("School"), field_name="school__name", lookup_expr="icontains"
    )
    year = django_filters.NumberFilter(label=_("school year"))
    district = UnitChoiceFilter(
        queryset=visible_districts, label=_("district"), method="by_district"
    )

    class Meta:
        model = Programme
        fields = ["q", "year", "district"]

    def by_district(self, queryset, name, value):
        return in_district(queryset, "school", value)
