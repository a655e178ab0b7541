"""工作要点督办: the plan document, tasks, progress reports, computed status, 督办单, reports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplanConfig(AppConfig):
    name = "edugov.workplan"
    label = "workplan"
    verbose_name = _("Work plan and supervision")
