"""Tables of the safety pages; the exports write the same columns."""

from __future__ import annotations

import django_tables2 as tables
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    Canteen,
    ChecklistItem,
    Hazard,
    Inspection,
    InspectionPlan,
    InsurancePolicy,
    MealRecord,
    ParentLetter,
    RiskWater,
    Supplier,
    UniformProcurement,
)


class DayColumn(tables.Column):
    """A moment shown as its local day."""

    def render(self, value):
        return timezone.localtime(value).date().isoformat()


class StateColumn(tables.Column):
    """A hazard case's state by its label (the type's declaration)."""

    def render(self, value):
        from .casetypes import HAZARD

        return HAZARD.state(value).label

    def value(self, value):
        return str(self.render(value))


class ChecklistTable(tables.Table):
    class Meta:
        model = ChecklistItem
        fields = ("checklist", "version", "title", "topic", "code", "text", "level", "unit")


class PlanTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("title"))

    class Meta:
        model = InspectionPlan
        fields = ("title", "unit", "kind", "checklist", "frequency", "due_day", "active")


class InspectionTable(tables.Table):
    date = tables.Column(linkify=True, verbose_name=_("date"))
    school = tables.Column(verbose_name=_("school"), order_by=("school__path",))

    class Meta:
        model = Inspection
        fields = ("date", "school", "kind", "checklist", "version", "items", "failed")


class HazardTable(tables.Table):
    description = tables.Column(linkify=True, verbose_name=_("description"))
    school = tables.Column(verbose_name=_("school"), order_by=("school__path",))
    number = tables.Column(accessor="case__number", verbose_name=_("case number"))
    state = StateColumn(accessor="case__state", verbose_name=_("state"), orderable=False)
    # A plain column: DateTimeColumn compiles a template per cell (0.9 s for 50 rows).
    deadline = DayColumn(
        accessor="case__due_at",
        verbose_name=_("deadline"),
        attrs={"td": {"data-testid": "hazard-deadline"}},
    )

    class Meta:
        model = Hazard
        fields = (
            "number",
            "description",
            "school",
            "level",
            "topic",
            "found_on",
            "deadline",
            "state",
        )


class RiskWaterTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("name"))

    class Meta:
        model = RiskWater
        fields = (
            "name",
            "unit",
            "kind",
            "town",
            "village",
            "latitude",
            "longitude",
            "warning_signs",
            "rescue_equipment",
        )


class CanteenTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("name"))

    class Meta:
        model = Canteen
        fields = ("name", "school", "licence_no", "licence_expiry", "bright_kitchen", "officer")


class SupplierTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("name"))

    class Meta:
        model = Supplier
        fields = ("name", "unit", "goods", "licence_no", "licence_expiry")


class UniformTable(tables.Table):
    school = tables.Column(linkify=True, verbose_name=_("school"), order_by=("school__path",))
    rate = tables.Column(
        accessor="purchase_rate", verbose_name=_("purchase rate (%)"), orderable=False
    )

    class Meta:
        model = UniformProcurement
        fields = (
            "school",
            "year",
            "committee_took_part",
            "supplier",
            "price",
            "students",
            "bought",
            "rate",
            "quality_report",
        )


class InsuranceTable(tables.Table):
    school = tables.Column(linkify=True, verbose_name=_("school"), order_by=("school__path",))
    gap = tables.Column(accessor="gap", verbose_name=_("not insured"), orderable=False)

    class Meta:
        model = InsurancePolicy
        fields = (
            "school",
            "year",
            "insurer",
            "policy_no",
            "enrolled",
            "insured",
            "gap",
            "premium",
            "claims",
            "claims_paid",
        )


class MealTable(tables.Table):
    date = tables.Column(linkify=True, verbose_name=_("date"))
    school = tables.Column(verbose_name=_("school"), order_by=("school__path",))

    class Meta:
        model = MealRecord
        fields = ("date", "school", "meal", "leader", "dishes", "problems")


class LetterTable(tables.Table):
    class_name = tables.Column(linkify=True, verbose_name=_("class"))
    school = tables.Column(verbose_name=_("school"), order_by=("school__path",))
    rate = tables.Column(accessor="rate", verbose_name=_("signed back (%)"), orderable=False)

    class Meta:
        model = ParentLetter
        fields = ("school", "year", "campaign", "class_name", "students", "acknowledged", "rate")
