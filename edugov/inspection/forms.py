"""Forms of the 督导 pages. Dropdowns are narrowed to the user's scope by the base view
(``narrow_form_fields``); the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from edugov.core.widgets import DateInput

from .models import Assignment, Campaign, Inspector, Severity, Visit

FINDING_ROWS = 3


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class InspectorForm(forms.ModelForm):
    class Meta:
        model = Inspector
        fields = ("unit", "name", "phone", "background", "active", "note")
        widgets = {"phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Personal data is never pre-filled: an empty phone keeps the stored one.
        self.initial["phone"] = ""
        self.fields["phone"].required = False
        self.fields["phone"].help_text = _("Leave empty to keep the stored phone.")

    def clean_phone(self):
        value = (self.cleaned_data.get("phone") or "").strip()
        if not value and self.instance.pk:
            return self.instance.phone
        if value and not (value.isdigit() and 7 <= len(value) <= 12):
            raise forms.ValidationError(_("A phone number is 7 to 12 digits."))
        return value


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ("inspector", "school", "start_date", "end_date")
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
        }


class VisitForm(forms.ModelForm):
    """One screen on a phone: the visit, up to three findings, photos."""

    files = forms.FileField(
        label=_("Photos and forms"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,.pdf"}),
        help_text=_("JPEG, PNG or PDF, at most 10 MB each."),
    )

    class Meta:
        model = Visit
        fields = ("date", "school", "inspector", "items_checked", "summary")
        widgets = {
            "date": DateInput(),
            "items_checked": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, FINDING_ROWS + 1):
            self.fields[f"finding_{i}"] = forms.CharField(
                label=_("Finding %(n)s") % {"n": i},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"severity_{i}"] = forms.ChoiceField(
                label=_("Severity"), choices=Severity.choices, initial=Severity.MINOR
            )

    def findings(self):
        return [
            {
                "description": self.cleaned_data.get(f"finding_{i}", ""),
                "severity": self.cleaned_data.get(f"severity_{i}"),
            }
            for i in range(1, FINDING_ROWS + 1)
        ]


class RectifyForm(forms.Form):
    deadline = forms.CharField(
        label=_("Deadline"),
        required=False,
        help_text=_("e.g. 15 个工作日; empty: the configured default"),
    )


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ("code", "title", "kind", "year", "unit", "evaluated_unit", "self_due")
        widgets = {"self_due": DateInput()}


class FinishForm(forms.Form):
    conclusion = forms.CharField(label=_("conclusion"), widget=forms.Textarea(attrs={"rows": 4}))
    deadline = forms.CharField(
        label=_("Deadline"),
        required=False,
        help_text=_("e.g. 15 个工作日; empty: the configured default"),
    )
