"""学年基础数据, institution history, indicators and the 普及普惠 / 优质均衡 evaluations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "edugov.registry"
    label = "registry"
    verbose_name = _("Statistics and evaluations")

    def ready(self) -> None:
        from edugov.core import menu

        from . import (
            importers,  # noqa: F401 - registers the importers by name
            kpis,
        )

        kpis.register()
        from . import home

        home.register()  # its panels and alerts on the home page (core.cockpit)
        menu.add_item(
            "area2",
            _("Evaluations (普及普惠 / 优质均衡)"),
            "registry:evaluations",
            "registry.view_annualstatistics",
        )
        menu.add_item(
            "area4", _("Annual statistics"), "registry:stats_list", "registry.view_annualstatistics"
        )
        menu.add_item(
            "base",
            _("Institution status history"),
            "registry:status_list",
            "registry.view_institutionstatus",
        )
        menu.add_item(
            "base",
            _("Education groups and alliances"),
            "registry:alliance_list",
            "registry.view_alliance",
        )
        menu.add_item(
            "base",
            _("District populations aged 3–5"),
            "registry:population_list",
            "registry.view_districtpopulation",
        )
        menu.add_item(
            "base", _("Thresholds and targets"), "registry:target_list", "registry.view_target"
        )
