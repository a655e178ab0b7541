"""Exam forms. The subjects and items are one text field (one line per subject): a
bureau copies the paper's 双向细目表 into it faster than it could fill a formset."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from edugov.core.views import ImportForm
from edugov.core.widgets import DateInput
from edugov.org.models import Unit, UnitKind

from .models import Exam
from .services import format_subjects, parse_subjects


class ExamForm(forms.ModelForm):
    subjects_text = forms.CharField(
        label=_("Subjects and items"),
        widget=forms.Textarea(attrs={"rows": 8, "class": "form-control font-monospace"}),
        help_text=_(
            "One subject per line: name, full marks, “half” if half marks are allowed, "
            "then optional items as number:marks or number:marks:KEY for multiple choice. "
            "Example: 数学 120 1:5:A 2:5:C 3:110"
        ),
    )

    class Meta:
        model = Exam
        fields = [
            "name",
            "date",
            "grade",
            "owner",
            "pass_fraction",
            "excellent_fraction",
            "total_policy",
            "prior",
        ]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Unit.objects.filter(
            kind__in=[UnitKind.CITY, UnitKind.DISTRICT, UnitKind.ZONE]
        )
        self.fields["prior"].queryset = Exam.objects.all()
        if self.instance.pk:
            self.fields["subjects_text"].initial = format_subjects(self.instance)
            self.fields["prior"].queryset = Exam.objects.exclude(pk=self.instance.pk)
            if self.instance.candidates.exists():
                self.fields["subjects_text"].disabled = True
                self.fields["subjects_text"].required = False
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def clean_subjects_text(self):
        if self.fields["subjects_text"].disabled:
            return None
        try:
            return parse_subjects(self.cleaned_data["subjects_text"])
        except ValidationError as exc:
            raise ValidationError(exc.messages)


# The same upload field as every other import page.
ScoreUploadForm = ImportForm


class CandidateSearchForm(forms.Form):
    """Find one result by 学籍号: a POST, looked up through the blind index."""

    student_number = forms.CharField(
        label=_("student number (学籍号)"),
        max_length=19,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "form-control"}),
    )
