"""One filter definition per model: the list page and the export use it."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core import clock
from edugov.org.filters import UnitChoiceFilter, visible_districts

from .models import (
    LICENCE_WARNING_DAYS,
    Canteen,
    ChecklistItem,
    ClaimStatus,
    DrowningIncident,
    DrowningOutcome,
    FoodIncident,
    FoodIncidentKind,
    FoodPurchase,
    Hazard,
    Inspection,
    InspectionKind,
    InspectionPlan,
    InsuranceClaim,
    InsurancePolicy,
    Level,
    Meal,
    MealRecord,
    ParentLetter,
    PatrolRecord,
    RiskWater,
    SampleCheck,
    Supplier,
    Topic,
    UniformProcurement,
    WaterKind,
)


def _district(field: str):
    def method(self, queryset, name, value):
        return queryset.filter(**{f"{field}__path__startswith": value.path})

    return method


def _district_filter():
    return UnitChoiceFilter(
        queryset=visible_districts, label=_("District / zone"), method="in_district"
    )


class ChecklistFilter(django_filters.FilterSet):
    checklist = django_filters.CharFilter(label=_("checklist code"), lookup_expr="iexact")
    version = django_filters.NumberFilter(label=_("version"))
    topic = django_filters.ChoiceFilter(
        choices=Topic.choices, label=pgettext_lazy("safety", "topic")
    )

    class Meta:
        model = ChecklistItem
        fields = ["checklist", "version", "topic"]


class PlanFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices, label=_("kind"))
    active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = InspectionPlan
        fields = ["kind", "active"]


class InspectionFilter(django_filters.FilterSet):
    district = _district_filter()
    in_district = _district("school")
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices, label=_("kind"))
    checklist = django_filters.CharFilter(label=_("checklist code"), lookup_expr="iexact")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("from"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("to"))
    with_failures = django_filters.BooleanFilter(label=_("with failed items"), method="failures")

    class Meta:
        model = Inspection
        fields = ["district", "kind", "checklist", "date_from", "date_to", "with_failures"]

    def failures(self, queryset, name, value):
        return queryset.filter(failed__gt=0) if value else queryset.filter(failed=0)


class HazardFilter(django_filters.FilterSet):
    district = _district_filter()
    in_district = _district("school")
    level = django_filters.ChoiceFilter(
        choices=Level.choices, label=pgettext_lazy("safety", "level")
    )
    topic = django_filters.ChoiceFilter(
        choices=Topic.choices, label=pgettext_lazy("safety", "topic")
    )
    open = django_filters.BooleanFilter(field_name="case__is_open", label=_("open"))
    overdue = django_filters.BooleanFilter(label=_("overdue"), method="is_overdue")
    found_from = django_filters.DateFilter(
        field_name="found_on", lookup_expr="gte", label=_("from")
    )

    class Meta:
        model = Hazard
        fields = ["district", "level", "topic", "open", "overdue", "found_from"]

    def is_overdue(self, queryset, name, value):
        late = {"case__is_open": True, "case__deadline_at__lt": clock.now()}
        return queryset.filter(**late) if value else queryset.exclude(**late)


class RiskWaterFilter(django_filters.FilterSet):
    district = _district_filter()
    in_district = _district("unit")
    kind = django_filters.ChoiceFilter(choices=WaterKind.choices, label=_("kind"))
    town = django_filters.CharFilter(label=_("township (乡镇)"), lookup_expr="icontains")

    class Meta:
        model = RiskWater
        fields = ["district", "kind", "town"]


class _Expiring(django_filters.FilterSet):
    expiring = django_filters.BooleanFilter(label=_("licence expiring"), method="soon")

    def soon(self, queryset, name, value):
        limit = clock.today() + dt.timedelta(days=LICENCE_WARNING_DAYS)
        return (
            queryset.filter(licence_expiry__lte=limit)
            if value
            else queryset.filter(licence_expiry__gt=limit)
        )


class CanteenFilter(_Expiring):
    district = _district_filter()
    in_district = _district("school")
    bright_kitchen = django_filters.BooleanFilter(label=_("明厨亮灶"))

    class Meta:
        model = Canteen
        fields = ["district", "expiring", "bright_kitchen"]


class SupplierFilter(_Expiring):
    district = _district_filter()
    in_district = _district("unit")

    class Meta:
        model = Supplier
        fields = ["district", "expiring"]


class UniformFilter(django_filters.FilterSet):
    district = _district_filter()
    in_district = _district("school")
    year = django_filters.NumberFilter(label=_("year"))

    class Meta:
        model = UniformProcurement
        fields = ["district", "year"]


class InsuranceFilter(django_filters.FilterSet):
    district = _district_filter()
    in_district = _district("school")
    year = django_filters.NumberFilter(label=_("year"))
    gap = django_filters.BooleanFilter(label=_("fewer insured than enrolled"), method="has_gap")

    class Meta:
        model = InsurancePolicy
        fields = ["district", "year", "gap"]

    def has_gap(self, queryset, name, value):
        from django.db.models import F

        return (
            queryset.filter(insured__lt=F("enrolled"))
            if value
            else queryset.filter(insured__gte=F("enrolled"))
        )


class MealFilter(django_filters.FilterSet):
    district = _district_filter()
    in_district = _district("school")
    meal = django_filters.ChoiceFilter(choices=Meal.choices, label=_("meal"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("from"))
    with_problems = django_filters.BooleanFilter(label=_("with problems"), method="problems")

    class Meta:
        model = MealRecord
        fields = ["district", "meal", "date_from", "with_problems"]

    def problems(self, queryset, name, value):
        return queryset.exclude(problems="") if value else queryset.filter(problems="")


class LetterFilter(django_filters.FilterSet):
    district = _district_filter()
    in_district = _district("school")
    year = django_filters.NumberFilter(label=_("year"))
    campaign = django_filters.CharFilter(
        label=pgettext_lazy("safety", "campaign"), lookup_expr="icontains"
    )

    class Meta:
        model = ParentLetter
        fields = ["district", "year", "campaign"]


class PatrolFilter(django_filters.FilterSet):
    district = _district_filter()
    in_district = _district("unit")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("from"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("to"))
    with_findings = django_filters.BooleanFilter(label=_("with findings"), method="findings_")

    class Meta:
        model = PatrolRecord
        fields = ["district", "date_from", "date_to", "with_findings"]

    def findings_(self, queryset, name, value):
        return queryset.exclude(findings="") if value else queryset.filter(findings="")


class DrowningFilter(django_filters.FilterSet):
    district = _district_filter()
    in_district = _district("school")
    outcome = django_filters.ChoiceFilter(choices=DrowningOutcome.choices, label=_("outcome"))
    date_from = django_filters.DateFilter(
        field_name="occurred_on", lookup_expr="gte", label=_("from")
    )

    class Meta:
        model = DrowningIncident
        fields = ["district", "outcome", "date_from"]


class PurchaseFilter(django_filters.FilterSet):
    district = _district_filter()
    in_district = _district("school")
    goods = django_filters.CharFilter(label=_("goods"), lookup_expr="icontains")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("from"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("to"))
    unchecked = django_filters.BooleanFilter(
        label=_("certificates not checked"), method="not_checked"
    )

    class Meta:
        model = FoodPurchase
        fields = ["district", "goods", "date_from", "date_to", "unchecked"]

    def not_checked(self, queryset, name, value):
        return queryset.filter(certificates_checked=not value)


class SampleFilter(django_filters.FilterSet):
    district = _district_filter()
    in_district = _district("school")
    meal = django_filters.ChoiceFilter(choices=Meal.choices, label=_("meal"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("from"))
    failing = django_filters.BooleanFilter(label=_("not as required"), method="is_failing")

    class Meta:
        model = SampleCheck
        fields = ["district", "meal", "date_from", "failing"]

    def is_failing(self, queryset, name, value):
        from django.db.models import F, Q

        bad = (
            Q(sampled__lt=F("dishes")) | Q(weight_ok=False) | Q(hours_ok=False) | Q(fridge_ok=False)
        )
        return queryset.filter(bad) if value else queryset.exclude(bad)


class FoodIncidentFilter(django_filters.FilterSet):
    district = _district_filter()
    in_district = _district("school")
    kind = django_filters.ChoiceFilter(choices=FoodIncidentKind.choices, label=_("kind"))
    open = django_filters.BooleanFilter(field_name="case__is_open", label=_("open"))

    class Meta:
        model = FoodIncident
        fields = ["district", "kind", "open"]


class ClaimFilter(django_filters.FilterSet):
    district = _district_filter()
    in_district = _district("policy__school")
    year = django_filters.NumberFilter(field_name="policy__year", label=_("year"))
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices, label=_("status"))

    class Meta:
        model = InsuranceClaim
        fields = ["district", "year", "status"]
