"""The demo: deterministic, idempotent, and its kindergarten shares match a hand count.

One test, because building the 1,797-institution demo is the expensive part."""

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

import pytest

from edugov.core.context import acting
from edugov.demo.generator import SEED, _insert_tree, build_schools
from edugov.org.models import Unit
from edugov.org.seed import seed_city
from edugov.registry.demo import load_demo
from edugov.registry.evaluations import youzhi_evaluation, youzhi_for_year
from edugov.registry.models import AnnualStatistics, InstitutionStatus
from edugov.registry.selectors import load_area_unscoped
from edugov.workplan.kpis import kpi_compute

pytestmark = pytest.mark.django_db


def pct(num: int, den: int) -> Decimal:
    return (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def hand_count(year: int) -> dict[str, Decimal]:
    """Plain Python over the rows: no engine, no selector."""
    day = dt.date(year, 9, 1)
    last_year = dt.date(year - 1, 9, 1)
    history: dict[int, list] = {}
    for s in InstitutionStatus.objects.all():
        history.setdefault(s.school_id, []).append(s)

    def status(school, on):
        current = (school.ownership, school.inclusive, "none")
        for s in sorted(history.get(school.pk, []), key=lambda s: s.effective_on):
            if s.effective_on <= on:
                current = (s.ownership, s.inclusive, s.standardization)
        return current

    children = public = inclusive = kindergartens = standardized = new_public = 0
    rows = AnnualStatistics.objects.filter(
        year=year, status="approved", school__institution_type="kindergarten"
    ).select_related("school")
    for row in rows:
        n = row.k1 + row.k2 + row.k3
        ownership, puhui, std = status(row.school, day)
        children += n
        kindergartens += 1
        if ownership == "public":
            public += n
            inclusive += n
            if status(row.school, last_year)[0] != "public":
                new_public += 1
        elif puhui:
            inclusive += n
        if std != "none":
            standardized += 1
    return {
        "registry.public_kg_share": pct(public, children),
        "registry.inclusive_coverage": pct(inclusive, children),
        "registry.standardized_kg_share": pct(standardized, kindergartens),
        "registry.new_public_kg": Decimal(new_public),
    }


def test_the_demo_kindergarten_shares_match_a_hand_count():
    with acting(None):
        city = seed_city("nanchang")
        _insert_tree(build_schools(random.Random(SEED), city))
        line = load_demo()
    assert "8985 annual statistics" in line
    assert load_demo().endswith("nothing added")  # idempotent
    for year in (2019, 2023):
        expected = hand_count(year)
        computed = {code: kpi_compute(code, year=year, scope=city) for code in expected}
        assert computed == expected, year
    assert hand_count(2023)["registry.new_public_kg"] == 24  # the plan's "22 所以上" is live

    # Some districts pass 优质均衡 and some fail; a few schools are oversized.
    result = youzhi_for_year(youzhi_evaluation(load_area_unscoped(city)), 2023)
    primary = {d["district"]: d for d in result["stages"][0]["districts"]}
    assert primary["西湖区"]["passes_resource_allocation"] is True
    assert primary["东湖区"]["passes_resource_allocation"] is False
    assert primary["东湖区"]["n_passing"] < primary["东湖区"]["n_schools"]
    assert not primary["进贤县"]["all_cv_ok"]
    oversized = sum(d["n_oversize_schools"] for d in primary.values())
    assert 1 <= oversized <= 10
    assert Unit.objects.filter(kind="school").count() == 1797
