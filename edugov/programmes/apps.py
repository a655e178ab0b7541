"""The programme registry (plan points 1–3, 7, 8, 10, 11, 13–15, 19, 24): 德育, 美育,
劳动, 科技 and 教研 programmes, 县中 pairings, 特色高中, 职教 专业 and 党建, one model with
kinds; the schools' party organizations and their coverage KPI."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "edugov.programmes"
    label = "programmes"
    verbose_name = _("Programme registry")

    def ready(self) -> None:
        from edugov.core import menu

        from . import importers, kpis  # noqa: F401 - registers the importers

        kpis.register()
        # 党建 (points 1–3) lies in the plan's first area; the programmes mostly serve
        # 立德树人 (points 10–15), the third.
        menu.add_item(
            "area1",
            _("School party organizations"),
            "programmes:party_list",
            "programmes.view_partyorganization",
        )
        menu.add_item(
            "area1",
            _("Party organization coverage"),
            "programmes:coverage",
            "programmes.view_partyorganization",
        )
        menu.add_item(
            "area3", _("Programme registry"), "programmes:list", "programmes.view_programme"
        )
