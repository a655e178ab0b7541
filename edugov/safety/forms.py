"""Forms of the safety pages. Dropdowns are narrowed to the user's scope by the base view
(``narrow_form_fields``); the services check the rules."""

from __future__ import annotations

from django import forms

from edugov.core.widgets import DateInput
from edugov.org.models import UnitKind

from .models import (
    Canteen,
    Inspection,
    InspectionPlan,
    InsurancePolicy,
    MealRecord,
    ParentLetter,
    RiskWater,
    Supplier,
    UniformProcurement,
)

# type=date takes ISO dates only, whatever the locale formats.
DATE = DateInput()


class InspectionForm(forms.ModelForm):
    """The head of the phone form; the items' answers and photos are read by the view."""

    key = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = Inspection
        fields = ("school", "kind", "date", "latitude", "longitude", "note", "checklist", "version")
        widgets = {
            "date": DATE,
            "checklist": forms.HiddenInput,
            "version": forms.HiddenInput,
            "latitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "longitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = self.fields["school"].queryset.filter(kind=UnitKind.SCHOOL)

    def save(self, commit=True):
        inspection = super().save(commit=False)
        inspection.key = self.cleaned_data["key"]
        return inspection


class PlanForm(forms.ModelForm):
    class Meta:
        model = InspectionPlan
        fields = (
            "unit",
            "title",
            "kind",
            "checklist",
            "frequency",
            "due_day",
            "spot_target",
            "active",
        )


class RiskWaterForm(forms.ModelForm):
    class Meta:
        model = RiskWater
        fields = (
            "unit",
            "name",
            "kind",
            "latitude",
            "longitude",
            "town",
            "village",
            "warning_signs",
            "rescue_equipment",
            "note",
        )


class CanteenForm(forms.ModelForm):
    class Meta:
        model = Canteen
        fields = (
            "school",
            "name",
            "licence_no",
            "licence_expiry",
            "bright_kitchen",
            "contracted",
            "officer",
        )
        widgets = {"licence_expiry": DATE}


class SupplierForm(forms.ModelForm):
    class Meta:
        model = Supplier
        fields = ("unit", "name", "credit_code", "goods", "licence_no", "licence_expiry")
        widgets = {"licence_expiry": DATE}


class UniformForm(forms.ModelForm):
    class Meta:
        model = UniformProcurement
        fields = (
            "school",
            "year",
            "committee_took_part",
            "decision_record",
            "supplier",
            "price",
            "students",
            "bought",
            "quality_report",
        )


class InsuranceForm(forms.ModelForm):
    class Meta:
        model = InsurancePolicy
        fields = (
            "school",
            "year",
            "insurer",
            "policy_no",
            "insured",
            "enrolled",
            "premium",
            "claims",
            "claims_paid",
        )


class MealForm(forms.ModelForm):
    class Meta:
        model = MealRecord
        fields = ("school", "date", "meal", "leader", "dishes", "problems")
        widgets = {"date": DATE}


class LetterForm(forms.ModelForm):
    class Meta:
        model = ParentLetter
        fields = ("school", "year", "campaign", "class_name", "students", "acknowledged")


# Each ledger's form, by model (views.ledger builds the pages from it).
LEDGER_FORMS = {
    RiskWater: RiskWaterForm,
    Canteen: CanteenForm,
    Supplier: SupplierForm,
    UniformProcurement: UniformForm,
    InsurancePolicy: InsuranceForm,
    InspectionPlan: PlanForm,
    MealRecord: MealForm,
    ParentLetter: LetterForm,
}
