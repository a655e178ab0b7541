"""Authentication against the case-insensitive username; permissions from roles only."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class RoleBackend(ModelBackend):
    """ModelBackend's password check, with permissions taken from the user's roles.

    The set is cached on the user object for the request, so ``visible_to`` on a list
    page costs no extra query per row.
    """

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_edugov_perm_cache"):
            rows = (
                Permission.objects.filter(roles__assignments__user=user_obj)
                .values_list("content_type__app_label", "codename")
                .distinct()
            )
            user_obj._edugov_perm_cache = {f"{app}.{code}" for app, code in rows}
        return user_obj._edugov_perm_cache

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        return set()
