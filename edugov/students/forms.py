"""Student forms. Personal fields are never pre-filled: the edit page would otherwise
show full values to anyone who may edit. A blank personal field keeps its stored value;
the masked value is shown as the placeholder."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.widgets import DateInput
from edugov.engines.codes import mask_value

from .models import Student
from .services import student_duplicates

PERSONAL_FORM_FIELDS = (
    "student_number",
    "name",
    "id_number",
    "guardian_name",
    "guardian_phone",
    "home_address",
)


class StudentForm(forms.ModelForm):
    class Meta:
        model = Student
        fields = [
            "school",
            "student_number",
            "name",
            "id_number",
            "birth_date",
            "sex",
            "grade",
            "class_name",
            "guardian_name",
            "guardian_phone",
            "home_address",
            "status",
        ]
        # a person's name is 姓名; the model's plain "name" reads 名称 (a thing's name)
        labels = {"name": pgettext_lazy("person", "name")}
        widgets = {
            "student_number": forms.TextInput(attrs={"autocomplete": "off"}),
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
            "id_number": forms.TextInput(attrs={"autocomplete": "off"}),
            "guardian_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "guardian_phone": forms.TextInput(attrs={"autocomplete": "off"}),
            "home_address": forms.TextInput(attrs={"autocomplete": "off"}),
            "birth_date": DateInput(),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self._stored = {}
        if self.instance.pk:
            for name in PERSONAL_FORM_FIELDS:
                stored = getattr(self.instance, name)
                self._stored[name] = stored
                self.initial[name] = ""
                field = self.fields[name]
                field.required = False
                if stored:
                    field.widget.attrs["placeholder"] = str(
                        mask_value(Student.personal_fields[name], stored)
                    )
                    field.help_text = _("Leave blank to keep the current value.")

    def _keep(self, name: str):
        value = self.cleaned_data.get(name)
        if not value and self.instance.pk:
            return self._stored.get(name, value)
        return value

    def clean_student_number(self):
        return self._keep("student_number")

    def clean_name(self):
        return self._keep("name")

    def clean_id_number(self):
        return self._keep("id_number")

    def clean_guardian_name(self):
        return self._keep("guardian_name")

    def clean_guardian_phone(self):
        return self._keep("guardian_phone")

    def clean_home_address(self):
        return self._keep("home_address")

    def clean(self):
        cleaned = super().clean()
        if self.user is not None:
            # Here, not only in Student.clean: form validation runs before the save's
            # transaction, so the audit event of a hit survives the refusal. Raises
            # TooManyDuplicates past the hourly limit (the view answers 429).
            hits = student_duplicates(
                user=self.user,
                student_number=cleaned.get("student_number") or "",
                id_number=cleaned.get("id_number") or "",
                exclude_pk=self.instance.pk,
            )
            for name, message in hits.items():
                self.add_error(name, message)
        return cleaned


class SearchForm(forms.Form):
    """Exact lookup by ID number or 学籍号; POST only (never in a URL)."""

    kind = forms.ChoiceField(
        label=_("Search by"),
        choices=[("id", _("ID number")), ("student_number", _("student number (学籍号)"))],
    )
    value = forms.CharField(
        label=_("Value"), max_length=30, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )


class ApprovalDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
