"""One filter definition per model: the list page, the API and the export use it.

No filter on names (encrypted); candidates are found by exam number, which is not
personal data in itself (the 准考证号 of a year's 中考).
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.org.filters import SchoolChoiceFilter, UnitChoiceFilter, visible_districts
from edugov.org.models import Unit, UnitKind

from .models import (
    PREFERENCE_LISTS,
    AdmissionSession,
    Candidate,
    CandidateResult,
    DrawStatus,
    LotteryApplicant,
    LotteryDraw,
    Programme,
    ProgrammeCutoff,
    Run,
    RunStatus,
    Sector,
)


def _schools(request):
    if request is None:
        return Unit.objects.none()
    return Unit.objects.visible_to(request.user, "view").filter(kind=UnitKind.SCHOOL)


def _sessions(request):
    return (
        AdmissionSession.objects.all() if request is not None else AdmissionSession.objects.none()
    )


def _runs(request):
    """Runs the user may open, plus every published run (published results are public
    knowledge; a district officer picks one to see their candidates' placements)."""
    if request is None:
        return Run.objects.none()
    visible = Run.objects.visible_to(request.user, "view").values("pk")
    return Run.objects.filter(Q(pk__in=visible) | Q(status=RunStatus.PUBLISHED))


def _programmes(request):
    return Programme.objects.all() if request is not None else Programme.objects.none()


class SessionFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("year"))

    class Meta:
        model = AdmissionSession
        fields = ["year"]


class CandidateFilter(django_filters.FilterSet):
    session = django_filters.ModelChoiceFilter(
        queryset=_sessions, label=pgettext_lazy("exam", "session")
    )
    exam_number = django_filters.CharFilter(label=_("exam number"))
    district = UnitChoiceFilter(
        queryset=visible_districts, label=_("District / zone"), method="in_district"
    )
    junior_school = SchoolChoiceFilter(queryset=_schools, label=_("junior school"))

    class Meta:
        model = Candidate
        fields = ["session", "exam_number", "district", "junior_school"]

    def in_district(self, queryset, name, value):
        return queryset.filter(junior_school__path__startswith=value.path)


class ProgrammeFilter(django_filters.FilterSet):
    session = django_filters.ModelChoiceFilter(
        queryset=_sessions, label=pgettext_lazy("exam", "session")
    )
    code = django_filters.CharFilter(label=_("programme code"))
    sector = django_filters.ChoiceFilter(choices=Sector.choices, label=_("sector"))
    is_key = django_filters.BooleanFilter(label=_("key school"))

    class Meta:
        model = Programme
        fields = ["session", "code", "sector", "is_key"]


class RunFilter(django_filters.FilterSet):
    session = django_filters.ModelChoiceFilter(
        queryset=_sessions, label=pgettext_lazy("exam", "session")
    )
    status = django_filters.ChoiceFilter(choices=RunStatus.choices, label=_("status"))

    class Meta:
        model = Run
        fields = ["session", "status"]


class ResultFilter(django_filters.FilterSet):
    run = django_filters.ModelChoiceFilter(queryset=_runs, label=_("run"))
    exam_number = django_filters.CharFilter(
        field_name="candidate__exam_number", label=_("exam number")
    )
    placed = django_filters.BooleanFilter(
        field_name="programme", lookup_expr="isnull", exclude=True, label=_("placed")
    )
    programme = django_filters.ModelChoiceFilter(queryset=_programmes, label=_("programme"))
    junior_school = SchoolChoiceFilter(
        queryset=_schools, field_name="candidate__junior_school", label=_("junior school")
    )
    batch = django_filters.ChoiceFilter(
        choices=PREFERENCE_LISTS + [("民办批", _("Private batch"))], label=_("batch")
    )

    class Meta:
        model = CandidateResult
        fields = ["run", "exam_number", "placed", "programme", "junior_school", "batch"]


class CutoffFilter(django_filters.FilterSet):
    run = django_filters.ModelChoiceFilter(queryset=_runs, label=_("run"))
    batch = django_filters.CharFilter(label=_("batch"))
    sector = django_filters.ChoiceFilter(
        choices=Sector.choices, field_name="programme__sector", label=_("sector")
    )
    is_key = django_filters.BooleanFilter(field_name="programme__is_key", label=_("key school"))

    class Meta:
        model = ProgrammeCutoff
        fields = ["run", "batch", "sector", "is_key"]


class DrawFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("year"))
    status = django_filters.ChoiceFilter(choices=DrawStatus.choices, label=_("status"))

    class Meta:
        model = LotteryDraw
        fields = ["year", "status"]


class ApplicantFilter(django_filters.FilterSet):
    draw = django_filters.ModelChoiceFilter(
        queryset=lambda request: (
            LotteryDraw.objects.visible_to(request.user, "view")
            if request is not None
            else LotteryDraw.objects.none()
        ),
        label=_("draw"),
    )
    application_number = django_filters.CharFilter(label=_("application number"))
    admitted = django_filters.BooleanFilter(label=_("admitted"))

    class Meta:
        model = LotteryApplicant
        fields = ["draw", "application_number", "admitted"]
