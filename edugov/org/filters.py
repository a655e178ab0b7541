"""One filter definition for units: the list page, the API and the export all use it."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .models import InstitutionType, Ownership, Unit, UnitKind, UrbanRural


def visible_districts(request):
    """Districts and zones in the requester's scope (a filter's dropdown)."""
    if request is None:
        return Unit.objects.none()
    return Unit.objects.visible_to(request.user, "view").filter(
        kind__in=[UnitKind.DISTRICT, UnitKind.ZONE]
    )


@extend_schema_field(OpenApiTypes.INT)
class UnitChoiceFilter(django_filters.ModelChoiceFilter):
    """A unit chosen by id (typed for the OpenAPI document); modules reuse it."""


class SchoolChoiceFilter(UnitChoiceFilter):
    """A school chosen by id through the scoped autocomplete (issue 25): a city has
    ~1,800 schools, too many for a dropdown. The submitted id is validated against the
    filter's own scoped queryset, as for any ``UnitChoiceFilter``."""

    def __init__(self, *args, **kwargs):
        from .autocomplete import school_picker

        kwargs.setdefault("widget", school_picker())
        super().__init__(*args, **kwargs)


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label=_("kind"))
    district = UnitChoiceFilter(
        queryset=visible_districts, label=_("District / zone"), method="in_district"
    )
    institution_type = django_filters.ChoiceFilter(
        choices=InstitutionType.choices, label=_("institution type")
    )
    ownership = django_filters.ChoiceFilter(choices=Ownership.choices, label=_("ownership"))
    urban_rural = django_filters.ChoiceFilter(choices=UrbanRural.choices, label=_("urban / rural"))
    inclusive = django_filters.BooleanFilter(label=_("inclusive (普惠)"))
    is_active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = Unit
        fields = [
            "q",
            "kind",
            "district",
            "institution_type",
            "ownership",
            "urban_rural",
            "inclusive",
            "is_active",
        ]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value))

    def in_district(self, queryset, name, value):
        return queryset.filter(path__startswith=value.path)
