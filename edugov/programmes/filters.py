"""One filter per list: the pages, the exports and the API use them."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edugov.org.filters import SchoolChoiceFilter, UnitChoiceFilter, visible_districts
from edugov.org.models import Ownership, Unit, UnitKind
from edugov.workplan.models import Task

from .kinds import ProgrammeKind
from .models import PartyForm, PartyOrganization, Programme, State


def _schools(request):
    if request is None:
        return Unit.objects.none()
    return Unit.objects.visible_to(request.user, "view").filter(kind=UnitKind.SCHOOL)


def _tasks(request):
    """The plan tasks the reader can see (the registry links to them)."""
    if request is None:
        return Task.objects.none()
    return Task.objects.visible_to(request.user, "view").select_related("point")


class ProgrammeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(choices=ProgrammeKind.choices, label=_("kind"))
    year = django_filters.NumberFilter(label=_("year"))
    district = UnitChoiceFilter(
        queryset=visible_districts, label=_("District / zone"), method="in_district"
    )
    school = SchoolChoiceFilter(queryset=_schools, label=_("school"), method="by_school")
    task = django_filters.ModelChoiceFilter(queryset=_tasks, label=_("work-plan task"))
    state = django_filters.ChoiceFilter(choices=State.choices, label=_("state"))

    class Meta:
        model = Programme
        fields = ["q", "kind", "year", "district", "school", "task", "state"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(code__startswith=value))

    def in_district(self, queryset, name, value):
        """Owned in the district, or with a participating school there: one subquery,
        no join that could repeat a row."""
        joined = Programme.schools.through.objects.filter(unit__path__startswith=value.path).values(
            "programme_id"
        )
        return queryset.filter(Q(unit__path__startswith=value.path) | Q(pk__in=joined))

    def by_school(self, queryset, name, value):
        joined = Programme.schools.through.objects.filter(unit=value).values("programme_id")
        return queryset.filter(Q(unit=value) | Q(pk__in=joined))


class PartyOrganizationFilter(django_filters.FilterSet):
    district = UnitChoiceFilter(
        queryset=visible_districts, label=_("District / zone"), method="in_district"
    )
    school = SchoolChoiceFilter(queryset=_schools, label=_("school"))
    form = django_filters.ChoiceFilter(choices=PartyForm.choices, label=_("organization form"))
    ownership = django_filters.ChoiceFilter(
        choices=Ownership.choices, label=_("ownership"), field_name="school__ownership"
    )
    brand = django_filters.CharFilter(label=_("brand"), lookup_expr="icontains")

    class Meta:
        model = PartyOrganization
        fields = ["district", "school", "form", "ownership", "brand"]

    def in_district(self, queryset, name, value):
        return queryset.filter(school__path__startswith=value.path)
