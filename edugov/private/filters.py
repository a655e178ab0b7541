"""One filter definition per model: the list page and the export use it."""

import django_filters
from django.utils.translation import gettext_lazy as _

from edugov.org.filters import UnitChoiceFilter, visible_districts
from edugov.org.models import InstitutionType

from .models import (
    AnnualInspection,
    InspectionRound,
    Notice,
    PrivateSchool,
    ProfitType,
    Result,
    RiskAssessment,
    SchoolStatus,
)
from .models.inspection import InspectionState
from .models.risk import TIER_CHOICES


class _District(django_filters.FilterSet):
    district = UnitChoiceFilter(
        queryset=visible_districts, label=_("District / zone"), method="in_district"
    )
    school_path = "school__path"

    def in_district(self, queryset, name, value):
        return queryset.filter(**{f"{self.school_path}__startswith": value.path})


class SchoolFilter(_District):
    status = django_filters.ChoiceFilter(choices=SchoolStatus.choices, label=_("status"))
    profit_type = django_filters.ChoiceFilter(choices=ProfitType.choices, label=_("profit type"))
    institution_type = django_filters.ChoiceFilter(
        field_name="school__institution_type",
        choices=InstitutionType.choices,
        label=_("institution type"),
    )
    account_supervised = django_filters.BooleanFilter(label=_("tuition account supervised"))

    class Meta:
        model = PrivateSchool
        fields = ["district", "status", "profit_type", "institution_type", "account_supervised"]


class RoundFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("year"))

    class Meta:
        model = InspectionRound
        fields = ["year"]


class InspectionFilter(_District):
    year = django_filters.NumberFilter(field_name="round__year", label=_("year"))
    state = django_filters.ChoiceFilter(choices=InspectionState.choices, label=_("state"))
    result = django_filters.ChoiceFilter(choices=Result.choices, label=_("result"))

    class Meta:
        model = AnnualInspection
        fields = ["district", "year", "state", "result"]


class RiskFilter(_District):
    school_path = "file__school__path"
    year = django_filters.NumberFilter(label=_("year"))
    tier = django_filters.ChoiceFilter(choices=TIER_CHOICES, label=_("risk tier"))

    class Meta:
        model = RiskAssessment
        fields = ["district", "year", "tier"]


class NoticeFilter(django_filters.FilterSet):
    issued_after = django_filters.DateFilter(
        field_name="issued_on", lookup_expr="gte", label=_("issued on or after")
    )

    class Meta:
        model = Notice
        fields = ["issued_after"]
