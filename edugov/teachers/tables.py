"""The lists' tables; the exports write the same columns (personal columns masked, as
``personal_fields`` requires). The masked column is the students app's."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.students.tables import MaskedColumn

from .models import (
    ApprovedPost,
    EthicsRecord,
    Graduate,
    RecruitmentLine,
    RotationMove,
    RotationPlan,
    SchoolConfirmation,
    Teacher,
    TrainingRecord,
)

ATTRS = {"class": "table table-sm table-hover align-middle"}


class TeacherTable(tables.Table):
    name = MaskedColumn("name", linkify=True, verbose_name=pgettext_lazy("person", "name"))
    id_number = MaskedColumn("id", verbose_name=_("ID number"))
    school = tables.Column(verbose_name=_("school"), order_by=("school__code",))
    years = tables.Column(
        verbose_name=_("years at the school"), order_by=("-joined_school_on",), accessor="years"
    )

    class Meta:
        model = Teacher
        fields = (
            "name",
            "id_number",
            "school",
            "subject",
            "post_type",
            "title",
            "backbone",
            "qualification",
            "years",
            "status",
        )
        attrs = ATTRS


class ProgressTable(tables.Table):
    name = MaskedColumn("name", linkify=True, verbose_name=pgettext_lazy("person", "name"))
    school = tables.Column(verbose_name=_("school"), order_by=("school__code",))
    cycle_hours = tables.Column(verbose_name=_("hours this cycle"))

    class Meta:
        model = Teacher
        fields = ("name", "school", "subject", "cycle_hours")
        attrs = ATTRS


class PostTable(tables.Table):
    school = tables.Column(verbose_name=_("school"), order_by=("school__code",))
    teachers = tables.Column(verbose_name=_("teachers in post"))
    balance = tables.Column(verbose_name=_("balance"), attrs={"td": {"data-testid": "balance"}})

    class Meta:
        model = ApprovedPost
        fields = ("school", "year", "subject", "posts", "teachers", "balance")
        attrs = ATTRS

    def render_balance(self, record):
        gap = record.balance
        if gap > 0:
            return _("short by %(n)s") % {"n": gap}
        if gap < 0:
            return _("%(n)s over") % {"n": -gap}
        return "—"


class PlanTable(tables.Table):
    district = tables.Column(linkify=True, verbose_name=_("district"), order_by=("district__code",))
    moves = tables.Column(
        verbose_name=_("moves"), accessor="report__moves", orderable=False, default=0
    )

    class Meta:
        model = RotationPlan
        fields = ("district", "year", "status", "quota_percent", "max_km", "moves", "created_at")
        attrs = ATTRS

    def render_district(self, record, value):
        return f"{value} {record.year} #{record.pk}"


class MoveTable(tables.Table):
    teacher = tables.Column(verbose_name=_("teacher"), orderable=False)

    class Meta:
        model = RotationMove
        fields = (
            "teacher",
            "from_school",
            "to_school",
            "subject",
            "backbone",
            "fills_shortage",
            "km",
            "reason",
        )
        attrs = ATTRS


class ConfirmationTable(tables.Table):
    plan = tables.Column(
        linkify=lambda record: record.get_absolute_url(), verbose_name=_("rotation plan")
    )

    class Meta:
        model = SchoolConfirmation
        fields = ("plan", "school", "confirmed_at")
        attrs = ATTRS


class TrainingTable(tables.Table):
    teacher = tables.Column(verbose_name=_("teacher"), orderable=False)

    class Meta:
        model = TrainingRecord
        fields = ("serial", "teacher", "year", "kind", "project", "hours")
        attrs = ATTRS


class EthicsTable(tables.Table):
    case = tables.Column(
        linkify=lambda record: record.get_absolute_url(),
        verbose_name=_("case"),
        accessor="case__number",
    )
    teacher = tables.Column(verbose_name=_("teacher"), orderable=False)

    class Meta:
        model = EthicsRecord
        fields = ("case", "teacher", "year", "summary", "veto")
        attrs = ATTRS


class RecruitmentTable(tables.Table):
    district = tables.Column(verbose_name=_("district"), order_by=("district__code",))
    shortage = tables.Column(verbose_name=_("teachers short"))
    open = tables.Column(verbose_name=_("left open by the plan"))

    class Meta:
        model = RecruitmentLine
        fields = ("district", "year", "subject", "shortage", "planned", "free_normal", "open")
        attrs = ATTRS


class GraduateTable(tables.Table):
    name = MaskedColumn("name", verbose_name=pgettext_lazy("person", "name"))
    id_number = MaskedColumn("id", verbose_name=_("ID number"))
    district = tables.Column(verbose_name=_("district"), order_by=("district__code",))
    placed_school = tables.Column(verbose_name=_("placed at"), order_by=("placed_school__code",))

    class Meta:
        model = Graduate
        fields = ("name", "id_number", "district", "year", "subject", "placed_school")
        attrs = ATTRS
