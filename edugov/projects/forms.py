"""Forms of the projects pages. Dropdowns are narrowed to the user's scope by the base
view (``narrow_form_fields``); the services check the rules across rows."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from edugov.casework.forms import MultipleFileField, MultipleFileInput
from edugov.core.widgets import DateInput

from .models import (
    LEVEL_CODES,
    SOURCE_CODES,
    BudgetLine,
    EducationSpending,
    Indicator,
    LineExecution,
    ProgressReport,
    Project,
    ProjectMilestone,
    PublicFundAllocation,
)

DATE = DateInput()
COORD = forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"})


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = (
            "code",
            "name",
            "kind",
            "year",
            "task",
            "unit",
            "site",
            "latitude",
            "longitude",
            *[f"places_{lv}" for lv in LEVEL_CODES],
            *[f"budget_{s}" for s in SOURCE_CODES],
            "note",
        )
        widgets = {"latitude": COORD, "longitude": COORD}


class MilestoneForm(forms.ModelForm):
    """A milestone's dates, and its photos (checked by the service, EXIF stripped)."""

    photos = MultipleFileField(
        label=_("Photos"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png"}),
    )

    class Meta:
        model = ProjectMilestone
        fields = ("planned", "actual")
        widgets = {"planned": DATE, "actual": DATE}


class ReportForm(forms.ModelForm):
    class Meta:
        model = ProgressReport
        fields = (
            "project",
            "month",
            "percent",
            *[f"paid_{s}" for s in SOURCE_CODES],
            "delayed",
            "delay_reason",
        )
        widgets = {"month": DATE, "delay_reason": forms.Textarea(attrs={"rows": 3})}


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ("unit", "year", "code", "name", "project", "amount", "goal")
        widgets = {"goal": forms.Textarea(attrs={"rows": 3})}


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ("line", "category", "name", "target", "achieved", "weight", "self_score")


class ExecutionForm(forms.ModelForm):
    class Meta:
        model = LineExecution
        fields = ("line", "month", "spent")
        widgets = {"month": DATE}


class AllocationForm(forms.ModelForm):
    class Meta:
        model = PublicFundAllocation
        fields = (
            "school",
            "year",
            "students_primary",
            "students_junior",
            "students_special",
            "allocated",
        )


class SpendingForm(forms.ModelForm):
    class Meta:
        model = EducationSpending
        fields = ("unit", "year", "spending", "students")


FINANCE_FORMS = {
    BudgetLine: BudgetLineForm,
    Indicator: IndicatorForm,
    LineExecution: ExecutionForm,
    PublicFundAllocation: AllocationForm,
    EducationSpending: SpendingForm,
}


class AssetForm(forms.ModelForm):
    class Meta:
        from .models import Asset

        model = Asset
        fields = (
            "school",
            "code",
            "name",
            "category",
            "class_code",
            "kind",
            "quantity",
            "value",
            "acquired",
            "state",
            "location",
            "custodian",
        )
        widgets = {"acquired": DATE}


class TransferForm(forms.Form):
    """调拨 from the asset's page: the receiving school is one of the reader's scope."""

    to_school = forms.ModelChoiceField(queryset=None, label=_("to"))
    date = forms.DateField(label=_("date"), widget=DATE)
    reason = forms.CharField(label=_("reason"), max_length=200)

    def __init__(self, *args, user, **kwargs):
        from edugov.org.models import Unit, UnitKind

        super().__init__(*args, **kwargs)
        self.fields["to_school"].queryset = Unit.objects.visible_to(user, "view").filter(
            kind=UnitKind.SCHOOL, is_active=True
        )


class DisposalForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300)
