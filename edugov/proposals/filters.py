"""One filter for proposals: the list page and its export."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edugov.core import clock
from edugov.org.filters import UnitChoiceFilter
from edugov.org.models import Unit, UnitKind

from .casetypes import NPC, result_classes
from .models import Proposal, ProposalKind


def departments(request):
    """The departments the reader can see (the 主办 units of proposals)."""
    if request is None:
        return Unit.objects.none()
    return Unit.objects.visible_to(request.user, "view").filter(kind=UnitKind.DEPARTMENT)


def class_choices():
    return [(code, f"{code} {label}") for code, label in result_classes()]


class ProposalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(choices=ProposalKind.choices, label=_("kind"))
    year = django_filters.NumberFilter(label=_("year"))
    category = django_filters.CharFilter(label=_("category"), lookup_expr="icontains")
    department = UnitChoiceFilter(
        queryset=departments, label=_("lead unit (主办单位)"), field_name="case__lead_unit"
    )
    state = django_filters.ChoiceFilter(
        choices=NPC.state_choices, label=_("state"), field_name="case__state"
    )
    classification = django_filters.ChoiceFilter(
        choices=class_choices, label=_("result class"), method="by_class"
    )
    overdue = django_filters.BooleanFilter(label=_("overdue"), method="by_overdue")

    class Meta:
        model = Proposal
        fields = [
            "q",
            "kind",
            "year",
            "category",
            "department",
            "state",
            "classification",
            "overdue",
        ]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(number__icontains=value) | Q(proposer__icontains=value)
        )

    def by_class(self, queryset, name, value: str):
        return queryset.filter(case__attrs__classification=value)

    def by_overdue(self, queryset, name, value):
        late = Q(case__is_open=True, case__deadline_at__lt=clock.now())
        return queryset.filter(late) if value else queryset.exclude(late)
