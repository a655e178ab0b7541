"""学业大数据: exams, score import and the count-table reports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcademicsConfig(AppConfig):
    name = "edugov.academics"
    label = "academics"
    verbose_name = _("Academic data")
