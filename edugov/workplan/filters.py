"""One filter definition per model: the list page, the API and the export use it."""

import django_filters
from django.utils.translation import gettext_lazy as _

from edugov.org.filters import UnitChoiceFilter

from .casetypes import DUBAN
from .models import (
    DubanCase,
    Plan,
    PlanStatus,
    ProgressReport,
    ReportStatus,
    Task,
    WorkPoint,
)


def _plans(request):
    if request is None:
        return Plan.objects.none()
    return Plan.objects.visible_to(request.user, "view")


def _points(request):
    if request is None:
        return WorkPoint.objects.none()
    return WorkPoint.objects.visible_to(request.user, "view").select_related("area")


def _units(request):
    from .forms import working_units

    return working_units()


class PlanFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("year"))
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label=_("status"))

    class Meta:
        model = Plan
        fields = ["year", "status"]


class TaskFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains")
    plan = django_filters.ModelChoiceFilter(
        queryset=_plans, label=_("work plan"), field_name="point__area__plan"
    )
    point = django_filters.ModelChoiceFilter(queryset=_points, label=_("work point"))
    unit = UnitChoiceFilter(queryset=_units, label=_("unit"), method="for_unit")
    done = django_filters.BooleanFilter(
        label=_("completed"), field_name="done_on", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Task
        fields = ["q", "plan", "point", "unit", "done"]

    def for_unit(self, queryset, name, value):
        # Led by the unit or shared with it; a subquery so the M2M cannot duplicate rows.
        shared = Task.objects.filter(co_units=value).values("pk")
        return queryset.filter(lead_unit=value) | queryset.filter(pk__in=shared)


class ReportFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("status"))
    period_start = django_filters.DateFilter(label=_("period"))
    task = django_filters.NumberFilter(label=_("task"), field_name="task_id")

    class Meta:
        model = ProgressReport
        fields = ["status", "period_start", "task"]


class NoticeFilter(django_filters.FilterSet):
    """督办单 (casework cases of the type ``duban``) by state and year."""

    state = django_filters.ChoiceFilter(choices=DUBAN.state_choices(), label=_("status"))
    year = django_filters.NumberFilter(label=_("year"))

    class Meta:
        model = DubanCase
        fields = ["state", "year"]
