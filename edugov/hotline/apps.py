"""12345 hotline orders and 舆情 items (work plan points 4 and 28), on casework."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "edugov.hotline"
    label = "hotline"
    verbose_name = _("12345 hotline and public opinion")

    def ready(self) -> None:
        from edugov.core import menu

        from . import home, importers  # noqa: F401 - registers the importer by name

        home.register()
        # 12345 orders and 舆情 are answered under point 28 (the plan's fifth area); 舆情
        # serves point 4 too, but area 1 has no module pages and stays a heading.
        menu.add_item("area5", _("12345 orders"), "hotline:order_list", "hotline.view_hotlineorder")
        menu.add_item("area5", _("12345 statistics"), "hotline:stats", "hotline.view_hotlineorder")
        menu.add_item(
            "area5", _("Report a 舆情 item"), "hotline:opinion_create", "casework.add_case"
        )
