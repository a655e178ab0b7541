"""三员 separation (等保 2.0): the rules, stated once.

The three duties' permission sets are derived here from the built-in roles of
``accounts/roles.py``, so the seeding and the check cannot disagree. The rules:

1. A permission that belongs to a duty may only be held by a role of that duty, and a
   separated role holds no personal-data permission. With the database's "one duty per
   account" constraint this means no account's permissions span two duties.
2. No one changes their own roles, nor the permissions of a role they hold.
3. Only holders of ``accounts.assign_role`` (the security admin) may give or take a role
   that carries a duty or a personal-data permission; the system admin keeps the
   harmless rest, so accounts stay hers and power stays with the security admin.

Services call the ``check_*`` functions before writing, for a clear message on the form;
``accounts.signals`` calls the same functions on every ORM write, so a path that forgets
the service (a command, a shell, a future API) still cannot break them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _

from .roles import BUILTIN_ROLES, EXTRA_PERMISSIONS, PATTERN_EXCLUDED_CODENAMES, RoleSpec

ASSIGN_ROLE = "accounts.assign_role"

# Held by more than one duty because each needs it to do its own job, and granting
# nothing by itself: the security admin must find the account she assigns roles to or
# whose sessions she ends, the system admin must find the account she edits.
NEUTRAL_PERMISSIONS = frozenset({"accounts.view_user"})


class SeparationError(ValidationError):
    """A write that would break the 三员 separation."""


def _duty_spec_permissions(spec: RoleSpec) -> set[str]:
    out: set[str] = set(EXTRA_PERMISSIONS.get(spec.code, ()))
    for target, actions in spec.grants:
        app, _sep, model = target.partition(".")
        if not model:
            # An app-wide pattern would silently sweep a new model's permissions into a
            # duty; a duty names its models.
            raise ImproperlyConfigured(f"the duty role {spec.code} must name models, not {app}")
        out |= {f"{app}.{action}_{model}" for action in actions}
    return out


def _spec_gives(spec: RoleSpec, perm: str) -> bool:
    """Does ``spec`` grant ``perm`` ("app.codename")? The rule of roles.permissions_for,
    by name, so the duty sets need no database."""
    if perm in EXTRA_PERMISSIONS.get(spec.code, ()):
        return True
    app, _sep, codename = perm.partition(".")
    for target, actions in spec.grants:
        t_app, _sep, model = target.partition(".")
        if t_app != app:
            continue
        for action in actions:
            if model and codename == f"{action}_{model}":
                return True
            if (
                not model
                and codename.startswith(f"{action}_")
                and codename not in PATTERN_EXCLUDED_CODENAMES
            ):
                return True
    return False


def _build_duty_permissions() -> dict[str, frozenset[str]]:
    ordinary = [s for s in BUILTIN_ROLES if not s.duty]
    out: dict[str, frozenset[str]] = {}
    for spec in BUILTIN_ROLES:
        if not spec.duty:
            continue
        perms = _duty_spec_permissions(spec) - NEUTRAL_PERMISSIONS
        # What ordinary roles hold too (units, jobs) is business work the system admin
        # also does, not a power of her duty.
        out[str(spec.duty)] = frozenset(
            p for p in perms if not any(_spec_gives(s, p) for s in ordinary)
        )
    seen: dict[str, str] = {}
    for duty, perms in out.items():
        for perm in perms:
            if perm in seen:
                raise ImproperlyConfigured(f"{perm} belongs to both {seen[perm]} and {duty}")
            seen[perm] = duty
    return out


#: {duty: the permissions only that duty's roles may hold}; disjoint by construction
#: (the import fails otherwise).
DUTY_PERMISSIONS: dict[str, frozenset[str]] = _build_duty_permissions()


def duty_of(perm: str) -> str:
    """The duty owning ``perm`` ("app.codename"), or ""."""
    for duty, perms in DUTY_PERMISSIONS.items():
        if perm in perms:
            return duty
    return ""


def perm_key(permission: Any) -> str:
    return f"{permission.content_type.app_label}.{permission.codename}"


def is_personal(permission: Any) -> bool:
    """Does this permission reach personal data of citizens (students, candidates)?

    Any permission on a model that declares ``personal_fields``, except the accounts
    app's own: staff accounts are what the system admin administers."""
    from django.conf import settings

    if perm_key(permission) in settings.EDUGOV_2FA_PERMISSIONS:
        return True
    model = permission.content_type.model_class()
    return (
        model is not None
        and permission.content_type.app_label != "accounts"
        and bool(getattr(model, "personal_fields", None))
    )


