"""The forms: the class teacher enters a student's term in one dimension, and a practice or
reading record."""

from django import forms

from edugov.core.widgets import DateInput

from .models import PortfolioActivity, PortfolioRecord


class RecordForm(forms.ModelForm):
    class Meta:
        model = PortfolioRecord
        fields = ("student", "school_year", "term", "dimension", "grade", "evidence")
        widgets = {"evidence": forms.Textarea(attrs={"rows": 5})}


class ActivityForm(forms.ModelForm):
    class Meta:
        model = PortfolioActivity
        fields = (
            "student",
            "school_year",
            "term",
            "kind",
            "on",
            "hours",
            "programme",
            "title",
            "author",
        )
        widgets = {"on": DateInput()}
