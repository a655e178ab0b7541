from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrolmentConfig(AppConfig):
    name = "edugov.enrolment"
    label = "enrolment"
    verbose_name = _("Compulsory-school enrolment")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from edugov.core import menu

        from . import casetypes, importers  # noqa: F401 - registers the case type, importer

        menu.add_item(
            "base",
            _("Enrolment applications"),
            "enrolment:application_list",
            "enrolment.view_application",
        )
