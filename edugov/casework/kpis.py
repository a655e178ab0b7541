"""按时办结率 and 满意率 of each case type, as computed KPIs of the work plan.

A task may target "12345 按时办结率 ≥ 95%" or "督办单按时反馈率": its KPI is bound to
``casework.on_time.<type>`` or ``casework.satisfaction.<type>`` and shows the rate of the
cases of that type opened in the plan's year and handled (主办) by units under the task's
scope (a district's task: that district's units; a city department's: the city).

The rates are the statistics page's own (``selectors.figures``): one definition, so the
KPI and the page cannot disagree. Registered like the registry's sources, by the
providing module, after every app's case types are known.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from edugov.core import clock

from . import registry
from .models import Case
from .selectors import figures

PERM = "casework.view_case"
# (code part, label, the figure in ``selectors.finish``)
RATES = (
    ("on_time", _("on-time completion rate (按时办结率)"), "on_time_rate"),
    ("satisfaction", _("satisfaction rate (满意率)"), "satisfaction_rate"),
)


def _cases(case_type: str, scope: Any):
    """The cases of the type led (主办) by a unit under ``scope``."""
    return Case.objects.filter(case_type=case_type, lead_unit__path__startswith=scope.path)


def rate(case_type: str, figure: str, *, year: int, scope: Any) -> Decimal | None:
    """The rate in percent of the cases of ``case_type`` opened in ``year`` and led under
    ``scope``; None when nothing was closed (or rated) yet: "no data", not 0."""
    value = figures(_cases(case_type, scope).filter(year=year), now=clock.now())[figure]
    return None if value is None else Decimal(str(value))


def _latest(case_type: str):
    def latest_year(*, scope: Any) -> int | None:
        return _cases(case_type, scope).aggregate(y=Max("year"))["y"]

    return latest_year


def _compute(case_type: str, figure: str):
    def compute(*, year: int, scope: Any) -> Decimal | None:
        return rate(case_type, figure, year=year, scope=scope)

    return compute


def register() -> None:
    """One source per declared type and rate (after ``registry.autodiscover``)."""
    from edugov.workplan.kpis import KpiSource, register_kpi_source

    for ct in registry.all_types():
        for code, label, figure in RATES:
            register_kpi_source(
                KpiSource(
                    code=f"casework.{code}.{ct.code}",
                    label=format_lazy("{}: {}", ct.label, label),
                    unit="%",
                    compute=_compute(ct.code, figure),
                    latest_year=_latest(ct.code),
                    perm=PERM,
                )
            )
