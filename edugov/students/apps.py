from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentsConfig(AppConfig):
    name = "edugov.students"
    label = "students"
    verbose_name = _("Student registry")

    def ready(self) -> None:
        from edugov.core import menu

        from . import (
            home,
            importers,  # noqa: F401 - registers the importer by name
        )

        home.register()  # its panels and alerts on the home page (core.cockpit)

        menu.add_item(
            "area2", _("Student registry"), "students:student_list", "students.view_student"
        )
        menu.add_item(
            "area2", _("Export approvals"), "students:approval_list", "students.view_exportapproval"
        )
        menu.add_item(
            "area2",
            _("Class assignments"),
            "students:class_list",
            "students.view_classassignment",
        )
