import django_filters
from django.utils.translation import gettext_lazy as _

from edugov.org.filters import UnitChoiceFilter, visible_districts
from edugov.org.models import Unit, UnitKind

from .models import Application, ApplicationDocument, Catchment, SchoolPlan


def visible_schools(request):
    """The schools in the requester's scope (a filter's dropdown: not the whole city's)."""
    if request is None:
        return Unit.objects.none()
    return Unit.objects.visible_to(request.user, "view").filter(kind=UnitKind.SCHOOL)


class ApplicationFilter(django_filters.FilterSet):
    school = UnitChoiceFilter(queryset=visible_schools, label=_("school"))

    class Meta:
        model = Application
        fields = ("year", "stage", "school", "category", "status", "private")


class AllocationFilter(django_filters.FilterSet):
    """The 统筹 list's filter: every row is unplaced, so no status; the city narrows by
    district."""

    district = UnitChoiceFilter(
        queryset=visible_districts, label=_("District / zone"), method="in_district"
    )
    school = UnitChoiceFilter(queryset=visible_schools, label=_("school"))
    community = django_filters.CharFilter(label=_("community"), lookup_expr="icontains")

    class Meta:
        model = Application
        fields = ("year", "stage", "district", "school", "category", "community")

    def in_district(self, queryset, name, value):
        return queryset.filter(school__path__startswith=value.path)


# The API's filters (api.py): the same dropdowns narrowed to the reader's scope.


class CatchmentFilter(django_filters.FilterSet):
    district = UnitChoiceFilter(queryset=visible_districts, label=_("District / zone"))

    class Meta:
        model = Catchment
        fields = ("year", "district", "version")


class SchoolPlanFilter(django_filters.FilterSet):
    school = UnitChoiceFilter(queryset=visible_schools, label=_("school"))

    class Meta:
        model = SchoolPlan
        fields = ("year", "stage", "school", "private")


class DocumentFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="application__year", label=_("year"))
    school = UnitChoiceFilter(
        queryset=visible_schools, field_name="application__school", label=_("school")
    )

    class Meta:
        model = ApplicationDocument
        fields = ("year", "school", "kind", "application")
