"""中考 admission runs, policy what-if and the compulsory-school lottery."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmissionsConfig(AppConfig):
    name = "edugov.admissions"
    label = "admissions"
    verbose_name = _("Admissions")

    def ready(self) -> None:
        from edugov.core import menu
        from edugov.org.stages import takes_part_in_secondary_exams

        from . import importers  # noqa: F401 - registers the importers by name
        from .services import runs  # noqa: F401 - registers the run job handler

        # 中考 pages concern secondary schools and the bureaus over them; a primary
        # school takes no part (its lotteries, below, are compulsory-school admission).
        menu.add_item(
            "area2",
            _("中考 admission runs"),
            "admissions:run_list",
            "admissions.view_run",
            visible=takes_part_in_secondary_exams,
        )
        menu.add_item(
            "area2",
            _("Cutoff scores"),
            "admissions:cutoff_list",
            "admissions.view_programmecutoff",
            visible=takes_part_in_secondary_exams,
        )
        menu.add_item(
            "area2",
            _("Admission results"),
            "admissions:result_list",
            "admissions.view_candidateresult",
            visible=takes_part_in_secondary_exams,
        )
        menu.add_item(
            "area2",
            _("中考 candidates"),
            "admissions:candidate_list",
            "admissions.view_candidate",
            visible=takes_part_in_secondary_exams,
        )
        menu.add_item(
            "area2",
            _("Programmes and plans"),
            "admissions:programme_list",
            "admissions.view_programme",
            visible=takes_part_in_secondary_exams,
        )
        menu.add_item(
            "area2",
            _("Compulsory-school lotteries"),
            "admissions:draw_list",
            "admissions.view_lotterydraw",
        )
