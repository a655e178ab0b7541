import django_filters

from .models import Application


class ApplicationFilter(django_filters.FilterSet):
    class Meta:
        model = Application
        fields = ("year", "stage", "school", "category", "status", "private")


class AllocationFilter(django_filters.FilterSet):
    """The 统筹 list's filter: every row is unplaced, so no status."""

    community = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Application
        fields = ("year", "stage", "school", "category", "community")
