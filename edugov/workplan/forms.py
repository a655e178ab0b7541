"""Forms of the work plan pages. Dropdowns of scoped models are narrowed to the user's
scope by the base views (``core.views.narrow_form_fields``)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edugov.core.widgets import DateInput, FileChooser, MultipleFileChooser
from edugov.org.models import Unit, UnitKind

from .models import Kpi, Milestone, Plan, Target, Task

DATE = DateInput()


def working_units():
    """Units that take on tasks: departments, district bureaus and zones, and the
    schools run directly by the bureau (a district's schools report through it)."""
    return Unit.objects.filter(
        Q(kind__in=[UnitKind.CITY, UnitKind.DEPARTMENT, UnitKind.DISTRICT, UnitKind.ZONE])
        | Q(kind=UnitKind.SCHOOL, parent__kind=UnitKind.CITY),
        is_active=True,
    ).order_by("path")


class PlanUploadForm(forms.ModelForm):
    file = forms.FileField(
        widget=FileChooser(attrs={"accept": ".docx,.md,.txt"}),
        label=_("Plan document (.docx, .md or .txt)"),
        help_text=_("The parsed result is shown for review before anything is saved as tasks."),
    )

    class Meta:
        model = Plan
        fields: list[str] = []


class PlanSettingsForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "period_months",
            "report_deadline_day",
            "lag_points",
            "kpi_trajectory_check",
            "status_date",
        ]
        widgets = {"status_date": DATE}


class TaskForm(forms.ModelForm):
    targets = forms.ModelMultipleChoiceField(
        queryset=Target.objects.all(),
        required=False,
        label=_("Track these plan targets as KPIs"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Task
        fields = [
            "point",
            "title",
            "description",
            "lead_unit",
            "co_units",
            "owner",
            "start_date",
            "due_date",
        ]
        widgets = {
            "start_date": DATE,
            "due_date": DATE,
            "co_units": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, point=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = working_units()
        self.fields["co_units"].queryset = working_units()
        self.fields["owner"].queryset = self.fields["owner"].queryset.filter(is_active=True)
        point_id = point.pk if point else (self.instance.point_id or self.data.get("point"))
        if point and not self.is_bound:
            self.initial["point"] = point.pk
        self.fields["targets"].queryset = (
            Target.objects.filter(point_id=point_id) if point_id else Target.objects.none()
        )
        for name in ("start_date", "due_date"):
            self.fields[name].widget = DATE
        for name, f in self.fields.items():
            if name != "targets":
                f.widget.attrs.setdefault("class", "form-control form-control-sm")


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date"]
        widgets = {"due_date": DATE}


class KpiForm(forms.ModelForm):
    class Meta:
        model = Kpi
        fields = ["name", "comparator", "baseline", "target_value", "unit", "target_date"]
        widgets = {"target_date": DATE}


class MultipleFileField(forms.FileField):
    """Several evidence files in one input; cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileChooser())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class ReportForm(forms.Form):
    period = forms.DateField(label=_("Period (any day in it)"), widget=DATE)
    percent = forms.IntegerField(label=_("Percent complete"), min_value=0, max_value=100)
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 5}))
    files = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("PDF, Word, Excel, JPEG or PNG; at most 10 MB each."),
    )

    def __init__(self, *args, kpis=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kpis = list(kpis)
        for k in self.kpis:
            if k.kind == "computed":
                continue
            self.fields[f"kpi_{k.pk}"] = forms.DecimalField(
                label=f"{k.name}（{k.unit}）", required=False, max_digits=24, decimal_places=4
            )

    def actuals(self):
        return {
            k.pk: self.cleaned_data[f"kpi_{k.pk}"]
            for k in self.kpis
            if self.cleaned_data.get(f"kpi_{k.pk}") is not None
        }


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return"))])
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoticeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    response_due = forms.DateField(label=_("Respond by"), widget=DATE)

    def __init__(self, *args, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if today and not self.is_bound:
            self.initial["response_due"] = today + dt.timedelta(days=7)


class RespondForm(forms.Form):
    measures = forms.CharField(label=_("Measures taken"), widget=forms.Textarea(attrs={"rows": 3}))
    new_due_date = forms.DateField(label=_("New completion date"), widget=DATE)


class CloseForm(forms.Form):
    comment = forms.CharField(
        label=_("Verification note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
