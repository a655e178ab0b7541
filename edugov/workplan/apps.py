"""工作要点督办: the plan document, tasks, progress reports, computed status, 督办单, reports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplanConfig(AppConfig):
    name = "edugov.workplan"
    label = "workplan"
    verbose_name = _("Work plan and supervision")

    def ready(self) -> None:
        from edugov.core import menu

        from . import documents, importers  # noqa: F401 - register the job kinds and importer
        from .menu import active_plan_areas

        menu.set_area_source(active_plan_areas)
        from . import home

        home.register()  # its panels and alerts on the home page (core.cockpit)

        # Supervising the plan is governance work: the 2023 plan's fifth area. A plan
        # without a fifth area shows them under the generic group.
        for label, url, perm in (
            (_("Work plans"), "workplan:plan_list", "workplan.view_plan"),
            (_("Tasks"), "workplan:task_list", "workplan.view_task"),
            (_("Progress reports"), "workplan:report_list", "workplan.view_progressreport"),
            (_("Supervision notices"), "workplan:notice_list", "workplan.view_dubancase"),
        ):
            menu.add_item("area5", label, url, perm)
