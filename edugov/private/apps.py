"""民办学校智慧监管与服务平台 (plan point 9): the private school's file, approvals, 年检
and risk tiers with hard triggers, on casework and the registry's institutions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivateConfig(AppConfig):
    name = "edugov.private"
    label = "private"
    verbose_name = _("Private schools")

    def ready(self) -> None:
        from edugov.core import menu

        from . import home, importers, kpis  # noqa: F401 - register importers, KPI, alerts

        home.register()
        kpis.register()
        # Point 9 (民办教育规范管理) lies in the plan's second area.
        for label, url, perm in (
            (_("Private schools"), "private:school_list", "private.view_privateschool"),
            (
                _("Annual inspection rounds"),
                "private:round_list",
                "private.view_inspectionround",
            ),
            (_("Annual inspections"), "private:inspection_list", "private.view_annualinspection"),
            (_("Risk tiers"), "private:risk_list", "private.view_riskassessment"),
            (_("Notices to private schools"), "private:notice_list", "private.view_notice"),
        ):
            menu.add_item("area2", label, url, perm)
