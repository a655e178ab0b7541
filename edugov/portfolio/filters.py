"""The filters of the record list and the practice and reading list (and their exports)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import ActivityKind, Dimension, Grade, PortfolioActivity, PortfolioRecord, Status


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


class ActivityFilter(django_filters.FilterSet):
    school_year = django_filters.NumberFilter(label=_("school year"))
    term = django_filters.NumberFilter(label=pgettext_lazy("school", "term"))
    grade_level = django_filters.NumberFilter(label=_("grade"))
    class_name = django_filters.CharFilter(label=_("class"))
    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices, label=_("kind"))
    # The record page links to one student's term (an id, not a name in the URL).
    student = django_filters.NumberFilter(widget=forms.HiddenInput)

    class Meta:
        model = PortfolioActivity
        fields = ["school_year", "term", "grade_level", "class_name", "kind", "student"]
