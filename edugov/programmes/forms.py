"""The edit forms. A programme's form carries its kind's extra fields (``kinds.py``),
rendered from the declaration and gathered back into ``extra``; the model validates
them on save. Dropdowns are narrowed by the base view (``narrow_form_fields``)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from edugov.casework.forms import MultipleFileField, MultipleFileInput
from edugov.core.widgets import DateInput
from edugov.org.models import UnitKind

from .kinds import ProgrammeKind, extra_fields
from .models import PartyOrganization, Programme

PREFIX = "x_"


class ProgrammeForm(forms.ModelForm):
    """The kind comes from the stored programme, else the submitted or requested kind
    (``?kind=`` on the create page); a new kind's fields appear after it is chosen."""

    evidence = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )

    class Meta:
        model = Programme
        fields = (
            "code",
            "kind",
            "title",
            "unit",
            "task",
            "start_date",
            "end_date",
            "schools",
            "school_count",
            "student_count",
            "results",
            "awards",
        )
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "results": forms.Textarea(attrs={"rows": 3}),
            "awards": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = self.fields["schools"].queryset.filter(
            kind=UnitKind.SCHOOL
        )
        if self.instance.pk:
            self.fields["kind"].disabled = True
            kind = self.instance.kind
        else:
            kind = (self.data.get("kind") if self.is_bound else kind) or ""
            if kind in ProgrammeKind.values:
                self.fields["kind"].initial = kind
        self.kind = kind if kind in ProgrammeKind.values else ""
        for f in extra_fields(self.kind):
            field = f.form_field()
            field.initial = self.instance.extra.get(f.name) if self.instance.pk else None
            self.fields[PREFIX + f.name] = field

    def clean(self):
        data = super().clean()
        extra = {}
        for f in extra_fields(data.get("kind") or self.kind):
            value = data.get(PREFIX + f.name)
            if value not in (None, ""):
                extra[f.name] = value
        # Validated by the model's ``clean`` (``kinds.clean_extra``), as for an import.
        self.instance.extra = extra
        return data

    def _update_errors(self, errors):
        """The model's errors on ``extra``, a field the form does not have, are shown
        above the form (Django refuses an error on an unknown field)."""
        if hasattr(errors, "error_dict") and "extra" in errors.error_dict:
            rest = dict(errors.error_dict)
            rest[NON_FIELD_ERRORS] = rest.get(NON_FIELD_ERRORS, []) + rest.pop("extra")
            errors = ValidationError(rest)
        super()._update_errors(errors)


class PartyOrganizationForm(forms.ModelForm):
    class Meta:
        model = PartyOrganization
        fields = ("school", "form", "established_on", "members", "brand", "brand_description")
        widgets = {
            "established_on": DateInput(),
            "brand_description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["school"].disabled = True
