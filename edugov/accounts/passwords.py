"""Password rules of GB/T 22239 §8.1.4.1: complexity, no username, not common, not one of
the last five, changed every 90 days; first-login and reset passwords changed first."""

from __future__ import annotations

import datetime as dt
import string

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

CLASSES = (string.ascii_lowercase, string.ascii_uppercase, string.digits)


def character_classes(password: str) -> int:
    """How many of lower case, upper case, digits and other characters occur."""
    found = sum(1 for cls in CLASSES if any(c in cls for c in password))
    return found + (1 if any(not any(c in cls for cls in CLASSES) for c in password) else 0)


class ComplexityValidator:
    """At least 8 characters drawn from at least 3 of the 4 character classes."""

    def validate(self, password: str, user=None) -> None:
        minimum = settings.EDUGOV_PASSWORD_MIN_LENGTH
        if len(password) < minimum:
            raise ValidationError(
                _("The password needs at least %(n)d characters.") % {"n": minimum},
                code="password_too_short",
            )
        if character_classes(password) < 3:
            raise ValidationError(
                _(
                    "The password needs at least 3 of: lower case, upper case, digits, other characters."
                ),
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _(
            "At least 8 characters, from at least 3 of: lower case, upper case, digits, other characters."
        )


class NotContainingUsernameValidator:
    def validate(self, password: str, user=None) -> None:
        username = getattr(user, "username", "") or ""
        if username and username.lower() in password.lower():
            raise ValidationError(
                _("The password must not contain the username."), code="password_has_username"
            )

    def get_help_text(self) -> str:
        return _("It must not contain your username.")


class HistoryValidator:
    """Not the current password nor any of the previous ones kept in the history."""

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        keep = settings.EDUGOV_PASSWORD_HISTORY
        # "The last 5" counts the current password: it plus the 4 before it.
        hashes = list(user.password_history.values_list("password", flat=True)[: keep - 1])
        if user.password:
            hashes.append(user.password)
        if any(check_password(password, h) for h in hashes):
            raise ValidationError(
                _("The password must differ from your last %(n)d passwords.") % {"n": keep},
                code="password_reused",
            )

    def get_help_text(self) -> str:
        return _("It must differ from your last 5 passwords.")


def password_expired(user, now: dt.datetime | None = None) -> bool:
    if user.password_changed_at is None:
        return True
    age = (now or timezone.now()) - user.password_changed_at
    return age > dt.timedelta(days=settings.EDUGOV_PASSWORD_MAX_AGE_DAYS)


def must_change(user) -> bool:
    return user.must_change_password or password_expired(user)


def password_set(*, user, raw: str, by_self: bool) -> None:
    """Set a password: the old hash goes to the history, which keeps the last N.

    ``by_self`` is False for an administrator's reset: the user must then change it
    at the next login.
    """
    from edugov.audit.services import audit_record

    from .models import PasswordHistory
    from .tokens import tokens_revoke_all

    with transaction.atomic():
        if user.password and user.has_usable_password():
            PasswordHistory.objects.create(user=user, password=user.password)
        keep_ids = list(
            user.password_history.values_list("id", flat=True)[
                : settings.EDUGOV_PASSWORD_HISTORY - 1
            ]
        )
        user.password_history.exclude(id__in=keep_ids).delete()
        user.set_password(raw)
        user.password_changed_at = timezone.now()
        user.must_change_password = not by_self
        user.save(
            update_fields=[
                "password",
                "password_changed_at",
                "must_change_password",
                "password_is_username",
            ]
        )
        audit_record("password.change" if by_self else "password.reset", obj=user)
        # A token is as good as the password it was obtained with: a new password,
        # whoever sets it, ends them.
        tokens_revoke_all(user=user, reason="password changed" if by_self else "password reset")
