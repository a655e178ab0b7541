"""Forms of the safety pages. Dropdowns are narrowed to the user's scope by the base view
(``narrow_form_fields``); the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from edugov.core.widgets import DateInput, DateTimeInput
from edugov.org.models import UnitKind

from .models import (
    Canteen,
    DrowningIncident,
    FoodIncident,
    FoodPurchase,
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


class PatrolForm(forms.ModelForm):
    class Meta:
        model = PatrolRecord
        fields = ("unit", "date", "water", "place", "patrollers", "leader", "dissuaded", "findings")
        widgets = {"date": DATE}


class _PersonalForm(forms.ModelForm):
    """An edit leaves the stored name unshown: blank keeps it (as the 12345 and staff
    forms do), so the form never hands the full name back to the browser."""

    personal = ("student_name",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stored = {}
        if self.instance.pk:
            for name in self.personal:
                self._stored[name] = getattr(self.instance, name)
                self.initial[name] = ""
                self.fields[name].required = False
                self.fields[name].help_text = _("Leave blank to keep the current value.")
        for name in self.personal:
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean(self):
        cleaned = super().clean()
        for name in self.personal:
            if not cleaned.get(name) and self.instance.pk:
                cleaned[name] = self._stored.get(name, "")
                setattr(self.instance, name, cleaned[name])
        return cleaned


class DrowningForm(_PersonalForm):
    class Meta:
        model = DrowningIncident
        fields = (
            "school",
            "occurred_on",
            "water",
            "place",
            "student_name",
            "sex",
            "age",
            "grade",
            "outcome",
            "supervised",
            "description",
        )
        widgets = {"occurred_on": DATE, "student_name": forms.TextInput}


class PurchaseForm(forms.ModelForm):
    class Meta:
        model = FoodPurchase
        fields = (
            "school",
            "canteen",
            "date",
            "supplier",
            "goods",
            "quantity",
            "unit_of_measure",
            "amount",
            "certificates_checked",
            "accepted_by",
        )
        widgets = {"date": DATE}


class SampleForm(forms.ModelForm):
    class Meta:
        model = SampleCheck
        fields = (
            "school",
            "canteen",
            "date",
            "meal",
            "dishes",
            "sampled",
            "weight_ok",
            "hours_ok",
            "fridge_ok",
            "checked_by",
            "problems",
        )
        widgets = {"date": DATE}


class FoodIncidentForm(forms.ModelForm):
    class Meta:
        model = FoodIncident
        fields = (
            "school",
            "canteen",
            "occurred_at",
            "kind",
            "affected",
            "hospitalised",
            "description",
            "reported_to_regulator",
        )
        widgets = {"occurred_at": DateTimeInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The case was opened for this school: a correction cannot move it elsewhere.
            self.fields["school"].disabled = True


class ClaimForm(_PersonalForm):
    class Meta:
        model = InsuranceClaim
        fields = (
            "policy",
            "claim_no",
            "incident_date",
            "student_name",
            "injury",
            "claimed",
            "status",
            "paid",
            "settled_on",
        )
        widgets = {
            "incident_date": DATE,
            "settled_on": DATE,
            "student_name": forms.TextInput,
        }


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
    PatrolRecord: PatrolForm,
    DrowningIncident: DrowningForm,
    FoodPurchase: PurchaseForm,
    SampleCheck: SampleForm,
    FoodIncident: FoodIncidentForm,
    InsuranceClaim: ClaimForm,
}
