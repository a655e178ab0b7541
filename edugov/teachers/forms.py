"""Forms. The teacher's form never carries her name or ID number (they come from the
national export and are never pre-filled); it edits what the school and the district
keep: post, subjects, title, backbone level, exemption and commute limit."""

from django import forms
from django.utils.translation import gettext_lazy as _

from edugov.org.models import Unit, UnitKind

from .models import EthicsRecord, RotationPlan, Teacher


class TeacherForm(forms.ModelForm):
    class Meta:
        model = Teacher
        fields = [
            "post_type",
            "subject",
            "title",
            "backbone",
            "qualification",
            "exemption",
            "exemption_reason",
            "max_commute_km",
            "status",
        ]


class PlanForm(forms.ModelForm):
    class Meta:
        model = RotationPlan
        fields = ["district", "year", "min_years", "quota_percent", "backbone_percent", "max_km"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = Unit.objects.filter(
            kind__in=(UnitKind.DISTRICT, UnitKind.ZONE)
        )
        for name in ("quota_percent", "backbone_percent"):
            self.fields[name].max_value = 100
            self.fields[name].widget.attrs["max"] = 100


class WhatIfForm(forms.Form):
    """The what-if's two knobs (and the eligibility years)."""

    quota_percent = forms.IntegerField(
        label=_("share of eligible who rotate (%)"), min_value=1, max_value=100
    )
    backbone_percent = forms.IntegerField(
        label=_("share of backbone among rotating (%)"), min_value=0, max_value=100
    )
    max_km = forms.IntegerField(label=_("farthest commute (km)"), min_value=1, max_value=500)
    min_years = forms.IntegerField(
        label=_("years at a school to be eligible"), min_value=1, max_value=40
    )


class EthicsForm(forms.ModelForm):
    class Meta:
        model = EthicsRecord
        fields = ["teacher", "year", "summary", "veto"]
