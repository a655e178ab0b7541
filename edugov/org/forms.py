from django import forms

from edugov.core.widgets import DateInput

from .models import Unit


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "kind",
            "code",
            "name",
            "parent",
            "legal_district",
            "institution_type",
            "ownership",
            "inclusive",
            "urban_rural",
            "credit_code",
            "address",
            "enrolment",
            "opened_on",
            "closed_on",
            "sort_order",
            "is_active",
        ]
        widgets = {
            "opened_on": DateInput(),
            "closed_on": DateInput(),
        }
