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
