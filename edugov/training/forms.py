"""Forms of the module. Dropdowns of scoped models are narrowed by the base view
(``narrow_form_fields``); personal fields are never pre-filled."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from edugov.core.widgets import DateInput
from edugov.org.models import Unit, UnitKind

from .models import (
    Complaint,
    FieldRecord,
    FindingKind,
    InspectionPlan,
    Institution,
    Programme,
    Staff,
    Status,
)

DATE = DateInput()
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class InstitutionForm(forms.ModelForm):
    class Meta:
        model = Institution
        fields = (
            "code",
            "name",
            "licence_no",
            "category",
            "field",
            "online",
            "address",
            "district",
            "custody",
            "penalty",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = Unit.objects.filter(
            kind__in=(UnitKind.DISTRICT, UnitKind.ZONE)
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=Status.choices)
    reason = forms.CharField(label=_("reason"), max_length=500)


class StaffForm(forms.ModelForm):
    """Personal fields start empty; left empty on a stored row, they keep their value."""

    class Meta:
        model = Staff
        fields = (
            "institution",
            "name",
            "phone",
            "qualification",
            "certificate_no",
            "teaches_subjects",
            "in_service",
        )
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"autocomplete": "off"}),
            "certificate_no": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stored = {}
        if self.instance.pk:
            for name in Staff.personal_fields:
                self._stored[name] = getattr(self.instance, name)
                self.initial[name] = ""
                self.fields[name].required = False
                self.fields[name].help_text = _("Leave blank to keep the current value.")

    def clean(self):
        cleaned = super().clean()
        for name in Staff.personal_fields:
            if not cleaned.get(name) and self.instance.pk:
                cleaned[name] = self._stored.get(name, "")
                setattr(self.instance, name, cleaned[name])
        return cleaned


class PlanForm(forms.ModelForm):
    class Meta:
        model = InspectionPlan
        fields = ("unit", "title", "starts", "ends", "checklist")
        widgets = {"starts": DATE, "ends": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.exclude(kind=UnitKind.SCHOOL)


class RecordForm(forms.ModelForm):
    """The phone page: one column, big buttons, the plan's checklist as ticks."""

    class Meta:
        model = FieldRecord
        fields = (
            "plan",
            "institution",
            "operator",
            "place",
            "district",
            "complaint",
            "visited_on",
            "inspectors",
            "notes",
        )
        widgets = {"visited_on": DATE, "complaint": forms.HiddenInput}

    def __init__(self, *args, plan: InspectionPlan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = Unit.objects.filter(
            kind__in=(UnitKind.DISTRICT, UnitKind.ZONE)
        )
        self.fields["district"].required = False
        self.fields["district"].help_text = _("Only for an operator not in the registry.")
        self.items = plan.items() if plan is not None else []
        for i, item in enumerate(self.items):
            self.fields[f"item_{i}"] = forms.ChoiceField(
                label=item,
                choices=[
                    ("ok", _("Meets it")),
                    ("problem", _("Problem found")),
                    ("na", _("Not checked")),
                ],
                initial="na",
                widget=forms.RadioSelect,
            )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("institution") and not cleaned.get("district"):
            self.add_error("district", _("Name the district where the operator was found."))
        self.instance.checked = {
            item: cleaned.get(f"item_{i}", "na") for i, item in enumerate(self.items)
        }
        return cleaned


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=FindingKind.choices)
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 3}))
    order_rectify = forms.BooleanField(
        label=_("Order rectification now (the institution's status becomes 整改)"), required=False
    )
    co_units = forms.ModelMultipleChoiceField(
        label=_("co-operating units (协办, joint enforcement)"),
        queryset=Unit.objects.exclude(kind=UnitKind.SCHOOL),
        required=False,
    )
    joint_departments = forms.CharField(
        label=_("other departments taking part"),
        required=False,
        help_text=_("Outside the education system: 市场监管, 公安, 消防 …"),
    )


class ComplaintLinkForm(forms.ModelForm):
    order = forms.CharField(label=_("12345 order number"), max_length=40)

    class Meta:
        model = Complaint
        fields = ("institution",)


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = (
            "school",
            "year",
            "days_per_week",
            "minutes_per_day",
            "ends_at",
            "courses",
            "teachers",
            "providers",
            "students",
            "participants",
            "fee",
            "subsidy",
        )
        widgets = {"ends_at": TIME}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = Unit.objects.filter(kind=UnitKind.SCHOOL)
        # Vetting: only institutions of the registry, operating normally, are offered.
        self.fields["providers"].queryset = Institution.objects.filter(status=Status.NORMAL)
        self.fields["providers"].required = False


class LookupForm(forms.Form):
    q = forms.CharField(label=_("Institution name or licence number"), max_length=60, min_length=2)


class PublicComplaintForm(forms.Form):
    institution = forms.CharField(label=_("platform code"), max_length=40, widget=forms.HiddenInput)
    content = forms.CharField(
        label=_("What happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=30, required=False)
    contact_phone = forms.RegexField(
        label=_("Your phone"),
        regex=r"^1\d{10}$",
        required=False,
        error_messages={"invalid": _("Enter an 11-digit mobile number.")},
    )
