"""Writes to accounts and roles: each checks the 三员 rules (separation.py) with the
actor passed in, writes, and audits in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record, diff, snapshot

from .models import Role, RoleAssignment, User
from .separation import (
    ASSIGN_ROLE,
    SeparationError,
    check_role_change,
    check_role_edit,
    check_role_permissions,
    check_user_duties,
)
from .tokens import tokens_revoke_all

USER_FIELDS = ["username", "display_name", "phone", "unit", "is_active"]


def _require(actor: Any, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(perm)


def _roles_apply(*, actor: Any, user: User, roles: Iterable[Role]) -> tuple[set[str], set[str]]:
    """Make ``user`` hold exactly ``roles``; the role codes before and after."""
    roles = list(roles)
    current = list(user.roles.all())
    added = [r for r in roles if r not in current]
    removed = [r for r in current if r not in roles]
    check_role_change(actor, user, added + removed)
    check_user_duties(roles)
    # Removals first, so that swapping one duty for another passes the one-duty constraint.
    RoleAssignment.objects.filter(user=user, role__in=removed).delete()
    for role in added:
        RoleAssignment.objects.create(user=user, role=role)
    for cached in ("_role_codes", "_edugov_perm_cache", "_edugov_class_bound"):  # load_roles
        user.__dict__.pop(cached, None)
    return {r.code for r in current}, {r.code for r in roles}


def user_save(*, actor: Any, user: User, roles: Iterable[Role], creating: bool) -> User:
    """Create or update an account and its roles, audited as one change.

    The system admin's service. Roles beyond what ``actor`` may assign must come back
    unchanged (separation.check_role_change refuses otherwise); and nobody moves their own
    account to another unit, which would change where their permissions apply.
    """
    _require(actor, "accounts.add_user" if creating else "accounts.change_user")
    stored = None if creating else User.objects.get(pk=user.pk)
    if stored is not None and stored.pk == actor.pk and stored.unit_id != user.unit_id:
        raise SeparationError(_("You cannot move your own account to another unit."), code="self")
    before = None if stored is None else snapshot(stored, USER_FIELDS)
    user.full_clean(exclude=["password"])
    with transaction.atomic():
        if creating:
            user.set_unusable_password()
        user.save()
        old, new = _roles_apply(actor=actor, user=user, roles=roles)
        changes = diff(before, snapshot(user, USER_FIELDS), User.personal_fields)
        if old != new:
            changes["roles"] = [sorted(old), sorted(new)]
        audit_record(
            "user.create" if creating else "user.update", obj=user, changes=changes, actor=actor
        )
        if before and before["is_active"] == "True" and not user.is_active:
            # Unticking "active" is a disable too: the tokens go, as with user_disable.
            tokens_revoke_all(user=user, reason="account disabled")
    return user


def user_roles_set(*, actor: Any, user: User, roles: Iterable[Role]) -> User:
    """The security admin gives ``user`` exactly ``roles``; the account is not edited."""
    _require(actor, ASSIGN_ROLE)
    with transaction.atomic():
        old, new = _roles_apply(actor=actor, user=user, roles=roles)
        if old != new:
            audit_record(
                "user.roles", obj=user, changes={"roles": [sorted(old), sorted(new)]}, actor=actor
            )
    return user


def role_save(*, actor: Any, role: Role, permissions: Iterable[Any], creating: bool) -> Role:
    """Create or update a role and its permissions (the security admin's service)."""
    _require(actor, "accounts.add_role" if creating else "accounts.change_role")
    permissions = list(permissions)
    check_role_edit(actor, role)
    check_role_permissions(role, permissions)
    role.full_clean()
    before = [] if creating else sorted(role.permissions.values_list("codename", flat=True))
    # Being held to one's classes narrows every user of the role: audited like permissions.
    was_bound = (
        False
        if creating
        else Role.objects.filter(pk=role.pk).values_list("class_bound", flat=True)[0]
    )
    with transaction.atomic():
        role.save()
        role.permissions.set(permissions)
        after = sorted(p.codename for p in permissions)
        changes: dict[str, Any] = {"permissions": [before, after]} if before != after else {}
        if was_bound != role.class_bound:
            changes["class_bound"] = [was_bound, role.class_bound]
        audit_record(
            "role.create" if creating else "role.update",
            obj=role,
            changes=changes,
            actor=actor,
        )
    return role
