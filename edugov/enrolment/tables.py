import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Application


class ApplicationTable(tables.Table):
    number = tables.Column(
        linkify=("enrolment:review_detail", [tables.A("pk")]), verbose_name=_("application number")
    )

    class Meta:
        model = Application
        fields = ("number", "school", "category", "status", "placed_school", "submitted_at")
