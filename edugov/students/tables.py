"""The student table: masked personal columns, an "under 14" flag. The export writes the
same columns (masked by ``Student.personal_fields``)."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.engines.codes import mask_value

from .models import Student


class MaskedColumn(tables.Column):
    """A personal column: shown masked, never sortable (it is ciphertext in the DB)."""

    def __init__(self, kind: str, **kwargs):
        kwargs.setdefault("orderable", False)
        super().__init__(**kwargs)
        self.kind = kind

    def render(self, value):
        return mask_value(self.kind, value)


class StudentTable(tables.Table):
    student_number = MaskedColumn("id", linkify=True, verbose_name=_("student number (学籍号)"))
    name = MaskedColumn("name", verbose_name=pgettext_lazy("person", "name"))
    id_number = MaskedColumn("id", verbose_name=_("ID number"))
    school = tables.Column(verbose_name=_("school"), order_by=("school__code",))
    under_14 = tables.BooleanColumn(
        accessor="is_minor_under_14", verbose_name=_("Under 14"), orderable=False
    )
    guardian_phone = MaskedColumn("phone", verbose_name=_("guardian phone"))

    class Meta:
        model = Student
        fields = (
            "student_number",
            "name",
            "id_number",
            "school",
            "grade",
            "class_name",
            "sex",
            "under_14",
            "guardian_phone",
            "status",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("school", "grade", "class_name")

    def render_under_14(self, value):
        if value:
            return format_html('<span class="badge bg-warning text-dark">{}</span>', _("Under 14"))
        return ""
