"""Data exchange with the national systems: the 教育统计 workbooks read into the
registry's statistics, the 体质健康 upload file written (issue 26)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "edugov.exchange"
    label = "exchange"
    verbose_name = _("National data exchange")

    def ready(self) -> None:
        from edugov.core import menu

        from . import importers, roster  # noqa: F401 - register the importers by name

        menu.add_item(
            "area4",
            _("Import 教育统计 workbooks"),
            "exchange:statistics_import",
            "registry.change_annualstatistics",
        )
        menu.add_item(
            "area2",
            _("Import 学籍 lists"),
            "exchange:roster_import",
            "students.change_student",
        )
