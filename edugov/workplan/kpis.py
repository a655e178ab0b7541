"""Computed KPIs: how other modules give the work plan live values.

A module that calculates a figure from its own data (the registry: 公办园在园幼儿占比
from the annual statistics) registers a ``KpiSource`` in its ``AppConfig.ready``. A
task's KPI bound to the source's ``code`` shows the computed value; an unbound KPI is
reported by hand. The work plan never imports the providing module, so either side can
change without the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from edugov.org.models import Unit


@dataclass(frozen=True)
class KpiSource:
    """One figure edugov can compute.

    ``compute(year=..., scope=...)`` returns the value for the school year starting in
    ``year`` over the institutions under ``scope`` (the city, a district, a school), in
    ``unit``; ``None`` when there is no data yet, which the plan shows as "no data"
    rather than 0. ``subjects`` are phrases of a plan target's subject that this source
    measures ("公办园在园幼儿占比"), so a freshly imported plan binds its targets itself.

    Outside a plan (the home page's figure cards) the same source is read through
    ``kpi_latest``: ``latest_year(scope=...)`` names the newest year with data, and
    ``perm`` is the permission a user needs to see the figure, as for its rows.
    """

    code: str
    label: str | Promise
    unit: str
    compute: Callable[..., Decimal | None]
    subjects: tuple[str, ...] = ()
    latest_year: Callable[..., int | None] | None = None
    perm: str = ""


_SOURCES: dict[str, KpiSource] = {}


def register_kpi_source(source: KpiSource) -> KpiSource:
    _SOURCES[source.code] = source
    return source


def kpi_sources() -> dict[str, KpiSource]:
    return dict(_SOURCES)


def kpi_source_for_subject(subject: str) -> KpiSource | None:
    """The source whose subject phrase occurs in a target's subject, if exactly one."""
    hits = [s for s in _SOURCES.values() if any(p in subject for p in s.subjects)]
    return hits[0] if len(hits) == 1 else None


def kpi_compute(code: str, *, year: int, scope: Unit) -> Decimal | None:
    source = _SOURCES.get(code)
    return None if source is None else source.compute(year=year, scope=scope)


def kpi_latest(code: str, *, scope: Unit) -> tuple[int | None, Decimal | None]:
    """``(year, value)`` of a source for its newest year with data under ``scope``."""
    source = _SOURCES.get(code)
    if source is None or source.latest_year is None:
        return None, None
    year = source.latest_year(scope=scope)
    return (None, None) if year is None else (year, source.compute(year=year, scope=scope))
