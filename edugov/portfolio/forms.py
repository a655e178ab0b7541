"""The record form: the class teacher enters a student's term in one dimension."""

from django import forms

from .models import PortfolioRecord


class RecordForm(forms.ModelForm):
    class Meta:
        model = PortfolioRecord
        fields = ("student", "school_year", "term", "dimension", "grade", "evidence")
        widgets = {"evidence": forms.Textarea(attrs={"rows": 5})}
