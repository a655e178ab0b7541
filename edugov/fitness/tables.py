"""The class report table: the student (masked, from the roll), class, total and level."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import FitnessResult

ATTRS = {"class": "table table-sm table-hover align-middle"}


class ResultTable(tables.Table):
    student = tables.Column(
        verbose_name=_("student"), linkify=lambda record: record.get_absolute_url(), orderable=False
    )
    school = tables.Column(verbose_name=_("school"), order_by=("school__path",))
    standard_score = tables.Column(verbose_name=_("standard score"), order_by=("standard_tenths",))
    bonus = tables.Column(verbose_name=_("bonus points"))
    total = tables.Column(verbose_name=_("total"), order_by=("total_tenths",))

    class Meta:
        model = FitnessResult
        fields = (
            "school_year",
            "school",
            "grade",
            "class_name",
            "student",
            "standard_score",
            "bonus",
            "total",
            "level",
        )
        attrs = ATTRS
