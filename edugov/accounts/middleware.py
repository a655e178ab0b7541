"""Session policy after authentication: ended sessions, idle and absolute timeouts,
the second factor, and a forced password change — in that order."""

from __future__ import annotations

from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from edugov.audit.services import audit_record

from .passwords import must_change
from .security import SESSION_SEEN_AT, session_expired

# Reachable while a second factor or a new password is still owed.
_ALWAYS = ("accounts:logout", "accounts:two_factor", "accounts:password_change", "set_language")


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or not hasattr(request, "session"):
            return self.get_response(request)
        now = timezone.now()
        reason = session_expired(request, now)
        if reason:
            audit_record("session.expired", obj=user, actor=user, detail=reason)
            logout(request)
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        # Write the "last seen" time at most once a minute: the idle timeout does not
        # need second precision, and a session write per request is not free.
        if now.timestamp() - request.session.get(SESSION_SEEN_AT, 0) > 60:
            request.session[SESSION_SEEN_AT] = now.timestamp()
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.view_name in _ALWAYS or request.path.startswith("/static/"):
            return self.get_response(request)
        if user.requires_2fa() and not user.is_verified():
            return redirect(f"{reverse('accounts:two_factor')}?next={request.path}")
        if must_change(user):
            return redirect(f"{reverse('accounts:password_change')}?next={request.path}")
        return self.get_response(request)
