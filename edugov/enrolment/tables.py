import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from edugov.engines.codes import mask_value

from .models import Application


class ApplicationTable(tables.Table):
    number = tables.Column(
        linkify=("enrolment:review_detail", [tables.A("pk")]), verbose_name=_("application number")
    )

    class Meta:
        model = Application
        fields = ("number", "school", "category", "status", "placed_school", "submitted_at")


class MaskedColumn(tables.Column):
    """A personal column: masked, never sortable (ciphertext in the database). The export
    masks it too, through ``Application.personal_fields``."""

    def __init__(self, kind: str, **kwargs):
        kwargs.setdefault("orderable", False)
        super().__init__(**kwargs)
        self.kind = kind

    def render(self, value):
        return mask_value(self.kind, value)


class AllocationTable(tables.Table):
    """The district's 统筹 list: the children not placed, each with its assignment page."""

    number = tables.Column(
        linkify=("enrolment:application_assign", [tables.A("pk")]),
        verbose_name=_("application number"),
    )
    child_name = MaskedColumn("name", verbose_name=_("child's name"))

    class Meta:
        model = Application
        fields = ("number", "child_name", "school", "community", "category", "submitted_at")
