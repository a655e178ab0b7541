"""One filter for the order list, its export and the statistics page."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edugov.casework.filters import filter_units
from edugov.core import clock
from edugov.org.filters import UnitChoiceFilter

from . import config
from .casetypes import ORDER_TYPE
from .models import HotlineOrder, OrderType


def state_choices():
    return ORDER_TYPE.state_choices()


class OrderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    order_type = django_filters.ChoiceFilter(choices=OrderType.choices, label=_("order type"))
    topic = django_filters.ChoiceFilter(choices=config.topic_choices, label=_("topic"))
    state = django_filters.ChoiceFilter(
        choices=state_choices, label=_("state"), field_name="case__state"
    )
    overdue = django_filters.BooleanFilter(label=_("overdue"), method="by_overdue")
    reopened = django_filters.BooleanFilter(label=_("reopened"), method="by_reopened")
    unit = UnitChoiceFilter(queryset=filter_units, label=_("unit"), method="for_unit")
    received_after = django_filters.DateFilter(
        label=_("received from"), field_name="received_at", lookup_expr="date__gte"
    )
    received_before = django_filters.DateFilter(
        label=_("received until"), field_name="received_at", lookup_expr="date__lte"
    )

    class Meta:
        model = HotlineOrder
        fields = ["q", "order_type", "topic", "state", "overdue", "reopened", "unit"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(platform_no__icontains=value)
            | Q(content__icontains=value)
            | Q(case__number__icontains=value)
        )

    def by_overdue(self, queryset, name, value):
        late = Q(case__is_open=True, case__deadline_at__lt=clock.now())
        return queryset.filter(late) if value else queryset.exclude(late)

    def by_reopened(self, queryset, name, value):
        return queryset.filter(case__reopened__gt=0) if value else queryset.filter(case__reopened=0)

    def for_unit(self, queryset, name, value):
        # The district or school concerned, or the unit handling it, under the chosen unit.
        under = value.path
        return queryset.filter(
            Q(district__path__startswith=under)
            | Q(school__path__startswith=under)
            | Q(case__lead_unit__path__startswith=under)
        )
