"""The public list of licensed private schools and their published 年检 results: no
login, rate-limited per client address (``config["public_rate"]`` a minute, 429 over it).

The counter lives in the database (``PublicHit``): the project has no shared cache, and a
per-process count would multiply the limit by the number of workers."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from edugov.core.middleware import client_ip

from . import config
from .models import PublicHit
from .selectors import published_register


def allow(client: str, *, now: dt.datetime | None = None) -> bool:
    """Count one request of ``client`` in this minute; False once over the limit."""
    minute = (now or timezone.now()).replace(second=0, microsecond=0)
    updated = PublicHit.objects.filter(client=client, minute=minute).update(count=F("count") + 1)
    if not updated:
        try:
            with transaction.atomic():
                PublicHit.objects.create(client=client, minute=minute, count=1)
        except IntegrityError:  # another worker created it first
            PublicHit.objects.filter(client=client, minute=minute).update(count=F("count") + 1)
        # Old minutes are of no further use.
        PublicHit.objects.filter(minute__lt=minute - dt.timedelta(minutes=10)).delete()
    count = PublicHit.objects.filter(client=client, minute=minute).values_list("count", flat=True)
    return (count.first() or 0) <= int(config.get("public_rate"))


def public_list(request):
    if not allow(client_ip(request)[:64]):
        response = HttpResponse(_("Too many requests: try again in a minute."), status=429)
        response["Retry-After"] = "60"
        return response
    return render(request, "private/public_list.html", {"rows": published_register()})
