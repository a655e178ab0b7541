"""Forms. Dropdowns are narrowed by the base view (``narrow_form_fields``); personal
fields are never pre-filled."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from edugov.core.widgets import DateInput, DateTimeInput

from . import config
from .models import Appointment, Campaign, Center, Consent, Hospital, NoteKind, Slot, Staffing

DATE = DateInput()


class CampaignForm(forms.ModelForm):
    grades = forms.TypedMultipleChoiceField(
        label=_("grades"), coerce=int, choices=[(g, str(g)) for g in range(4, 13)]
    )
    instruments = forms.MultipleChoiceField(label=_("instruments"), choices=[])

    class Meta:
        model = Campaign
        fields = ("unit", "title", "grades", "instruments", "opens_on", "closes_on")
        widgets = {"opens_on": DATE, "closes_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instruments"].choices = [(c, c) for c in config.get("instruments")]


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ("campaign", "student", "guardian_name", "relation", "method", "given_on")
        widgets = {
            "given_on": DATE,
            "guardian_name": forms.TextInput(attrs={"autocomplete": "off"}),
        }


class StaffingForm(forms.ModelForm):
    class Meta:
        model = Staffing
        fields = ("school", "lead_counselor", "full_time", "part_time")


class CenterForm(forms.ModelForm):
    class Meta:
        model = Center
        fields = ("district", "name", "hotline")


class HospitalForm(forms.ModelForm):
    class Meta:
        model = Hospital
        fields = ("unit", "name", "department", "address", "phone")


class SlotForm(forms.ModelForm):
    class Meta:
        model = Slot
        fields = ("school", "counselor", "starts_at", "minutes", "place")
        widgets = {"starts_at": DateTimeInput()}


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=NoteKind.choices)
    text = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 4}))


class ReferralForm(forms.Form):
    hospital = forms.ModelChoiceField(label=_("hospital"), queryset=None)
    reason = forms.CharField(
        label=_("reason for referral"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}
        ),
    )


class AppointmentForm(forms.ModelForm):
    """A booking taken by the counselor (by phone, in person) for a student or a parent."""

    class Meta:
        model = Appointment
        fields = ("slot", "who", "name", "contact", "topic")
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
            "contact": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
            "topic": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = Slot.objects.filter(appointment__isnull=True)
