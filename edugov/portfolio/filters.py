"""One filter for the record list and its export."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Dimension, Grade, PortfolioRecord, Status


class RecordFilter(django_filters.FilterSet):
    school_year = django_filters.NumberFilter(label=_("school year"))
    term = django_filters.NumberFilter(label=pgettext_lazy("school", "term"))
    grade_level = django_filters.NumberFilter(label=_("grade"))
    class_name = django_filters.CharFilter(label=_("class"))
    dimension = django_filters.ChoiceFilter(choices=Dimension.choices, label=_("dimension"))
    grade = django_filters.ChoiceFilter(
        choices=Grade.choices, label=pgettext_lazy("portfolio", "grade")
    )
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("status"))

    class Meta:
        model = PortfolioRecord
        fields = [
            "school_year",
            "term",
            "grade_level",
            "class_name",
            "dimension",
            "grade",
            "status",
        ]
