"""The hazards' rectification rate (整改率: 销号 ÷ found) as a computed KPI of the work
plan (point 25). Its on-time rate is casework's ``casework.on_time.safety_hazard``
(按时办结率 of the type, registered by casework for every case type), not a second
definition here."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _

from edugov.casework.models import Case

from .casetypes import CODE

PERM = "safety.view_hazard"


def _cases(scope: Any):
    """The hazard cases led (主办) by a school under ``scope``."""
    return Case.objects.filter(case_type=CODE, lead_unit__path__startswith=scope.path)


def rectification_rate(*, year: int, scope: Any) -> Decimal | None:
    row = (
        _cases(scope)
        .filter(year=year)
        .aggregate(found=Count("pk"), struck=Count("pk", filter=Q(state="closed")))
    )
    if not row["found"]:
        return None
    return (Decimal(100) * row["struck"] / row["found"]).quantize(Decimal("0.1"))


def latest_year(*, scope: Any) -> int | None:
    return _cases(scope).aggregate(y=Max("year"))["y"]


def register() -> None:
    from edugov.workplan.kpis import KpiSource, register_kpi_source

    register_kpi_source(
        KpiSource(
            code="safety.rectification_rate",
            label=_("hazard rectification rate (隐患整改率)"),
            unit="%",
            compute=rectification_rate,
            latest_year=latest_year,
            perm=PERM,
            subjects=("隐患整改率", "隐患整改销号率"),
        )
    )
