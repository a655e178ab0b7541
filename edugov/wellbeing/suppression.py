"""Small-cell suppression: a count under ``min_cell`` (default 5) is shown as "<5" on
every page, export and API answer that carries counts by tier. A zero is shown: it
names nobody."""

from __future__ import annotations

from . import config


def shown(count: int | None) -> str:
    n = int(count or 0)
    floor = config.get("min_cell")
    return f"<{floor}" if 0 < n < floor else str(n)
