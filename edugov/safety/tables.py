"""Tables of the safety pages; the exports write the same columns."""

from __future__ import annotations

import django_tables2 as tables
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edugov.engines.codes import mask_value

from .models import (
    Canteen,
    ChecklistItem,
    DrowningIncident,
    FoodIncident,
    FoodPurchase,
    Hazard,
    Inspection,
    InspectionPlan,
    InsuranceClaim,
    InsurancePolicy,
    MealRecord,
    ParentLetter,
    PatrolRecord,
    RiskWater,
    SampleCheck,
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


class FoodStateColumn(StateColumn):
    """A food incident case's state by its label."""

    def render(self, value):
        from .casetypes import FOOD_INCIDENT

        return FOOD_INCIDENT.state(value).label


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


class MaskedColumn(tables.Column):
    """A personal field, masked on the page and in the export alike (never sortable:
    ciphertext in the database)."""

    def __init__(self, kind: str = "name", **kwargs):
        self.kind = kind
        super().__init__(orderable=False, **kwargs)

    def render(self, value):
        return mask_value(self.kind, value)

    def value(self, value):
        return mask_value(self.kind, value)


class PatrolTable(tables.Table):
    date = tables.Column(linkify=True, verbose_name=_("date"))

    class Meta:
        model = PatrolRecord
        fields = ("date", "unit", "place", "water", "patrollers", "leader", "dissuaded", "findings")


class DrowningTable(tables.Table):
    occurred_on = tables.Column(linkify=True, verbose_name=_("date of the incident"))
    school = tables.Column(verbose_name=_("school"), order_by=("school__path",))
    student_name = MaskedColumn(verbose_name=_("student"))

    class Meta:
        model = DrowningIncident
        fields = (
            "occurred_on",
            "school",
            "place",
            "water",
            "student_name",
            "sex",
            "age",
            "grade",
            "outcome",
            "supervised",
        )


class PurchaseTable(tables.Table):
    date = tables.Column(linkify=True, verbose_name=_("delivered on"))
    school = tables.Column(verbose_name=_("school"), order_by=("school__path",))

    class Meta:
        model = FoodPurchase
        fields = (
            "date",
            "school",
            "canteen",
            "supplier",
            "goods",
            "quantity",
            "unit_of_measure",
            "amount",
            "certificates_checked",
            "accepted_by",
        )


class SampleTable(tables.Table):
    date = tables.Column(linkify=True, verbose_name=_("date"))
    school = tables.Column(verbose_name=_("school"), order_by=("school__path",))
    compliant = tables.BooleanColumn(
        accessor="compliant", verbose_name=_("as required"), orderable=False
    )

    class Meta:
        model = SampleCheck
        fields = (
            "date",
            "school",
            "canteen",
            "meal",
            "dishes",
            "sampled",
            "weight_ok",
            "hours_ok",
            "fridge_ok",
            "compliant",
            "checked_by",
            "problems",
        )


class FoodIncidentTable(tables.Table):
    occurred_at = DayColumn(linkify=True, verbose_name=_("occurred at"))
    school = tables.Column(verbose_name=_("school"), order_by=("school__path",))
    number = tables.Column(accessor="case__number", verbose_name=_("case number"))
    state = FoodStateColumn(accessor="case__state", verbose_name=_("state"), orderable=False)

    class Meta:
        model = FoodIncident
        fields = (
            "number",
            "occurred_at",
            "school",
            "canteen",
            "kind",
            "affected",
            "hospitalised",
            "reported_to_regulator",
            "state",
        )


class ClaimTable(tables.Table):
    claim_no = tables.Column(linkify=True, verbose_name=_("claim number"))
    school = tables.Column(
        accessor="policy__school", verbose_name=_("school"), order_by=("policy__school__path",)
    )
    year = tables.Column(accessor="policy__year", verbose_name=_("year"))
    student_name = MaskedColumn(verbose_name=_("student"))

    class Meta:
        model = InsuranceClaim
        fields = (
            "claim_no",
            "school",
            "year",
            "incident_date",
            "student_name",
            "injury",
            "claimed",
            "status",
            "paid",
            "settled_on",
        )