def personal_permissions():
    """All personal-data permissions, as a queryset."""
    from django.contrib.auth.models import Permission

    perms = Permission.objects.select_related("content_type")
    return perms.filter(pk__in=[p.pk for p in perms if is_personal(p)])


def is_protected(role: Any) -> bool:
    """Only the security admin gives or takes a role with a duty or personal data."""
    if role.duty:
        return True
    if role.pk is None:
        return False
    return any(is_personal(p) for p in role.permissions.select_related("content_type"))


def assignable_roles(actor: Any):
    """The roles ``actor`` may give or take."""
    from .models import Role

    if actor.has_perm(ASSIGN_ROLE):
        return Role.objects.all()
    return Role.objects.filter(duty="").exclude(permissions__in=personal_permissions()).distinct()


def _names(perms: Iterable[Any]) -> str:
    return "、".join(sorted(perm_key(p) for p in perms))


def check_role_permissions(role: Any, permissions: Iterable[Any]) -> None:
    """Rule 1 for ``permissions`` held by ``role``."""
    foreign = [p for p in permissions if duty_of(perm_key(p)) not in ("", role.duty)]
    if foreign:
        raise SeparationError(
            _("%(perms)s belong to another separated duty and cannot be held by the role %(role)s.")
            % {"perms": _names(foreign), "role": role.code},
            code="separation",
        )
    if role.duty:
        personal = [p for p in permissions if is_personal(p)]
        if personal:
            raise SeparationError(
                _(
                    "A separated administrator role cannot hold personal-data permissions: %(perms)s."
                )
                % {"perms": _names(personal)},
                code="separation",
            )


def check_user_duties(roles: Iterable[Any]) -> None:
    """Rule 1's second half: one duty per account (the database refuses it too)."""
    duties = {r.duty for r in roles if r.duty}
    if len(duties) > 1:
        raise SeparationError(
            _("One account cannot hold two separated administrator duties."), code="separation"
        )


def _is_actor(actor: Any) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def check_role_change(actor: Any, user: Any, changed: Iterable[Any]) -> None:
    """Rules 2 and 3 when ``actor`` gives or takes the roles ``changed`` of ``user``."""
    changed = list(changed)
    if not _is_actor(actor) or not changed:
        return
    if actor.pk == user.pk:
        raise SeparationError(_("You cannot change your own roles."), code="self")
    if actor.has_perm(ASSIGN_ROLE):
        return
    protected = [r for r in changed if is_protected(r)]
    if protected:
        raise SeparationError(
            _(
                "Only the security administrator gives or takes roles with a separated duty "
                "or personal-data permissions: %(roles)s."
            )
            % {"roles": "、".join(sorted(r.code for r in protected))},
            code="separation",
        )


def check_role_edit(actor: Any, role: Any) -> None:
    """Rule 2 for a role's permissions."""
    if not _is_actor(actor) or role.pk is None:
        return
    if role.assignments.filter(user_id=actor.pk).exists():
        raise SeparationError(
            _("You cannot change the permissions of a role you hold."), code="self"
        )


def check_grant(actor: Any, grant: Any) -> None:
    """An ObjectGrant is a permission on one row: rules 1 and 2 apply to it too."""
    if _is_actor(actor) and actor.pk == grant.user_id:
        raise SeparationError(_("You cannot change your own permissions."), code="self")
    ct = grant.content_type
    owner = duty_of(f"{ct.app_label}.{grant.action}_{ct.model}")
    duty = grant.user.duty()
    model = ct.model_class()
    personal = ct.app_label != "accounts" and bool(getattr(model, "personal_fields", None))
    if (owner and owner != duty) or (duty and personal):
        raise SeparationError(
            _("This grant would give the account another separated duty's or personal data."),
            code="separation",
        )
