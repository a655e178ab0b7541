"""The 三员 rules on every ORM write, not only the services' (accounts/separation.py).

STYLE.md keeps domain logic out of signals; these hold no logic of their own. They call
the same checks the services call first, so that a path which forgets the service (a
management command, a shell, a future API or admin form) still cannot give one account
two duties, move a duty's permission into another duty's role, or let someone change
their own roles. The actor is the one of the request or ``acting`` block; commands and
migrations run without one, so only the structural rules apply to them.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from edugov.core import context

from .models import ObjectGrant, Role, RoleAssignment, User
from .separation import (
    SeparationError,
    check_grant,
    check_role_change,
    check_role_edit,
    check_role_permissions,
    check_user_duties,
)


def _actor():
    return context.current().user


@receiver(m2m_changed, sender=Role.permissions.through, dispatch_uid="triad_role_permissions")
def role_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("pre_add", "pre_remove", "pre_clear"):
        return
    if not reverse:  # role.permissions.add(...)
        roles = [instance]
        perms = list(Permission.objects.filter(pk__in=pk_set or ()).select_related("content_type"))
    else:  # permission.roles.add(...)
        roles = list(Role.objects.filter(pk__in=pk_set) if pk_set else instance.roles.all())
        perms = [instance]
    for role in roles:
        check_role_edit(_actor(), role)
        if action == "pre_add":
            check_role_permissions(role, perms)


@receiver(m2m_changed, sender=User.roles.through, dispatch_uid="triad_user_roles")
def user_roles_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("pre_add", "pre_remove", "pre_clear", "post_add"):
        return
    if not reverse:  # user.roles.add(...)
        users = [instance]
        roles = list(Role.objects.filter(pk__in=pk_set) if pk_set else instance.roles.all())
    else:  # role.users.add(...)
        roles = [instance]
        users = list(User.objects.filter(pk__in=pk_set) if pk_set else instance.users.all())
    if action == "post_add":
        # add() bulk-creates the rows without RoleAssignment.save, which copies the
        # duty the database's one-duty constraint looks at: copy it here.
        for role in roles:
            if role.duty:
                RoleAssignment.objects.filter(user__in=users, role=role).update(duty=role.duty)
        return
    for user in users:
        check_role_change(_actor(), user, roles)
        if action == "pre_add":
            check_user_duties([*user.roles.all(), *roles])


@receiver(pre_save, sender=RoleAssignment, dispatch_uid="triad_assignment_save")
def assignment_saving(sender, instance, raw, **kwargs):
    if raw:
        return
    changed = [instance.role]
    if instance.pk is not None:
        old = RoleAssignment.objects.filter(pk=instance.pk).select_related("role").first()
        if old is not None and old.role_id == instance.role_id:
            return
        if old is not None:
            changed.append(old.role)
    check_role_change(_actor(), instance.user, changed)
    others = Role.objects.filter(assignments__user_id=instance.user_id).exclude(
        assignments__pk=instance.pk
    )
    check_user_duties([*others, instance.role])


@receiver(pre_delete, sender=RoleAssignment, dispatch_uid="triad_assignment_delete")
def assignment_deleting(sender, instance, **kwargs):
    check_role_change(_actor(), instance.user, [instance.role])


@receiver(pre_save, sender=Role, dispatch_uid="triad_role_save")
def role_saving(sender, instance, raw, **kwargs):
    if raw or instance.pk is None:
        return
    old_duty = Role.objects.filter(pk=instance.pk).values_list("duty", flat=True).first()
    if old_duty is None or old_duty == instance.duty:
        return
    if instance.assignments.exists():
        # Each assignment keeps a copy of the duty for the database constraint.
        raise SeparationError(
            _("The separated duty of a role held by accounts cannot change."), code="separation"
        )
    check_role_permissions(instance, instance.permissions.select_related("content_type"))


@receiver(pre_save, sender=ObjectGrant, dispatch_uid="triad_grant_save")
def grant_saving(sender, instance, raw, **kwargs):
    if not raw:
        check_grant(_actor(), instance)


def _no_django_permissions(sender, action, **kwargs):
    # Permissions come from roles only (backends.RoleBackend); a group or a per-user
    # permission would be a second, unchecked way to hold a duty's power.
    if action == "pre_add":
        raise SeparationError(_("Permissions are given through roles only."), code="separation")


m2m_changed.connect(_no_django_permissions, sender=User.groups.through, dispatch_uid="triad_groups")
m2m_changed.connect(
    _no_django_permissions,
    sender=User.user_permissions.through,
    dispatch_uid="triad_user_permissions",
)
