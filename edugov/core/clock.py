"""The platform's one "today".

Every service, selector and view asks ``today()`` instead of the wall clock, so that a
demo frozen in 2023 numbers its 督办单, dates its notices and computes its statuses on
the same day (issue 15, defect 5). ``EDUGOV_TODAY`` (a date, or ``YYYY-MM-DD`` from the
environment) fixes the day; ``None`` — production — is the real local date.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    """The configured day in demo mode, else the local date in ``TIME_ZONE``."""
    fixed = getattr(settings, "EDUGOV_TODAY", None)
    if fixed is None or fixed == "":
        # TIME_ZONE's day (the bureau's), named explicitly: the request's active zone would
        # be the same here, and looking it up cost an import 10% of its time, once a row.
        return timezone.localdate(timezone=timezone.get_default_timezone())
    if isinstance(fixed, dt.datetime):
        return fixed.date()
    if isinstance(fixed, dt.date):
        return fixed
    return dt.date.fromisoformat(str(fixed))


def now() -> dt.datetime:
    """The current moment on the platform's day: in demo mode the configured day at the
    wall clock's local time of day (a case opened in the 2023 demo is dated 2023 and its
    deadline counted from then), else ``timezone.now()``. Aware, in ``TIME_ZONE``."""
    moment = timezone.localtime()
    fixed = getattr(settings, "EDUGOV_TODAY", None)
    if fixed is None or fixed == "":
        return moment
    day = today()
    return moment.replace(year=day.year, month=day.month, day=day.day)
