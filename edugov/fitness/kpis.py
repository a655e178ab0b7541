"""The 体质健康 优良率 for the work plan (point 12), a computed KPI.

优良率 = (优秀 + 良好) / students tested, in per cent, for one school year over a unit's
schools. 免测 students are not in the denominator (they have no level: the standard
exempts them); a student tested in no item is. ``None`` when nobody was tested.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from .models import Level
from .selectors import latest_year_unscoped, level_counts_unscoped


def good_rate(*, year: int, scope) -> Decimal | None:
    counts = level_counts_unscoped(year=year, scope=scope)
    tested = sum(n for level, n in counts.items() if level != Level.EXEMPT)
    if not tested:
        return None
    good = counts.get(Level.EXCELLENT, 0) + counts.get(Level.GOOD, 0)
    return (Decimal(100 * good) / tested).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def register() -> None:
    from edugov.workplan.kpis import KpiSource, register_kpi_source

    register_kpi_source(
        KpiSource(
            code="fitness.good_rate",
            label=_("Physical fitness excellent-or-good rate"),
            unit="%",
            compute=good_rate,
            subjects=("体质健康优良率", "体质健康测试优良率"),
            latest_year=latest_year_unscoped,
            perm="fitness.count_fitnessresult",
        )
    )
