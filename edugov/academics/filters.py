"""One filter definition per model: the list pages, the API and the exports use them.

No filter on the 学籍号: it is encrypted and must not travel in a query string; a
result is found by its 学籍号 through the POST search (``CandidateList.post``)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.org.filters import SchoolChoiceFilter
from edugov.org.models import Unit, UnitKind

from .models import Candidate, Exam, ExamStatus, Level, UnitResult, ValueAddedResult


def _exams(request):
    if request is None:
        return Exam.objects.none()
    return Exam.objects.visible_to(request.user, "view")


def _schools(request):
    if request is None:
        return Unit.objects.none()
    return Unit.objects.visible_to(request.user, "view").filter(kind=UnitKind.SCHOOL)


class ExamFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("name"), lookup_expr="icontains")
    grade = django_filters.NumberFilter(label=_("grade"))
    status = django_filters.ChoiceFilter(choices=ExamStatus.choices, label=_("status"))
    year = django_filters.NumberFilter(field_name="date", lookup_expr="year", label=_("year"))

    class Meta:
        model = Exam
        fields = ["name", "grade", "status", "year"]


class ResultFilter(django_filters.FilterSet):
    exam = django_filters.ModelChoiceFilter(queryset=_exams, label=_("exam"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("level"))
    unit = SchoolChoiceFilter(queryset=_schools, label=_("school"))

    class Meta:
        model = UnitResult
        fields = ["exam", "level", "unit"]


class ValueAddedFilter(django_filters.FilterSet):
    exam = django_filters.ModelChoiceFilter(queryset=_exams, label=_("exam"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("level"))

    class Meta:
        model = ValueAddedResult
        fields = ["exam", "level"]


class CandidateFilter(django_filters.FilterSet):
    exam = django_filters.ModelChoiceFilter(queryset=_exams, label=_("exam"))
    school = SchoolChoiceFilter(queryset=_schools, label=_("school"))
    class_name = django_filters.CharFilter(label=_("class"))
    exam_no = django_filters.CharFilter(
        label=pgettext_lazy("exam", "exam number"), lookup_expr="startswith"
    )

    class Meta:
        model = Candidate
        fields = ["exam", "school", "class_name", "exam_no"]
