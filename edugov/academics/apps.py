"""学业大数据: exams, score import and the count-table reports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcademicsConfig(AppConfig):
    name = "edugov.academics"
    label = "academics"
    verbose_name = _("Academic data")

    def ready(self) -> None:
        from edugov.core import menu
        from edugov.org.stages import takes_part_in_secondary_exams

        # Register the job handlers (score import, analysis) by name.
        from . import analysis, home, importers  # noqa: F401

        home.register()  # its panels and alerts on the home page (core.cockpit)

        # The exams analysed here are secondary schools' (学业水平, 中考 mock and the
        # like): of no use to a primary school or a kindergarten, whatever the role.
        menu.add_item(
            "area2",
            _("Exams"),
            "academics:exam_list",
            "academics.view_exam",
            visible=takes_part_in_secondary_exams,
        )
        menu.add_item(
            "area2",
            _("Exam results"),
            "academics:result_list",
            "academics.view_unitresult",
            visible=takes_part_in_secondary_exams,
        )
        menu.add_item(
            "area2",
            _("Value added"),
            "academics:value_added_list",
            "academics.view_valueaddedresult",
            visible=takes_part_in_secondary_exams,
        )
        menu.add_item(
            "area2",
            _("Candidates"),
            "academics:candidate_list",
            "academics.view_candidate",
            visible=takes_part_in_secondary_exams,
        )
