"""One filter definition per model: the list page and the export use it."""

import django_filters
from django.utils.translation import gettext_lazy as _

from edugov.org.filters import UnitChoiceFilter, visible_districts

from .models import (
    Assignment,
    Background,
    Campaign,
    CampaignKind,
    CampaignState,
    Inspector,
    Visit,
)


def _inspectors(request):
    if request is None:
        return Inspector.objects.none()
    return Inspector.objects.visible_to(request.user, "view")


class InspectorFilter(django_filters.FilterSet):
    district = UnitChoiceFilter(
        queryset=visible_districts, label=_("District / zone"), method="in_district"
    )
    background = django_filters.ChoiceFilter(choices=Background.choices, label=_("background"))
    active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = Inspector
        fields = ["district", "background", "active"]

    def in_district(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=value.path)


class AssignmentFilter(django_filters.FilterSet):
    district = UnitChoiceFilter(
        queryset=visible_districts, label=_("District / zone"), method="in_district"
    )
    inspector = django_filters.ModelChoiceFilter(queryset=_inspectors, label=_("inspector"))
    current = django_filters.BooleanFilter(
        label=_("current"), field_name="end_date", lookup_expr="isnull"
    )

    class Meta:
        model = Assignment
        fields = ["district", "inspector", "current"]

    def in_district(self, queryset, name, value):
        return queryset.filter(school__path__startswith=value.path)


class VisitFilter(django_filters.FilterSet):
    district = UnitChoiceFilter(
        queryset=visible_districts, label=_("District / zone"), method="in_district"
    )
    inspector = django_filters.ModelChoiceFilter(queryset=_inspectors, label=_("inspector"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("from"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("to"))
    with_findings = django_filters.BooleanFilter(label=_("with findings"), method="has_findings")

    class Meta:
        model = Visit
        fields = ["district", "inspector", "date_from", "date_to", "with_findings"]

    def in_district(self, queryset, name, value):
        return queryset.filter(school__path__startswith=value.path)

    def has_findings(self, queryset, name, value):
        from .models import Finding

        ids = Finding.objects.values("visit_id")
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)


class CampaignFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=CampaignKind.choices, label=_("kind"))
    state = django_filters.ChoiceFilter(choices=CampaignState.choices, label=_("state"))
    year = django_filters.NumberFilter(label=_("year"))

    class Meta:
        model = Campaign
        fields = ["kind", "state", "year"]
