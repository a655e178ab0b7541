from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "edugov.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from edugov.core import menu

        menu.add_item("system", _("Audit log"), "audit:list", "audit.view_auditevent")
