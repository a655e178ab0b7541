"""The unit table: the list page shows it and the export writes the same columns."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Unit


class UnitTable(tables.Table):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    parent = tables.Column(verbose_name=_("parent"), order_by=("parent__name",))

    class Meta:
        model = Unit
        fields = (
            "code",
            "name",
            "kind",
            "parent",
            "institution_type",
            "ownership",
            "inclusive",
            "urban_rural",
            "enrolment",
            "is_active",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("code",)
