"""One filter definition for cases: the list page, the inbox, the API and the export."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edugov.core import clock
from edugov.org.filters import UnitChoiceFilter
from edugov.org.models import Unit, UnitKind

from . import registry
from .models import AdjustmentKind, CalendarAdjustment, Case, Satisfaction


def type_choices() -> list[tuple[str, str]]:
    return registry.choices()


def state_choices() -> list[tuple[str, str]]:
    """Every declared state once (types share codes such as "closed")."""
    seen: dict[str, str] = {}
    for ct in registry.all_types():
        for code, label in ct.state_choices():
            seen.setdefault(code, label)
    return list(seen.items())


def filter_units(request):
    """Bureaus, departments and districts the reader can see (schools are many; a
    district chosen here covers its schools)."""
    if request is None:
        return Unit.objects.none()
    return Unit.objects.visible_to(request.user, "view").exclude(kind=UnitKind.SCHOOL)


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    case_type = django_filters.ChoiceFilter(choices=type_choices, label=_("case type"))
    state = django_filters.ChoiceFilter(choices=state_choices, label=_("state"))
    is_open = django_filters.BooleanFilter(label=_("open"))
    overdue = django_filters.BooleanFilter(label=_("overdue"), method="by_overdue")
    unit = UnitChoiceFilter(queryset=filter_units, label=_("unit"), method="for_unit")
    opened_after = django_filters.DateFilter(
        label=_("opened from"), field_name="opened_at", lookup_expr="date__gte"
    )
    opened_before = django_filters.DateFilter(
        label=_("opened until"), field_name="opened_at", lookup_expr="date__lte"
    )
    satisfaction = django_filters.ChoiceFilter(
        choices=Satisfaction.choices, label=_("satisfaction")
    )

    class Meta:
        model = Case
        fields = [
            "q",
            "case_type",
            "state",
            "is_open",
            "overdue",
            "unit",
            "opened_after",
            "opened_before",
            "satisfaction",
        ]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(number__icontains=value))

    def by_overdue(self, queryset, name, value):
        late = Q(is_open=True, deadline_at__lt=clock.now())
        return queryset.filter(late) if value else queryset.exclude(late)

    def for_unit(self, queryset, name, value):
        # Owned, led or co-handled by the unit or a unit under it; the co-units through a
        # subquery so that a case with several cannot appear twice.
        under = value.path
        shared = Case.objects.filter(co_units__path__startswith=under).values("pk")
        return queryset.filter(
            Q(unit__path__startswith=under)
            | Q(lead_unit__path__startswith=under)
            | Q(pk__in=shared)
        )


class CalendarAdjustmentFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("year"), field_name="date", lookup_expr="year")
    kind = django_filters.ChoiceFilter(choices=AdjustmentKind.choices, label=_("kind"))

    class Meta:
        model = CalendarAdjustment
        fields = ["year", "kind"]
