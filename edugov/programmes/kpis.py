"""The party organizations' coverage for the work plan (points 1–3), a computed KPI:
schools, public and private, with a party organization, as a share of all schools
(``selectors.coverage_rate_unscoped`` defines it), over the city or a district."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .selectors import coverage_rate_unscoped, latest_year_unscoped

CODE = "programmes.party_coverage"


def register() -> None:
    from edugov.workplan.kpis import KpiSource, register_kpi_source

    register_kpi_source(
        KpiSource(
            code=CODE,
            label=_("Schools with a party organization"),
            unit="%",
            compute=coverage_rate_unscoped,
            subjects=("党组织覆盖率", "党的组织覆盖"),
            latest_year=latest_year_unscoped,
            perm="programmes.view_partyorganization",
        )
    )
