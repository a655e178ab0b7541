"""Authentication against the case-insensitive username; permissions from roles only."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend


def load_roles(user) -> None:
    """What a request asks of the user's roles, in one query: their codes (the second
    factor, the leaders' home page, the audit's actor), the permissions they grant, and
    which of those only ever come from class-bound roles (``core.scoping.class_bound``).
    Three queries on every page before (~2–3 ms, issue 25). Cached on the user object
    for the request; ``accounts.services`` drops the cache when it changes the roles."""
    from .models import Role

    rows = Role.objects.filter(assignments__user=user).values_list(
        "code", "class_bound", "permissions__content_type__app_label", "permissions__codename"
    )
    codes: set[str] = set()
    flags: dict[str, set[bool]] = {}
    for code, bound, app, codename in rows:
        codes.add(code)
        if codename is not None:  # a role without permissions
            flags.setdefault(f"{app}.{codename}", set()).add(bound)
    user._role_codes = sorted(codes)
    user._edugov_perm_cache = set(flags)
    user._edugov_class_bound = {p for p, f in flags.items() if f == {True}}


class RoleBackend(ModelBackend):
    """ModelBackend's password check, with permissions taken from the user's roles.

    The set is cached on the user object for the request (``load_roles``), so
    ``visible_to`` on a list page costs no extra query per row.
    """

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_edugov_perm_cache"):
            load_roles(user_obj)
        return user_obj._edugov_perm_cache

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        return set()
