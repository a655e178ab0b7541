"""Tables of the private-school pages; the exports write the same columns."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import AnnualInspection, InspectionRound, Notice, PrivateSchool, RiskAssessment


class SchoolTable(tables.Table):
    school = tables.Column(
        linkify=lambda record: record.get_absolute_url(),
        verbose_name=_("school"),
        order_by=("school__path",),
    )
    code = tables.Column(
        accessor="school__code", verbose_name=_("school code"), order_by=("school__code",)
    )
    institution_type = tables.Column(
        accessor="school__get_institution_type_display",
        verbose_name=_("institution type"),
        order_by=("school__institution_type",),
    )
    enrolment = tables.Column(
        accessor="school__enrolment",
        verbose_name=_("students enrolled"),
        order_by=("school__enrolment",),
    )

    class Meta:
        model = PrivateSchool
        fields = (
            "school",
            "code",
            "institution_type",
            "status",
            "profit_type",
            "licence_number",
            "licence_valid_until",
            "approved_capacity",
            "enrolment",
            "account_supervised",
        )


class RoundTable(tables.Table):
    code = tables.Column(linkify=True, verbose_name=_("code"))

    class Meta:
        model = InspectionRound
        fields = ("code", "year", "title", "unit", "self_due", "published_at")


class InspectionTable(tables.Table):
    school = tables.Column(
        linkify=lambda record: record.get_absolute_url(),
        verbose_name=_("school"),
        order_by=("school__path",),
    )
    year = tables.Column(accessor="round__year", verbose_name=_("year"), order_by=("round__year",))

    class Meta:
        model = AnnualInspection
        fields = ("school", "year", "state", "self_total", "review_total", "result")


class RiskTable(tables.Table):
    file = tables.Column(linkify=True, verbose_name=_("school"), order_by=("file__school__path",))

    class Meta:
        model = RiskAssessment
        fields = ("file", "year", "tier", "score", "previous_tier", "wage_arrears", "computed_at")


class NoticeTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("title"))
    unit = tables.Column(
        verbose_name=pgettext_lazy("notice", "issued by"), order_by=("unit__path",)
    )

    class Meta:
        model = Notice
        fields = ("title", "unit", "issued_on")
