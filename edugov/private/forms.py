"""Forms of the private-school pages. Dropdowns are narrowed to the user's scope by the
base view (``narrow_form_fields``); the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from edugov.core.widgets import DateInput

from .models import (
    FeeFiling,
    Founder,
    InspectionRound,
    Notice,
    Placement,
    PrivateSchool,
    RelatedPartyTransaction,
    RiskAssessment,
)

DATE = DateInput()


class SchoolForm(forms.ModelForm):
    class Meta:
        model = PrivateSchool
        fields = (
            "school",
            "status",
            "profit_type",
            "licence_number",
            "licence_scope",
            "licence_valid_from",
            "licence_valid_until",
            "registered_on",
            "registration_authority",
            "approved_capacity",
            "account_bank",
            "account_number",
            "account_supervised",
            "charter_approved_on",
        )
        widgets = {
            "licence_valid_from": DATE,
            "licence_valid_until": DATE,
            "registered_on": DATE,
            "charter_approved_on": DATE,
            "account_number": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Never pre-filled: an empty account number keeps the stored one.
        self.initial["account_number"] = ""
        self.fields["account_number"].required = False
        self.fields["account_number"].help_text = _("Leave empty to keep the stored number.")
        self.fields["school"].queryset = self.fields["school"].queryset.filter(
            kind="school", ownership="private"
        )

    def clean_account_number(self):
        value = (self.cleaned_data.get("account_number") or "").strip()
        return value or (self.instance.account_number if self.instance.pk else "")


class FounderForm(forms.ModelForm):
    class Meta:
        model = Founder
        fields = ("file", "name", "is_organisation", "id_number", "phone", "share", "since")
        widgets = {
            "since": DATE,
            "id_number": forms.TextInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("id_number", "phone"):
            self.initial[name] = ""
            self.fields[name].required = False
            self.fields[name].help_text = _("Leave empty to keep the stored value.")

    def _keep(self, name):
        value = (self.cleaned_data.get(name) or "").strip()
        return value or (getattr(self.instance, name) if self.instance.pk else "")

    def clean_id_number(self):
        return self._keep("id_number")

    def clean_phone(self):
        value = self._keep("phone")
        if value and not (value.isdigit() and 7 <= len(value) <= 12):
            raise forms.ValidationError(_("A phone number is 7 to 12 digits."))
        return value


class FeeForm(forms.ModelForm):
    class Meta:
        model = FeeFiling
        fields = ("file", "year", "item", "amount", "period", "filed_on", "filing_number")
        widgets = {"filed_on": DATE}


class RelatedPartyForm(forms.ModelForm):
    class Meta:
        model = RelatedPartyTransaction
        fields = ("file", "year", "party", "description", "amount", "disclosed_on")
        widgets = {"disclosed_on": DATE}


class PlacementForm(forms.ModelForm):
    class Meta:
        model = Placement
        fields = ("file", "grade", "students", "receiving_school", "receiving_name", "placed_on")
        widgets = {"placed_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_school"].queryset = self.fields["receiving_school"].queryset.filter(
            kind="school", is_active=True
        )


class RoundForm(forms.ModelForm):
    class Meta:
        model = InspectionRound
        fields = ("code", "year", "title", "unit", "self_due")
        widgets = {"self_due": DATE}


class RiskInputsForm(forms.ModelForm):
    """The indicators the platform cannot compute: the bureau enters them."""

    class Meta:
        model = RiskAssessment
        fields = ("debt_ratio", "cash_months", "audit_opinion", "wage_arrears")


class ReviewForm(forms.Form):
    conclusion = forms.CharField(label=_("conclusion"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.CharField(
        label=_("rectification deadline"),
        required=False,
        help_text=_("e.g. 3 个月; empty: the configured default"),
    )


class NoticeForm(forms.ModelForm):
    class Meta:
        model = Notice
        fields = ("unit", "title", "body", "issued_on")
        widgets = {"issued_on": DATE}
