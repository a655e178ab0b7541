"""办件: one closed-loop case mechanism on working days, which the modules declare their
case types on (hotline orders, proposals, hazards, 督导 findings, crisis cases)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "edugov.casework"
    label = "casework"
    verbose_name = _("Casework")

    def ready(self) -> None:
        from edugov.core import menu

        from . import home, importers, kpis, registry  # noqa: F401 (importers registers)

        # Every installed app's casetypes.py declares its types (like admin.py).
        registry.autodiscover()
        # Each type's 按时办结率 and 满意率, as computed KPIs of the work plan.
        kpis.register()
        home.register()
        # Following cases through to 销号 is governance work: the plan's fifth area.
        for label, url in (
            (_("My inbox"), "casework:inbox"),
            (_("Cases"), "casework:case_list"),
            (_("Case statistics"), "casework:stats"),
        ):
            menu.add_item("area5", label, url, "casework.view_case")
        menu.add_item(
            "base",
            _("Working-day adjustments"),
            "casework:calendar_list",
            "casework.view_calendaradjustment",
        )
        menu.add_header_item("casework:unread_badge", "casework.view_case")
