"""Student physical fitness (国家学生体质健康标准, work plan point 12): the year's test
results per student, scored by ``edugov.engines.fitness``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FitnessConfig(AppConfig):
    name = "edugov.fitness"
    label = "fitness"
    verbose_name = _("Student physical fitness")

    def ready(self) -> None:
        from edugov.core import menu

        from . import importers, kpis  # noqa: F401 - registers the importer by name

        kpis.register()

        menu.add_item(
            "base", _("Fitness test results"), "fitness:result_list", "fitness.view_fitnessresult"
        )
        menu.add_item("base", _("Fitness report"), "fitness:report", "fitness.count_fitnessresult")
