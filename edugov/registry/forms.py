"""Registry forms. Dropdowns of units are narrowed to the user's scope by the core
base view (``narrow_form_fields``), and to schools or districts by the model fields'
``limit_choices_to``, which a ModelForm applies itself."""

from django import forms
from django.utils.translation import gettext_lazy as _

from edugov.core.widgets import DateInput
from edugov.org.models import Unit, UnitKind

from .models import (
    GRADE_FIELDS,
    Alliance,
    AnnualStatistics,
    DistrictPopulation,
    InstitutionStatus,
    Target,
)


class SizesField(forms.CharField):
    """Class sizes typed as "45, 44, 46" and stored as a list of integers."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = (value or "").replace("，", ",").replace(" ", ",")
        out = []
        for part in [p for p in text.split(",") if p]:
            try:
                out.append(int(part))
            except ValueError:
                raise forms.ValidationError(_("class sizes must be whole numbers")) from None
        return out


STAT_FORM_FIELDS = [
    "school",
    "year",
    *GRADE_FIELDS,
    "classes_kg",
    "classes_primary",
    "classes_junior",
    "classes_senior",
    "max_class_size_kg",
    "max_class_size_primary",
    "max_class_size_junior",
    "max_class_size_senior",
    "class_sizes_primary",
    "class_sizes_junior",
    "teachers",
    "teachers_associate",
    "teachers_bachelor",
    "teachers_postgraduate",
    "backbone_county",
    "backbone_city",
    "backbone_province",
    "teachers_pe",
    "teachers_music",
    "teachers_art",
    "floor_area",
    "sports_ground_area",
    "sports_hall_area",
    "equipment_value",
    "multimedia_classrooms",
]


class StatisticsForm(forms.ModelForm):
    class_sizes_primary = SizesField(label=_("primary class sizes"), required=False)
    class_sizes_junior = SizesField(label=_("junior class sizes"), required=False)

    class Meta:
        model = AnnualStatistics
        fields = STAT_FORM_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The school and year identify the row: a correction never moves it.
            for name in ("school", "year"):
                self.fields[name].disabled = True


class StatusForm(forms.ModelForm):
    class Meta:
        model = InstitutionStatus
        fields = ["school", "effective_on", "ownership", "inclusive", "standardization", "note"]
        widgets = {"effective_on": DateInput()}


class AllianceForm(forms.ModelForm):
    member_schools = forms.ModelMultipleChoiceField(
        label=_("members"), queryset=Unit.objects.filter(kind=UnitKind.SCHOOL), required=False
    )

    class Meta:
        model = Alliance
        fields = ["name", "kind", "unit", "lead_school", "founded_on"]
        widgets = {"founded_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(
            kind__in=[UnitKind.CITY, UnitKind.DISTRICT, UnitKind.ZONE]
        )
        if self.instance.pk:
            self.initial["member_schools"] = list(self.instance.members.all())


class PopulationForm(forms.ModelForm):
    class Meta:
        model = DistrictPopulation
        fields = ["district", "year", "population_3_5", "source"]


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["indicator", "kind", "unit", "level", "year", "value", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(
            kind__in=[UnitKind.CITY, UnitKind.DISTRICT, UnitKind.ZONE]
        )


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("reason for return"), max_length=300)
