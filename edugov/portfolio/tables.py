"""The record list: the student (masked, from the roll), term, dimension, grade, status."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import PortfolioActivity, PortfolioRecord

ATTRS = {"class": "table table-sm table-hover align-middle"}


class RecordTable(tables.Table):
    student = tables.Column(
        verbose_name=_("student"), linkify=lambda record: record.get_absolute_url(), orderable=False
    )
    school = tables.Column(verbose_name=_("school"), order_by=("school__path",))

    class Meta:
        model = PortfolioRecord
        fields = (
            "school_year",
            "term",
            "school",
            "grade_level",
            "class_name",
            "student",
            "dimension",
            "grade",
            "status",
            "notice_end",
        )
        attrs = ATTRS


class ActivityTable(tables.Table):
    student = tables.Column(
        verbose_name=_("student"), linkify=lambda record: record.get_absolute_url(), orderable=False
    )
    school = tables.Column(verbose_name=_("school"), order_by=("school__path",))
    programme = tables.Column(verbose_name=_("practice base"), orderable=False)

    class Meta:
        model = PortfolioActivity
        fields = (
            "school_year",
            "term",
            "school",
            "grade_level",
            "class_name",
            "student",
            "kind",
            "on",
            "hours",
            "programme",
            "title",
            "author",
        )
        attrs = ATTRS
