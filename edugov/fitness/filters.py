"""One filter for the result list (the class report) and its export."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import FitnessResult, Level


class ResultFilter(django_filters.FilterSet):
    school_year = django_filters.NumberFilter(label=_("school year"))
    grade = django_filters.CharFilter(label=_("grade"))
    class_name = django_filters.CharFilter(label=_("class"))
    level = django_filters.ChoiceFilter(
        choices=Level.choices, label=pgettext_lazy("fitness", "level")
    )

    class Meta:
        model = FitnessResult
        fields = ["school_year", "grade", "class_name", "level"]
