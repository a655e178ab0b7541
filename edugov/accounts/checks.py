"""Start-up checks: Django runs them before serving, migrating or testing."""

from django.conf import settings
from django.core.checks import Error, register


@register("security")
def no_password_equals_username(app_configs, **kwargs):
    from django.db import DatabaseError

    from .models import User

    try:
        weak = list(
            User.objects.filter(is_active=True, password_is_username=True).values_list(
                "username", flat=True
            )[:5]
        )
    except DatabaseError:  # before the first migrate there is no table to look at
        return []
    if weak:
        return [
            Error(
                f"accounts whose password equals the username: {', '.join(weak)}",
                hint="reset their passwords",
                id="edugov.E001",
            )
        ]
    return []


@register("security")
def no_superuser_in_production(app_configs, **kwargs):
    from django.db import DatabaseError

    from .models import User

    if getattr(settings, "EDUGOV_DEMO_MODE", False):
        return []
    try:
        found = User.objects.filter(is_superuser=True).exists()
    except DatabaseError:
        return []
    if found:
        return [
            Error(
                "a superuser exists; production uses the three separated admin roles only",
                id="edugov.E002",
            )
        ]
    return []


@register("security")
def roles_respect_the_separation(app_configs, **kwargs):
    """The signals stop new violations of the 三员 rules; this finds those written before
    they existed (or by raw SQL), which no later write would touch."""
    from django.db import DatabaseError

    from .models import Role
    from .separation import SeparationError, check_role_permissions

    broken = []
    try:
        for role in Role.objects.prefetch_related("permissions__content_type"):
            try:
                check_role_permissions(role, role.permissions.all())
            except SeparationError:
                broken.append(role.code)
    except DatabaseError:
        return []
    if broken:
        return [
            Error(
                f"roles breaking the 三员 separation: {', '.join(broken)}",
                hint="remove the other duty's or the personal-data permissions from them",
                id="edugov.E003",
            )
        ]
    return []
