"""综合素质评价 (issue 23 §2): each student's record per term in the five national
dimensions, written by the school, put on 公示 in the class, signed off by the school; the
grade-9 records give 中考 its minimum line (the 综评达标 flag of an admission run)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "edugov.portfolio"
    label = "portfolio"
    verbose_name = _("Student portfolio (综合素质评价)")

    def ready(self) -> None:
        from edugov.admissions.flag_sources import register_flag_source
        from edugov.core import menu

        from . import config, importers, selectors  # noqa: F401 - registers the importer

        register_flag_source(config.get("zhongkao_flag"), selectors.zhongkao_flags_unscoped)
        menu.add_item(
            "base",
            _("Student portfolios"),
            "portfolio:record_list",
            "portfolio.view_portfoliorecord",
        )
        menu.add_item(
            "base",
            _("Practice hours and reading"),
            "portfolio:activity_list",
            "portfolio.view_portfolioactivity",
        )
        menu.add_item(
            "base",
            _("Portfolio counts"),
            "portfolio:counts",
            "portfolio.count_portfoliorecord",
        )
