"""双减 (work plan point 21): off-campus training supervision and 课后服务."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "edugov.training"
    label = "training"
    verbose_name = _("Off-campus training and after-school services")

    def ready(self) -> None:
        from edugov.core import menu

        from . import importers, kpis  # noqa: F401 - registers the importers and KPIs

        area = "area5"  # point 21 lies in the plan's fifth area (综合治理)
        menu.add_item(
            area,
            _("Training institutions"),
            "training:institution_list",
            "training.view_institution",
        )
        menu.add_item(
            area, _("Prepaid-fee supervision"), "training:reserve", "training.view_statementline"
        )
        menu.add_item(
            area, _("Training inspections"), "training:record_list", "training.view_fieldrecord"
        )
        menu.add_item(
            area, _("Training complaints"), "training:complaint_list", "training.view_complaint"
        )
        menu.add_item(
            area, _("After-school programmes"), "training:programme_list", "training.view_programme"
        )
