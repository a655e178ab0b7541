from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "edugov.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .roles import sync_builtin_roles

        # Roles are data (editable by the security admin); this only creates the
        # built-in ones that are missing, and never overwrites an edited role.
        # Connected without a sender: it must run after *every* app has created its
        # permissions, not just after accounts (it acts on the last app's signal only).
        post_migrate.connect(sync_builtin_roles, dispatch_uid="edugov_sync_builtin_roles")

        from edugov.core import menu

        menu.add_item("system", _("Users"), "accounts:user_list", "accounts.view_user")
        menu.add_item("system", _("Roles"), "accounts:role_list", "accounts.view_role")
        menu.add_item("system", _("Locked logins"), "accounts:lock_list", "accounts.view_loginlock")

        from . import (
            checks,  # noqa: F401 - registers the start-up checks
            signals,  # noqa: F401 - the 三员 rules on every ORM write
        )
