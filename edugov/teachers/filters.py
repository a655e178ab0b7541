"""One filter per list: the page, the API and the export share it. No name or ID number
here (personal data is looked up by POST through the blind index)."""

import django_filters
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.org.models import Unit

from .models import (
    ApprovedPost,
    Backbone,
    EthicsRecord,
    Graduate,
    PlanStatus,
    RecruitmentLine,
    RotationPlan,
    SchoolConfirmation,
    Subject,
    Teacher,
    TeacherStatus,
    Title,
    TrainingKind,
    TrainingRecord,
)


def _schools(request):
    if request is None:
        return Unit.objects.none()
    return Unit.objects.visible_to(request.user, "view").filter(kind="school")


class TeacherFilter(django_filters.FilterSet):
    school = django_filters.ModelChoiceFilter(queryset=_schools, label=_("school"))
    subject = django_filters.ChoiceFilter(choices=Subject.choices, label=_("main subject"))
    title = django_filters.ChoiceFilter(choices=Title.choices, label=_("professional title"))
    backbone = django_filters.ChoiceFilter(
        choices=[c for c in Backbone.choices if c[0]], label=_("backbone level")
    )
    status = django_filters.ChoiceFilter(choices=TeacherStatus.choices, label=_("status"))
    min_years = django_filters.NumberFilter(
        method="at_least_years", label=_("at least this many years at the school")
    )

    class Meta:
        model = Teacher
        fields = ["school", "subject", "title", "backbone", "status"]

    def at_least_years(self, qs, name, value):
        from edugov.core import clock

        today = clock.today()
        try:
            cutoff = today.replace(year=today.year - int(value))
        except ValueError:
            cutoff = today.replace(year=today.year - int(value), day=28)
        return qs.filter(joined_school_on__lte=cutoff)


class ProgressFilter(TeacherFilter):
    behind = django_filters.BooleanFilter(method="only_behind", label=_("behind the cycle"))

    def only_behind(self, qs, name, value):
        from edugov.core import clock

        from .selectors import expected_hours

        if value is None:
            return qs
        expected = expected_hours(clock.today())
        return (
            qs.filter(cycle_hours__lt=expected) if value else qs.filter(cycle_hours__gte=expected)
        )


class PostFilter(django_filters.FilterSet):
    school = django_filters.ModelChoiceFilter(queryset=_schools, label=_("school"))
    year = django_filters.NumberFilter(label=_("school year"))
    subject = django_filters.ChoiceFilter(choices=Subject.choices, label=_("subject"))
    balance = django_filters.ChoiceFilter(
        choices=[("shortage", _("Shortage")), ("surplus", _("Surplus"))],
        method="by_balance",
        label=_("balance"),
    )

    class Meta:
        model = ApprovedPost
        fields = ["school", "year", "subject"]

    def by_balance(self, qs, name, value):
        if value == "shortage":
            return qs.filter(posts__gt=F("teachers"))
        if value == "surplus":
            return qs.filter(posts__lt=F("teachers"))
        return qs


class PlanFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("school year"))
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label=_("status"))

    class Meta:
        model = RotationPlan
        fields = ["year", "status"]


class ConfirmationFilter(django_filters.FilterSet):
    confirmed = django_filters.BooleanFilter(
        field_name="confirmed_at", lookup_expr="isnull", exclude=True, label=_("confirmed")
    )

    class Meta:
        model = SchoolConfirmation
        fields = ["confirmed"]


class TrainingFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("training year"))
    kind = django_filters.ChoiceFilter(choices=TrainingKind.choices, label=_("training type"))

    class Meta:
        model = TrainingRecord
        fields = ["year", "kind"]


class EthicsFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("year"))
    veto = django_filters.BooleanFilter(label=_("one-vote veto (一票否决)"))

    class Meta:
        model = EthicsRecord
        fields = ["year", "veto"]


class RecruitmentFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("school year"))
    subject = django_filters.ChoiceFilter(choices=Subject.choices, label=_("subject"))

    class Meta:
        model = RecruitmentLine
        fields = ["year", "subject"]


class GraduateFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("school year"))
    subject = django_filters.ChoiceFilter(choices=Subject.choices, label=_("subject"))
    placed = django_filters.BooleanFilter(
        field_name="placed_school",
        lookup_expr="isnull",
        exclude=True,
        label=pgettext_lazy("graduate", "placed"),
    )

    class Meta:
        model = Graduate
        fields = ["year", "subject", "placed"]
