"""One filter definition for students: the list page, the API and the export use it.

Deliberately no free-text search: names, ID numbers and 学籍号 are encrypted (a G 学籍号
is the ID number), so they cannot be matched by prefix, and they must not travel in a
query string anyway. Exact lookup by ID number or 学籍号 is the POST search form
(``StudentSearch``), through the blind index.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from edugov.org.filters import SchoolChoiceFilter, UnitChoiceFilter, visible_districts
from edugov.org.models import Unit, UnitKind

from .models import EnrolmentStatus, Sex, Student, minor_cutoff


def _schools(request):
    if request is None:
        return Unit.objects.none()
    return Unit.objects.visible_to(request.user, "view").filter(kind=UnitKind.SCHOOL)


class StudentFilter(django_filters.FilterSet):
    district = UnitChoiceFilter(
        queryset=visible_districts, label=_("District / zone"), method="in_district"
    )
    school = SchoolChoiceFilter(queryset=_schools, label=_("school"))
    grade = django_filters.NumberFilter(label=_("grade"))
    class_name = django_filters.CharFilter(label=_("class"), lookup_expr="startswith")
    sex = django_filters.ChoiceFilter(choices=Sex.choices, label=_("sex"))
    status = django_filters.ChoiceFilter(
        choices=EnrolmentStatus.choices, label=_("enrolment status")
    )
    under_14 = django_filters.BooleanFilter(label=_("Under 14"), method="minors")

    class Meta:
        model = Student
        fields = ["district", "school", "grade", "class_name", "sex", "status", "under_14"]

    def in_district(self, queryset, name, value):
        return queryset.filter(school__path__startswith=value.path)

    def minors(self, queryset, name, value):
        cutoff = minor_cutoff()
        return (
            queryset.filter(birth_date__gt=cutoff)
            if value
            else queryset.exclude(birth_date__gt=cutoff)
        )
