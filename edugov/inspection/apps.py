"""督导 (plan point 20): 责任督学 and their schools, monthly visits whose findings become
rectification cases, and evaluation campaigns (履行教育职责评价, 校长任期结束综合督导评估)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "edugov.inspection"
    label = "inspection"
    verbose_name = _("Education inspection")

    def ready(self) -> None:
        from edugov.core import menu

        from . import home, importers  # noqa: F401 - register the importers

        home.register()
        # Point 20 (教育督导) lies in the plan's fifth area (综合治理).
        for label, url, perm in (
            (_("Inspectors"), "inspection:inspector_list", "inspection.view_inspector"),
            (
                _("Inspector assignments"),
                "inspection:assignment_list",
                "inspection.view_assignment",
            ),
            (_("Inspection visits"), "inspection:visit_list", "inspection.view_visit"),
            (_("Evaluation campaigns"), "inspection:campaign_list", "inspection.view_campaign"),
        ):
            menu.add_item("area5", label, url, perm)
