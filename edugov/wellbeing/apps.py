"""心理健康 (work plan point 26): screening, tiered alerts, crisis and case management,
appointments, the hotline roster. Need-to-know by construction (readers.py)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WellbeingConfig(AppConfig):
    name = "edugov.wellbeing"
    label = "wellbeing"
    verbose_name = _("Mental health")

    def ready(self) -> None:
        from edugov.core import menu

        for label, url, perm in (
            (_("Screening campaigns"), "wellbeing:campaign_list", "wellbeing.view_campaign"),
            (_("Counts by tier"), "wellbeing:aggregates", "wellbeing.view_tiercount"),
            (_("Psychological cases"), "wellbeing:case_list", "wellbeing.view_casefile"),
            (_("Screening results"), "wellbeing:result_list", "wellbeing.view_submission"),
            (_("Guardian consents"), "wellbeing:consent_list", "wellbeing.view_consent"),
            (_("Open hours"), "wellbeing:slot_list", "wellbeing.view_slot"),
            (_("Appointments"), "wellbeing:appointment_list", "wellbeing.view_appointment"),
            (_("Psychology staffing"), "wellbeing:staffing_list", "wellbeing.view_staffing"),
            (_("Counselling centers"), "wellbeing:center_list", "wellbeing.view_center"),
            (_("Hospitals"), "wellbeing:hospital_list", "wellbeing.view_hospital"),
            (_("Hotline calls"), "wellbeing:call_list", "wellbeing.view_hotlinecall"),
        ):
            menu.add_item(5, label, url, perm)
