from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "edugov.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from edugov.core import menu

        from . import importers  # noqa: F401 - registers the importer by name

        menu.add_item("base", _("Units and institutions"), "org:unit_list", "org.view_unit")
        menu.add_item(
            "system", _("Supervising powers (督办权)"), "org:supervision", "org.manage_supervision"
        )
