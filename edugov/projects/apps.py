"""重大重点项目 and 教育经费 (plan points 16 and 18): the project ledger with its milestones,
monthly reports, delay cases and capacity; 预算绩效 with 双监控; the funding checks."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "edugov.projects"
    label = "projects"
    verbose_name = _("Projects and funds")

    def ready(self) -> None:
        from edugov.core import menu

        from . import importers, kpis  # noqa: F401 - register the importer

        kpis.register()
        # Points 16 (经费) and 18 (项目) lie in the plan's fourth area (基础保障).
        for label, url, perm in (
            (_("Project ledger"), "projects:project_list", "projects.view_project"),
            (_("Project map"), "projects:map", "projects.view_project"),
            (_("Milestones by district"), "projects:gantt", "projects.view_projectmilestone"),
            (_("Monthly progress reports"), "projects:report_list", "projects.view_progressreport"),
            (_("Monthly project summary"), "projects:summary", "projects.view_project"),
            (_("Budget lines (预算绩效)"), "projects:line_list", "projects.view_budgetline"),
            (_("双监控: budget execution"), "projects:monitor", "projects.view_budgetline"),
            (_("Funding checks"), "projects:funding", "projects.view_publicfundallocation"),
            (
                _("Education spending (两个只增不减)"),
                "projects:spending_list",
                "projects.view_educationspending",
            ),
            (_("Asset ledger"), "projects:asset_list", "projects.view_asset"),
            (
                _("Equipment against the standard (装备达标)"),
                "projects:equipment",
                "projects.view_asset",
            ),
        ):
            menu.add_item("area4", label, url, perm)
