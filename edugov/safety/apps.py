"""平安校园 and 后勤 (plan points 25, 27): safety inspections whose failed items become
hazard cases on casework, risk waters, canteens and suppliers, uniforms, insurance."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "edugov.safety"
    label = "safety"
    verbose_name = _("Campus safety and logistics")

    def ready(self) -> None:
        from edugov.core import menu

        from . import home, importers, kpis, ledger_importers  # noqa: F401 - register importers

        home.register()
        kpis.register()
        # Points 25 (平安校园) and 27 (后勤) lie in the plan's fifth area (综合治理).
        for label, url, perm in (
            (_("Safety dashboard"), "safety:dashboard", "safety.view_hazard"),
            (_("Hazards"), "safety:hazard_list", "safety.view_hazard"),
            (_("Safety inspections"), "safety:inspection_list", "safety.view_inspection"),
            (_("Inspection plans"), "safety:plan_list", "safety.view_inspectionplan"),
            (_("Checklists"), "safety:checklist_list", "safety.view_checklistitem"),
            (_("Risk waters"), "safety:water_list", "safety.view_riskwater"),
            (_("Canteens"), "safety:canteen_list", "safety.view_canteen"),
            (_("Accompanied meals"), "safety:meal_list", "safety.view_mealrecord"),
            (_("Parents' letters"), "safety:letter_list", "safety.view_parentletter"),
            (_("Food suppliers"), "safety:supplier_list", "safety.view_supplier"),
            (_("School uniforms"), "safety:uniform_list", "safety.view_uniformprocurement"),
            (_("Liability insurance"), "safety:insurance_list", "safety.view_insurancepolicy"),
            (_("Insurance claims"), "safety:claim_list", "safety.view_insuranceclaim"),
            (_("Drowning-prevention patrols"), "safety:patrol_list", "safety.view_patrolrecord"),
            (_("Drowning incidents"), "safety:drowning_list", "safety.view_drowningincident"),
            (_("Bulk food purchases"), "safety:purchase_list", "safety.view_foodpurchase"),
            (_("Food sample checks"), "safety:sample_list", "safety.view_samplecheck"),
            (_("Food incidents"), "safety:food_incident_list", "safety.view_foodincident"),
        ):
            menu.add_item("area5", label, url, perm)
