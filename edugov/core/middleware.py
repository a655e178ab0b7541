"""Request-wide middleware: the reverse proxy, request id and IP for the audit trail,
login required, and the upload limit."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.functional import SimpleLazyObject

from . import context
from .proxies import client_address, is_trusted

# A proxy's id is kept so one request can be followed across logs, but it is the
# client's text: only a short token of safe characters, matched whole (``$`` alone would
# let a trailing newline through into the audit trail and the response header).
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, unless it is a reverse proxy we trust (``EDUGOV_TRUSTED_PROXIES``);
    then the client that proxy names in X-Forwarded-For (``core.proxies``).

    X-Forwarded-For is only believed from the deployment's own proxies, because anyone
    can send the header, and the lockout and the audit trail must not take a forged
    address.
    """
    return client_address(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        getattr(settings, "EDUGOV_TRUSTED_PROXIES", ()),
    )


class TrustedProxyMiddleware:
    """First in the chain: the forwarded-protocol header counts only from a trusted proxy.

    Django believes ``SECURE_PROXY_SSL_HEADER`` from any peer; a client that reaches the
    application server directly could send it to skip the HTTPS redirect and make
    ``request.is_secure()`` lie. So it is dropped unless REMOTE_ADDR is a trusted proxy.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = settings.SECURE_PROXY_SSL_HEADER
        if header and not is_trusted(
            request.META.get("REMOTE_ADDR", ""), getattr(settings, "EDUGOV_TRUSTED_PROXIES", ())
        ):
            request.META.pop(header[0], None)
        return self.get_response(request)


class RequestContextMiddleware:
    """Give every request an id (kept from an upstream proxy when well-formed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _REQUEST_ID.fullmatch(incoming) else context.new_request_id()
        request.request_id = request_id
        token = context.set_current(
            context.RequestContext(ip=client_ip(request), request_id=request_id)
        )
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestUserMiddleware:
    """After authentication: put the user into the request context for audit events."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        ctx = context.current()
        # Lazy, and read from the request only when an event is written: the API
        # authenticates its token inside the view and puts that user on the request then,
        # while ``request.user`` as it is now would stay the session's (anonymous) user.
        token = context.set_current(
            context.RequestContext(
                user=SimpleLazyObject(lambda: request.user),
                ip=ctx.ip,
                request_id=ctx.request_id,
                cache={},
            )
        )
        try:
            return self.get_response(request)
        finally:
            context.reset(token)


class LoginRequiredMiddleware:
    """Every URL needs a login except the named allowlist and static files.

    Django 5.1's own LoginRequiredMiddleware works per view; ours also covers the API
    (which answers 401/403 through DRF itself) and is checked by a meta-test that walks
    the URL conf.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.public = set(settings.EDUGOV_PUBLIC_URL_NAMES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated or request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.view_name in self.public:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            # DRF authenticates tokens itself; it answers 401 when nothing is valid.
            return self.get_response(request)
        return redirect_to_login(request.get_full_path())


class UploadLimitMiddleware:
    """Answer 413 to an oversized request body before anything reads or parses it.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not cover multipart files, so a 2 GB
    upload would otherwise be streamed to a temporary file first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.EDUGOV_MAX_REQUEST_BYTES:
            from django.utils.translation import gettext as _

            return HttpResponse(
                _("The upload is too large."), status=413, content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
