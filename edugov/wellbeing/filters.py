"""One filter per list: the page, its export and the API share it. No filter names a
student: results and cases are found by campaign, tier, state and date."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import (
    Appointment,
    Campaign,
    CaseFile,
    Center,
    Consent,
    ConsentMethod,
    Hospital,
    HotlineCall,
    Slot,
    Staffing,
    Submission,
    Tier,
    TierCount,
)


class CampaignFilter(django_filters.FilterSet):
    title = django_filters.CharFilter(label=_("title"), lookup_expr="icontains")
    opens_after = django_filters.DateFilter(
        label=_("opens from"), field_name="opens_on", lookup_expr="gte"
    )

    class Meta:
        model = Campaign
        fields = ("title", "opens_after")


class TierCountFilter(django_filters.FilterSet):
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(), label=_("campaign")
    )
    tier = django_filters.ChoiceFilter(choices=Tier.choices, label=_("tier"))

    class Meta:
        model = TierCount
        fields = ("campaign", "tier")

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is not None:
            self.filters["campaign"].queryset = Campaign.objects.visible_to(user, "view")


class SubmissionFilter(django_filters.FilterSet):
    tier = django_filters.ChoiceFilter(choices=Tier.choices, label=_("tier"))
    grade = django_filters.NumberFilter(label=_("grade"))

    class Meta:
        model = Submission
        fields = ("tier", "grade")


class CaseFileFilter(django_filters.FilterSet):
    tier = django_filters.ChoiceFilter(choices=Tier.choices, label=_("tier"))
    open = django_filters.BooleanFilter(label=_("open"), field_name="case__is_open")
    escalated = django_filters.BooleanFilter(label=_("escalated to the district center"))

    class Meta:
        model = CaseFile
        fields = ("tier", "open", "escalated")


class StaffingFilter(django_filters.FilterSet):
    unstaffed = django_filters.BooleanFilter(
        label=_("no psychology teacher"), method="by_unstaffed"
    )

    class Meta:
        model = Staffing
        fields = ("unstaffed",)

    def by_unstaffed(self, qs, name, value):
        if value is None:
            return qs
        none = {"full_time": 0, "part_time": 0}
        return qs.filter(**none) if value else qs.exclude(**none)


class HospitalFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("name"), lookup_expr="icontains")

    class Meta:
        model = Hospital
        fields = ("name",)


class SlotFilter(django_filters.FilterSet):
    after = django_filters.DateFilter(
        label=_("from"), field_name="starts_at", lookup_expr="date__gte"
    )

    class Meta:
        model = Slot
        fields = ("after",)


class HotlineCallFilter(django_filters.FilterSet):
    after = django_filters.DateFilter(label=_("from"), field_name="at", lookup_expr="date__gte")

    class Meta:
        model = HotlineCall
        fields = ("after", "topic", "outcome")


class ConsentFilter(django_filters.FilterSet):
    method = django_filters.ChoiceFilter(
        choices=ConsentMethod.choices, label=_("how consent was given")
    )

    class Meta:
        model = Consent
        fields = ("campaign", "method")


class CenterFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("name"), lookup_expr="icontains")

    class Meta:
        model = Center
        fields = ("name",)


class AppointmentFilter(django_filters.FilterSet):
    who = django_filters.ChoiceFilter(
        choices=[("student", _("Student")), ("parent", _("Parent"))], label=_("booked by")
    )

    class Meta:
        model = Appointment
        fields = ("who",)
