"""Computed KPIs for the work plan (``edugov.workplan.kpis``).

Each source computes its figure from the approved statistics under the scope, for the
school year starting in ``year``, through the indicator engine — the same numbers the
evaluation pages show. ``None`` when the scope has no approved kindergarten figures.

达标率 (plan point 5, "深入推进标准化幼儿园建设，确保全市达标率达到30%以上"): the sentence is
about 标准化幼儿园建设, so 达标率 is read as the share of kindergartens (by number of 园,
not of children) whose standardization status is 达标 or 示范 on the statistics date.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from edugov.org.models import InstitutionType

from .evaluations import KindergartenEvaluation, kindergarten_evaluation, percent
from .selectors import approved_statistics_unscoped, load_area_unscoped


def kg_evaluation(year: int, scope) -> KindergartenEvaluation:
    """The 普及普惠 evaluation over ``scope`` for ``year``: the work plan's figure for a
    unit's scope, not a user's view of rows.

    The four kindergarten KPIs of a plan, the home page's cards and its districts table
    all read this one evaluation, so it is computed once per request (the request's
    memo) and never kept beyond it: a figure stored across requests outlives any write
    that does not pass through the audit (a migration, a bulk fix, a restore). Loading
    kindergartens alone keeps it cheap (the city: about 20 ms, issue 15's home page).
    """
    from edugov.core.context import current

    memo = current().cache
    key = ("registry.kg_evaluation", year, scope.pk)
    if memo is not None and key in memo:
        return memo[key]
    evaluation = kindergarten_evaluation(
        load_area_unscoped(scope, years=[year], kindergartens_only=True)
    )
    if memo is not None:
        memo[key] = evaluation
    return evaluation


def _city_record(year: int, scope) -> dict | None:
    _rows, city = kg_evaluation(year, scope).for_year(year)
    return city


def _share(code: str):
    def compute(*, year: int, scope) -> Decimal | None:
        rec = _city_record(year, scope)
        if rec is None:
            return None
        return percent(rec["indicators"][code]["value"])

    return compute


def _new_public(*, year: int, scope) -> Decimal | None:
    rec = _city_record(year, scope)
    return None if rec is None else Decimal(rec["n_new_public"])


def latest_kg_year(*, scope) -> int | None:
    """The newest year with approved kindergarten figures under ``scope``; once per
    request (the home page's two cards and its districts table ask for it).

    The newest row, not MAX(year): SQLite walks the (year, status) index from the top
    and stops at the first kindergarten, where MAX read every approved row (5 ms)."""
    from edugov.core.context import current

    memo = current().cache
    key = ("registry.latest_kg_year", scope.pk)
    if memo is not None and key in memo:
        return memo[key]
    year = (
        approved_statistics_unscoped(scope)
        .filter(school__institution_type=InstitutionType.KINDERGARTEN)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if memo is not None:
        memo[key] = year
    return year


# Who may see a kindergarten figure outside a plan: whoever may read the statistics.
PERM = "registry.view_annualstatistics"


def register() -> None:
    from edugov.workplan.kpis import KpiSource, register_kpi_source

    register_kpi_source(
        KpiSource(
            code="registry.public_kg_share",
            label=_("Share of children in public kindergartens"),
            unit="%",
            compute=_share("kg_public_share"),
            subjects=("公办园在园幼儿占比",),
            latest_year=latest_kg_year,
            perm=PERM,
        )
    )
    register_kpi_source(
        KpiSource(
            code="registry.inclusive_coverage",
            label=_("Inclusive kindergarten coverage"),
            unit="%",
            compute=_share("kg_inclusive_coverage"),
            subjects=("普惠性幼儿园覆盖率",),
            latest_year=latest_kg_year,
            perm=PERM,
        )
    )
    register_kpi_source(
        KpiSource(
            code="registry.standardized_kg_share",
            label=_("Share of standardized kindergartens"),
            unit="%",
            compute=_share("kg_standardized_share"),
            subjects=("达标率",),
            latest_year=latest_kg_year,
            perm=PERM,
        )
    )
    register_kpi_source(
        KpiSource(
            code="registry.new_public_kg",
            label=_("New public kindergartens"),
            unit="所",
            compute=_new_public,
            subjects=("新增公办幼儿园",),
            latest_year=latest_kg_year,
            perm=PERM,
        )
    )
