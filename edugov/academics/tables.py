"""List tables; the exports write the same columns (personal columns masked)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.engines.codes import mask_value

from .models import Candidate, Exam, UnitResult, ValueAddedResult


class ExamTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("name"))
    owner = tables.Column(
        verbose_name=pgettext_lazy("exam", "organised by"), order_by=("owner__code",)
    )

    class Meta:
        model = Exam
        fields = ("name", "date", "grade", "owner", "status", "candidate_count", "analysed_at")
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("-date",)


class ResultTable(tables.Table):
    unit = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name=_("unit"))
    exam = tables.Column(verbose_name=_("exam"), order_by=("exam__date",))
    mean_total = tables.Column(verbose_name=_("mean total"))

    class Meta:
        model = UnitResult
        fields = (
            "exam",
            "level",
            "unit",
            "class_name",
            "candidates",
            "mean_total",
            "city_rank",
            "district_rank",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("city_rank",)

    def render_mean_total(self, value):
        return f"{value:.2f}"

    def value_mean_total(self, value):
        return round(value, 2) if value is not None else None


class ValueAddedTable(tables.Table):
    unit = tables.Column(verbose_name=_("school"))
    exam = tables.Column(verbose_name=_("exam"))
    prior = tables.Column(verbose_name=_("prior exam"))

    class Meta:
        model = ValueAddedResult
        fields = ("exam", "prior", "level", "unit", "class_name", "n", "mean", "ci_low", "ci_high")
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("-mean",)

    def render_mean(self, value):
        return f"{value:+.2f}"

    def render_ci_low(self, value):
        return f"{value:+.2f}"

    def render_ci_high(self, value):
        return f"{value:+.2f}"


class CandidateTable(tables.Table):
    exam_no = tables.Column(linkify=True, verbose_name=pgettext_lazy("exam", "exam number"))
    student_number = tables.Column(orderable=False, verbose_name=_("student number (学籍号)"))
    school = tables.Column(verbose_name=_("school"), order_by=("school__code",))
    exam = tables.Column(verbose_name=_("exam"), order_by=("exam__date",))

    class Meta:
        model = Candidate
        fields = ("exam", "exam_no", "student_number", "school", "class_name")
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_student_number(self, value):
        return mask_value("id", value) or "—"
