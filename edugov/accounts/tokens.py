"""API tokens: made, used, revoked.

A token is a password-equivalent credential that outlives any browser session, so it
obeys the same account rules: it is never given to an account that needs a second factor
(a token is a single factor), it expires after ``EDUGOV_API_TOKEN_DAYS``, and every act
that ends a user's access (the security admin's "end sessions", disabling the account, a
password change or reset) deletes the user's tokens in the same transaction.

Plain logout does not: a token is made on purpose for a script that runs on its own
(a nightly sync), and logging out of the browser says nothing about that script. The
owner revokes it on the tokens page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from edugov.audit.services import audit_record

from .models import ApiToken, User
from .passwords import must_change

# The last-used time is written at most this often: a write per API call is not free.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


# Why an account may not hold or use a token: a stable code for the audit trail, and
# the words for its owner.
REFUSALS = {
    "disabled": gettext_lazy("The account is disabled."),
    "second factor": gettext_lazy("This account needs a second factor and cannot use API tokens."),
    "password change": gettext_lazy("The password must be changed on the web first."),
}


def token_refusal(user: User) -> str:
    """The ``REFUSALS`` code for why ``user`` may not hold or use a token now, or ""."""
    if not user.is_active:
        return "disabled"
    if user.requires_2fa():
        return "second factor"
    if must_change(user):
        return "password change"
    return ""


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Make a token for ``user``; return it and its key, which is never stored."""
    refusal = token_refusal(user)
    if refusal:
        raise ValidationError(REFUSALS[refusal], code=refusal.replace(" ", "_"))
    key = secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip() or "API",
        key_hash=key_hash(key),
        prefix=key[:6],
        expires_at=timezone.now() + dt.timedelta(days=settings.EDUGOV_API_TOKEN_DAYS),
    )
    token.full_clean()
    with transaction.atomic():
        token.save()
        # The owner makes her tokens, also at /api/token/ where no one is signed in yet.
        audit_record("token.create", obj=token, actor=user, detail=f"user={user.username}")
    return token, key


def token_revoke(*, token: ApiToken) -> None:
    with transaction.atomic():
        audit_record("token.revoke", obj=token, detail=f"user={token.user.username}")
        token.delete()


def tokens_revoke_all(*, user: User, reason: str) -> int:
    """Delete every token of ``user``; callers run it inside their own transaction."""
    count, _by_model = ApiToken.objects.filter(user=user).delete()
    if count:
        audit_record("token.revoke_all", obj=user, detail=f"{reason}: {count}")
    return count


def token_for_key(key: str, now: dt.datetime | None = None) -> ApiToken | None:
    """The live token with this key, its user loaded, or None (unknown or expired)."""
    now = now or timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=key_hash(key), expires_at__gt=now)
        .first()
    )
    if token is not None and (
        token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION
    ):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
