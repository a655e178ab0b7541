"""The module's figure for the work plan: 民办义务教育在校生占比, the private share of
compulsory enrolment (grades 1–9) under a unit, from the registry's approved statistics
of the year, against the configured ceiling (``config["compulsory_share_ceiling"]``)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from edugov.workplan.kpis import KpiSource, register_kpi_source

CODE = "private.compulsory_share"
GRADES = tuple(f"g{i}" for i in range(1, 10))


def compulsory_share(*, year: int, scope) -> Decimal | None:
    from edugov.registry.selectors import approved_statistics_unscoped

    total = sum((Coalesce(Sum(g), 0) for g in GRADES[1:]), Coalesce(Sum(GRADES[0]), 0))
    private = sum(
        (Coalesce(Sum(g, filter=Q(school__ownership="private")), 0) for g in GRADES[1:]),
        Coalesce(Sum(GRADES[0], filter=Q(school__ownership="private")), 0),
    )
    row = approved_statistics_unscoped(scope).filter(year=year).aggregate(t=total, p=private)
    if not row["t"]:
        return None
    return (Decimal(100) * row["p"] / row["t"]).quantize(Decimal("0.1"), ROUND_HALF_UP)


def latest_year(*, scope) -> int | None:
    from edugov.registry.selectors import approved_statistics_unscoped

    return (
        approved_statistics_unscoped(scope).order_by("-year").values_list("year", flat=True).first()
    )


def register() -> None:
    register_kpi_source(
        KpiSource(
            code=CODE,
            label=_("Private share of compulsory enrolment"),
            unit="%",
            compute=compulsory_share,
            subjects=("民办义务教育在校生占比", "民办义务教育占比"),
            latest_year=latest_year,
            perm="registry.view_annualstatistics",
        )
    )
