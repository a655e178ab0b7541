"""学业大数据: exams, score import and the count-table reports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcademicsConfig(AppConfig):
    name = "edugov.academics"
    label = "academics"
    verbose_name = _("Academic data")

    def ready(self) -> None:
        from edugov.core import menu

        # Register the job handlers (score import, analysis) by name.
        from . import analysis, importers  # noqa: F401

        menu.add_item("area2", _("Exams"), "academics:exam_list", "academics.view_exam")
        menu.add_item(
            "area2", _("Exam results"), "academics:result_list", "academics.view_unitresult"
        )
        menu.add_item(
            "area2",
            _("Value added"),
            "academics:value_added_list",
            "academics.view_valueaddedresult",
        )
        menu.add_item(
            "area2", _("Candidates"), "academics:candidate_list", "academics.view_candidate"
        )
