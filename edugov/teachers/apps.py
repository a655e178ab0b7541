"""教师队伍 (issue 21, work-plan point 17): the teacher registry, 县管校聘 posts, the
交流轮岗 plan (optimised by ``edugov.engines.rotation``), 继续教育 hours and 师德 cases."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeachersConfig(AppConfig):
    name = "edugov.teachers"
    label = "teachers"
    verbose_name = _("Teachers")

    def ready(self) -> None:
        from edugov.core import menu

        from . import casetypes, importers, kpis  # noqa: F401 - registers by name

        kpis.register()
        for label, url, perm in (
            (_("Teacher registry"), "teachers:teacher_list", "teachers.view_teacher"),
            (_("Approved posts (县管校聘)"), "teachers:post_balance", "teachers.view_approvedpost"),
            (_("Rotation plans (交流轮岗)"), "teachers:plan_list", "teachers.view_rotationplan"),
            (
                _("Rotation confirmations"),
                "teachers:confirmation_list",
                "teachers.view_schoolconfirmation",
            ),
            (
                _("Training hours (继续教育)"),
                "teachers:training_progress",
                "teachers.view_trainingrecord",
            ),
            (_("Professional ethics (师德)"), "teachers:ethics_list", "teachers.view_ethicsrecord"),
            (
                _("Recruitment plan (招聘)"),
                "teachers:recruitment_list",
                "teachers.view_recruitmentline",
            ),
            (
                _("Free normal graduates (公费师范生)"),
                "teachers:graduate_list",
                "teachers.view_graduate",
            ),
        ):
            menu.add_item(17, label, url, perm)
