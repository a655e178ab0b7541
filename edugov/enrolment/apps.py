from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrolmentConfig(AppConfig):
    name = "edugov.enrolment"
    label = "enrolment"
    verbose_name = _("Compulsory-school enrolment")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from edugov.core import menu
        from edugov.registry.intake import register_intake_source

        from . import casetypes, importers  # noqa: F401 - registers the case type, importer
        from .trends import projected_intake

        register_intake_source(projected_intake)

        menu.add_item(
            "base",
            _("Enrolment applications"),
            "enrolment:application_list",
            "enrolment.view_application",
        )
        menu.add_item(
            "base",
            _("District allocation (统筹)"),
            "enrolment:allocation_list",
            "enrolment.change_application",
            visible=_above_schools,
        )
        menu.add_item(
            "base",
            _("Enrolment statistics"),
            "enrolment:statistics",
            "enrolment.view_application",
        )
        menu.add_item(
            "base",
            _("Enrolment results and pre-registration"),
            "enrolment:results",
            "enrolment.change_schoolplan",
        )


def _above_schools(user) -> bool:
    """统筹 is the district's (or the city's): a school's staff, who may change their own
    school's applications, never assign, so the item is not theirs."""
    from edugov.org.models import UnitKind

    unit = getattr(user, "unit", None)
    return unit is not None and unit.kind != UnitKind.SCHOOL
