"""One filter definition per registry model: the list page, the API and the export."""

import django_filters
from django.utils.translation import gettext_lazy as _

from edugov.org.filters import SchoolChoiceFilter, UnitChoiceFilter, visible_districts
from edugov.org.models import InstitutionType, Unit, UnitKind

from .models import (
    Alliance,
    AllianceKind,
    AnnualStatistics,
    DistrictPopulation,
    InstitutionStatus,
    StatsStatus,
    Target,
    TargetKind,
)


def _schools(request):
    if request is None:
        return Unit.objects.none()
    return Unit.objects.visible_to(request.user, "view").filter(kind=UnitKind.SCHOOL)


class _InDistrict(django_filters.FilterSet):
    district_path = "school__path"
    district = UnitChoiceFilter(
        queryset=visible_districts, label=_("District / zone"), method="in_district"
    )

    def in_district(self, queryset, name, value):
        return queryset.filter(**{f"{self.district_path}__startswith": value.path})


class StatisticsFilter(_InDistrict):
    school = SchoolChoiceFilter(queryset=_schools, label=_("school"))
    year = django_filters.NumberFilter(label=_("school year"))
    status = django_filters.ChoiceFilter(choices=StatsStatus.choices, label=_("status"))
    institution_type = django_filters.ChoiceFilter(
        field_name="school__institution_type",
        choices=InstitutionType.choices,
        label=_("institution type"),
    )

    class Meta:
        model = AnnualStatistics
        fields = ["district", "school", "year", "status", "institution_type"]


class StatusFilter(_InDistrict):
    school = SchoolChoiceFilter(queryset=_schools, label=_("school"))
    ownership = django_filters.CharFilter(label=_("ownership"))

    class Meta:
        model = InstitutionStatus
        fields = ["district", "school", "ownership", "standardization"]


class AllianceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=AllianceKind.choices, label=_("kind"))

    class Meta:
        model = Alliance
        fields = ["kind"]


class PopulationFilter(_InDistrict):
    district_path = "district__path"
    year = django_filters.NumberFilter(label=_("year"))

    class Meta:
        model = DistrictPopulation
        fields = ["district", "year"]


class TargetFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=TargetKind.choices, label=_("kind"))
    year = django_filters.NumberFilter(label=_("year"))

    class Meta:
        model = Target
        fields = ["indicator", "kind", "year"]
