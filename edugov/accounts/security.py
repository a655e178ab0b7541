"""Login lockout and session control.

Lockout: 5 failures for one username + IP within 15 minutes lock that pair for 30
minutes, during which even the right password fails. Unknown usernames are treated
exactly like known ones. django-axes was considered; it counts failures until a
cool-off measured from the *last* attempt, which cannot express "5 within 15 minutes,
then locked for 30", so this is the small piece of code that does exactly that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from edugov.audit.services import audit_record

from .models import LoginFailure, LoginLock, User
from .tokens import tokens_revoke_all

SESSION_LOGIN_AT = "edugov_login_at"
SESSION_SEEN_AT = "edugov_seen_at"
SESSION_EPOCH = "edugov_epoch"


def _key(username: str) -> str:
    return username.strip().lower()[:150]


@dataclass(frozen=True)
class LoginOutcome:
    user: User | None
    locked: bool = False


def active_lock(username: str, ip: str, now: dt.datetime | None = None) -> LoginLock | None:
    now = now or timezone.now()
    return LoginLock.objects.filter(username=_key(username), ip=ip, locked_until__gt=now).first()


def credentials_check(
    request: HttpRequest,
    username: str,
    password: str,
    ip: str,
    *,
    channel: str = "",
    refuse: Callable[[User], str] | None = None,
) -> LoginOutcome:
    """The one gate every password passes through (the login page and ``/api/token/``):
    the username + IP lock, then the password, with failures counted and outcomes
    audited alike, so a guess on either channel counts against both.

    ``refuse(user)`` names a reason the account may not use this channel; it is asked
    before the password is checked, so a refusal never confirms a password. A refusal
    is answered and counted like a wrong password, so it reveals neither the account nor
    its roles. Audit events never carry the password: only the username as typed, and
    the channel in ``detail``.
    """
    now = timezone.now()
    key = _key(username)
    if active_lock(key, ip, now):
        audit_record(
            "login.failure",
            object_type="accounts.user",
            object_repr=key,
            outcome="failure",
            detail=_detail(channel, "locked"),
        )
        return LoginOutcome(None, locked=True)
    if refuse is not None:
        candidate = User.objects.filter(username__iexact=username.strip()).first()
        reason = refuse(candidate) if candidate is not None else ""
        if reason:
            # Spend the time of a password check, so the refusal cannot be told from a
            # wrong password by timing either.
            make_password(password)
            return _fail(key, ip, now, detail=_detail(channel, reason))
    user = authenticate(request, username=username, password=password)
    if user is None:
        return _fail(key, ip, now, detail=_detail(channel))
    LoginFailure.objects.filter(username=key, ip=ip).delete()
    audit_record("login.success", obj=user, actor=user, detail=channel)
    return LoginOutcome(user)


def _detail(channel: str, reason: str = "") -> str:
    return ": ".join(part for part in (channel, reason) if part)


def login_attempt(request: HttpRequest, username: str, password: str, ip: str) -> LoginOutcome:
    """The login page: the shared gate, then a new session."""
    outcome = credentials_check(request, username, password, ip)
    user = outcome.user
    if user is None:
        return outcome
    now = timezone.now()
    auth_login(request, user)  # rotates the session key
    request.session[SESSION_LOGIN_AT] = now.timestamp()
    request.session[SESSION_SEEN_AT] = now.timestamp()
    request.session[SESSION_EPOCH] = user.session_epoch
    return outcome


def _fail(key: str, ip: str, now: dt.datetime, detail: str = "") -> LoginOutcome:
    window = now - dt.timedelta(minutes=settings.EDUGOV_LOCKOUT_WINDOW_MINUTES)
    with transaction.atomic():
        LoginFailure.objects.create(username=key, ip=ip, at=now)
        recent = LoginFailure.objects.filter(username=key, ip=ip, at__gte=window).count()
        audit_record(
            "login.failure",
            object_type="accounts.user",
            object_repr=key,
            outcome="failure",
            detail=detail,
        )
        if recent >= settings.EDUGOV_LOCKOUT_FAILURES:
            until = now + dt.timedelta(minutes=settings.EDUGOV_LOCKOUT_MINUTES)
            LoginLock.objects.update_or_create(
                username=key, ip=ip, defaults={"locked_at": now, "locked_until": until}
            )
            LoginFailure.objects.filter(username=key, ip=ip).delete()
            audit_record(
                "login.lockout",
                object_type="accounts.user",
                object_repr=key,
                outcome="failure",
                detail=f"ip={ip}",
            )
            return LoginOutcome(None, locked=True)
    return LoginOutcome(None)


def lock_release(*, lock: LoginLock) -> None:
    """The security admin unlocks a username + IP pair."""
    with transaction.atomic():
        LoginFailure.objects.filter(username=lock.username, ip=lock.ip).delete()
        audit_record(
            "login.unlock",
            object_type="accounts.user",
            object_repr=lock.username,
            detail=f"ip={lock.ip}",
        )
        lock.delete()


def sessions_end(*, user: User, reason: str) -> None:
    """End every session of ``user`` (each remembers the epoch it began in) and delete
    her API tokens, which would otherwise outlive the sessions."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
        user.refresh_from_db(fields=["session_epoch"])
        audit_record("session.end_all", obj=user, detail=reason)
        tokens_revoke_all(user=user, reason="sessions ended")


def user_disable(*, user: User) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(
            is_active=False, session_epoch=F("session_epoch") + 1
        )
        user.refresh_from_db(fields=["is_active", "session_epoch"])
        audit_record("user.disable", obj=user, changes={"is_active": ["True", "False"]})
        # Deleted, not just refused while disabled: enabling the account again must not
        # bring old credentials back.
        tokens_revoke_all(user=user, reason="account disabled")


def session_limits(user: Any) -> tuple[dt.timedelta, dt.timedelta]:
    """(idle timeout, absolute lifetime) for this user."""
    if user.is_admin():
        return (
            dt.timedelta(minutes=settings.EDUGOV_ADMIN_IDLE_MINUTES),
            dt.timedelta(hours=settings.EDUGOV_ADMIN_SESSION_HOURS),
        )
    return dt.timedelta(minutes=settings.EDUGOV_IDLE_MINUTES), dt.timedelta(
        hours=settings.EDUGOV_SESSION_HOURS
    )


def session_expired(request: HttpRequest, now: dt.datetime) -> str:
    """Why this session must end now ("" when it may go on)."""
    session, user = request.session, request.user
    if session.get(SESSION_EPOCH) != user.session_epoch:
        return "ended"
    idle, lifetime = session_limits(user)
    ts = now.timestamp()
    if ts - session.get(SESSION_LOGIN_AT, 0) > lifetime.total_seconds():
        return "lifetime"
    if ts - session.get(SESSION_SEEN_AT, 0) > idle.total_seconds():
        return "idle"
    return ""


def accounts_disable_idle(now: dt.datetime | None = None) -> int:
    """Disable accounts not used for EDUGOV_ACCOUNT_IDLE_DAYS (last login, or creation)."""
    from django.db.models import Q

    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.EDUGOV_ACCOUNT_IDLE_DAYS)
    idle = User.objects.filter(is_active=True).filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    )
    count = 0
    for user in idle:
        user_disable(user=user)
        count += 1
    return count
