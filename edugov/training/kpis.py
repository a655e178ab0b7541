"""课后服务 覆盖率 and 参与率 as computed KPIs of the work plan (point 21), over any unit's
subtree; the same definitions as the district table of ``selectors``. The national
formula is UNCONFIRMED (DOMAIN-modules.md §3): schools offering ÷ schools, and students
taking part ÷ students of the schools offering."""

from django.utils.translation import gettext_lazy as _

from edugov.workplan.kpis import KpiSource, register_kpi_source

from . import selectors

PERM = "training.view_programme"

register_kpi_source(
    KpiSource(
        code="training.afterschool_coverage",
        label=_("After-school service coverage"),
        unit="%",
        compute=selectors.afterschool_coverage_unscoped,
        subjects=("课后服务覆盖率",),
        latest_year=selectors.afterschool_latest_year_unscoped,
        perm=PERM,
    )
)
register_kpi_source(
    KpiSource(
        code="training.afterschool_participation",
        label=_("After-school service participation"),
        unit="%",
        compute=selectors.afterschool_participation_unscoped,
        subjects=("课后服务参与率",),
        latest_year=selectors.afterschool_latest_year_unscoped,
        perm=PERM,
    )
)
