"""The Prometheus metrics page (issue 25), for the monitoring system only.

Metrics name every view, its request rate and latency, the jobs and the imports: no
personal data, but a map of the application and of when it is busy, which is what a
scan of the intranet looks for. So the page is not for users, not even
administrators, and answers only:

- when ``EDUGOV_METRICS_TOKEN`` is set (without it there are no metrics to read), and
- to a request carrying it as ``Authorization: Bearer <token>`` (Prometheus'
  ``authorization`` / ``credentials_file``), compared in constant time, and
- when ``EDUGOV_METRICS_NETWORKS`` names networks, from an address in one of them (the
  client address as ``core.middleware.client_ip`` establishes it behind a trusted
  proxy).

Anything else is a 404, as for a URL that does not exist, and is written to the audit
trail as a denied access (``audit.middleware``, rate-limited). See docs/security.md.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET
from django_prometheus.exports import ExportToDjangoView

from edugov.core.middleware import client_ip
from edugov.core.proxies import is_trusted


def allowed(request: HttpRequest) -> bool:
    token = settings.EDUGOV_METRICS_TOKEN
    if not token:
        return False
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.encode()
    ):
        return False
    networks = settings.EDUGOV_METRICS_NETWORKS
    return not networks or is_trusted(client_ip(request), networks)


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not allowed(request):
        raise Http404
    return ExportToDjangoView(request)
