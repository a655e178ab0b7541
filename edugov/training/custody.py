"""The supervising bank's feed of custody-account statements: a pluggable interface.

A deployment names its backend in ``settings.EDUGOV_TRAINING["custody_backend"]``: a
class with ``fetch(*, institutions, since, until) -> list[dict]`` returning statement
lines as the bank's file has them (the columns of the ``training.statement`` importer).
:func:`fetch_statements` runs what it returns through that importer, so a line the
bank got wrong is refused with its row number and nothing is written, exactly as for an
uploaded file, and a line fetched twice changes nothing.

``DemoCustodyFeed``, the default, is a **demo backend**: like Django's console e-mail
backend, it talks to no bank. It makes up plausible lines for the institutions asked
about, deterministically, so that the demo and the tests exercise the whole path. A real
deployment replaces it with the bank's API client (each bank has its own: 银企直连,
open API, SFTP drop), and says so in ``EDUGOV_TRAINING``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Sequence
from typing import Any, Protocol

from django.utils.module_loading import import_string

from . import config
from .importers import StatementImporter

HEADER = [
    "serial",
    "institution_code",
    "booked_on",
    "kind",
    "amount",
    "lessons",
    "covers_from",
    "covers_to",
    "ref",
]


class CustodyFeed(Protocol):
    def fetch(
        self, *, institutions: Sequence[str], since: dt.date, until: dt.date
    ) -> list[dict[str, str]]:
        """Statement lines booked from ``since`` to ``until`` for the institutions whose
        platform codes are given; every value as text, keys as ``HEADER``."""


class DemoCustodyFeed:
    """A demo backend: invents a charge and a release a week per institution. It never
    contacts a bank."""

    def fetch(self, *, institutions, since, until):
        lines = []
        for code in institutions:
            rng = random.Random(f"{code}:{since}")
            day = since
            while day <= until:
                lessons = rng.randint(10, 40)
                price = rng.choice((80, 100, 120, 150))
                lines.append(
                    {
                        "serial": f"DEMO-{code}-{day:%Y%m%d}-C",
                        "institution_code": code,
                        "booked_on": day.isoformat(),
                        "kind": "收费",
                        "amount": f"{lessons * price}.00",
                        "lessons": str(lessons),
                        "covers_from": day.isoformat(),
                        "covers_to": (day + dt.timedelta(days=80)).isoformat(),
                        "ref": "",
                    }
                )
                taught = rng.randint(1, lessons)
                lines.append(
                    {
                        "serial": f"DEMO-{code}-{day:%Y%m%d}-R",
                        "institution_code": code,
                        "booked_on": day.isoformat(),
                        "kind": "消课",
                        "amount": f"{taught * price}.00",
                        "lessons": str(taught),
                        "covers_from": "",
                        "covers_to": "",
                        "ref": "",
                    }
                )
                day += dt.timedelta(days=7)
        return lines


def backend() -> CustodyFeed:
    return import_string(config.get("custody_backend"))()


def fetch_statements(*, user: Any, institutions: Sequence[str], since: dt.date, until: dt.date):
    """Fetch lines from the configured feed and import them (two phases, one audit
    event); returns the importer's report."""
    rows = backend().fetch(institutions=institutions, since=since, until=until)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER)
    writer.writeheader()
    writer.writerows(rows)
    data = io.BytesIO(out.getvalue().encode("utf-8"))
    return StatementImporter(user).run(data, "custody-feed.csv", len(data.getvalue()))
