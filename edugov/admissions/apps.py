"""中考 admission runs, policy what-if and the compulsory-school lottery."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmissionsConfig(AppConfig):
    name = "edugov.admissions"
    label = "admissions"
    verbose_name = _("Admissions")
