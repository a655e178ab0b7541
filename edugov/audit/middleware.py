"""Denied accesses in the audit trail (finding L4), rate-limited.

A 403, or a 404 from a URL that resolved (an object outside the user's scope is a 404,
never a 403: see core.scoping), writes one ``access.denied`` event: path (never the query
string, which may carry tokens), method, status, and the user or, for an anonymous
request, the IP. A scan must not flood the chain: at most ``LIMIT`` events per user (or
anonymous IP) per ``WINDOW``, then one ``access.denied.limited`` summary, then silence
until the summary is ``WINDOW`` old.

Where the counter lives: the project configures no shared CACHES, so a cache counter
would be per process (the limit multiplied by the number of workers, and forgotten at
each restart). The audit table itself is shared and already indexed by type, actor and
time, so the count is read from the events the limit is about. Two workers racing can
write one or two events over the limit; that bounds the flood, which is the point. After
the summary, each process remembers the quiet period in memory, so a flood costs no
further queries.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from edugov.core import context

from .models import AuditEvent, Outcome
from .services import audit_record

DENIED = "access.denied"
LIMITED = "access.denied.limited"
LIMIT = 20
WINDOW = dt.timedelta(minutes=10)
# An IP-rotating scan must not grow the per-process memo without bound.
_MEMO_MAX = 10_000

logger = logging.getLogger("edugov.audit")


class DeniedAccessAuditMiddleware:
    """After ``RequestUserMiddleware``: records denied accesses as audit events."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._quiet_until: dict[str, float] = {}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        status = response.status_code
        # An unresolved URL is a typo or a crawler, not an access decision: not recorded.
        if status == 403 or (status == 404 and getattr(request, "resolver_match", None)):
            try:
                self._record(request, status)
            except DatabaseError:
                # The denial stands whatever happens here; a failed audit write must not
                # turn it into a 500, but it must be seen.
                logger.exception("could not record a denied access to %s", request.path)
        return response

    def _record(self, request: HttpRequest, status: int) -> None:
        # Read after the view: DRF sets the token user on the request here, while the
        # request context still holds the session's (anonymous) user.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            who, key = {"actor_id": user.pk}, f"user:{user.pk}"
        else:
            user, ip = None, context.current().ip
            who, key = {"actor__isnull": True, "ip": ip}, f"ip:{ip}"
        if self._quiet_until.get(key, 0.0) > time.monotonic():
            return
        now = timezone.now()
        recent = AuditEvent.objects.filter(
            event_type__in=(DENIED, LIMITED), occurred_at__gte=now - WINDOW, **who
        )
        limited_at = (
            recent.filter(event_type=LIMITED)
            .order_by("-occurred_at")
            .values_list("occurred_at", flat=True)
            .first()
        )
        if limited_at is not None:
            self._quiet(key, limited_at + WINDOW - now)
            return
        fields = {"path": request.path[:500], "method": request.method, "status": status}
        if recent.filter(event_type=DENIED).count() < LIMIT:
            audit_record(DENIED, outcome=Outcome.FAILURE, changes=fields, actor=user)
            return
        audit_record(
            LIMITED,
            actor=user,
            outcome=Outcome.FAILURE,
            changes={**fields, "limit": LIMIT, "window_minutes": WINDOW.seconds // 60},
            detail=f"more than {LIMIT} denied accesses in {WINDOW.seconds // 60} minutes; "
            f"further ones are not recorded until {(now + WINDOW).isoformat(timespec='seconds')}",
        )
        self._quiet(key, WINDOW)

    def _quiet(self, key: str, left: dt.timedelta) -> None:
        if len(self._quiet_until) >= _MEMO_MAX:
            self._quiet_until.clear()
        self._quiet_until[key] = time.monotonic() + left.total_seconds()
