"""Forms: one per move, built from its declaration; the comment and calendar forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.files import EVIDENCE_TYPES
from edugov.core.widgets import DateInput
from edugov.org.models import Unit

from .declarations import Field, Transition
from .models import CalendarAdjustment, CalendarYear, Satisfaction

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(EVIDENCE_TYPES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def _party_units(user: Any):
    return Unit.objects.visible_to(user, "view").filter(is_active=True).order_by("path")


def _declared(f: Field) -> forms.Field:
    common = {"label": f.label, "required": f.required}
    if f.kind == "textarea":
        return forms.CharField(widget=TEXTAREA, **common)
    if f.kind == "date":
        return forms.DateField(widget=DateInput(), **common)
    if f.kind == "int":
        return forms.IntegerField(**common)
    if f.kind == "choice":
        return forms.ChoiceField(choices=[("", "---------"), *f.choices], **common)
    return forms.CharField(max_length=500, **common)


def _builtin(name: str, required: bool, user: Any) -> forms.Field:
    if name == "lead_unit":
        return forms.ModelChoiceField(
            _party_units(user), label=_("lead unit (主办)"), required=required
        )
    if name == "co_units":
        return forms.ModelMultipleChoiceField(
            _party_units(user), label=_("co-operating units (协办)"), required=required
        )
    if name == "supervising_unit":
        return forms.ModelChoiceField(
            Unit.objects.filter(supervises=True, is_active=True).order_by("path"),
            label=_("supervising unit (督办)"),
            required=required,
        )
    if name == "until":
        return forms.DateField(
            label=_("extend until"),
            required=required,
            widget=DateInput(),
        )
    if name == "outcome":
        return forms.CharField(
            label=pgettext_lazy("case", "outcome"), widget=TEXTAREA, required=required
        )
    if name == "satisfaction":
        return forms.ChoiceField(
            choices=Satisfaction.choices,
            label=_("satisfaction"),
            widget=forms.RadioSelect,
            required=required,
        )
    return forms.CharField(label=pgettext_lazy("case", "note"), widget=TEXTAREA, required=required)


def move_form(move: Transition, user: Any, data=None, files=None) -> forms.Form:
    """The form of one move: its kind's fields, its declared ones, and a file input.

    Required fields are marked in the page; the service checks them again (it is also
    called without a form)."""
    fields: dict[str, forms.Field] = {}
    declared = {f.name: f for f in move.fields}
    for name, required in move.field_names():
        fields[name] = (
            _declared(declared[name]) if name in declared else _builtin(name, required, user)
        )
    fields["files"] = MultipleFileField(
        label=_("Evidence files (PDF, Word, Excel, JPEG, PNG; at most 10 MB each)"),
        required=move.evidence > 0,
    )
    form_class = type("MoveForm", (forms.Form,), fields)
    return form_class(data, files, prefix=move.name)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("comment"), widget=TEXTAREA, max_length=4000)


class CalendarAdjustmentForm(forms.ModelForm):
    class Meta:
        model = CalendarAdjustment
        fields = ["date", "kind", "reason", "issued_by", "document"]
        widgets = {"date": DateInput()}


class CalendarYearForm(forms.ModelForm):
    class Meta:
        model = CalendarYear
        fields = ["year", "issued_by", "document"]
