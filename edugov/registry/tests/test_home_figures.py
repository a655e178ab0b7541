"""One definition per statistic: the home page's kindergarten cards are the work plan's
KPI sources, and the registry selectors never read unscoped by accident."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from edugov.registry.selectors import (
    approved_statistics,
    approved_statistics_unscoped,
    load_area,
    load_area_unscoped,
)
from edugov.workplan.kpis import kpi_compute

pytestmark = pytest.mark.django_db

CODES = ("registry.public_kg_share", "registry.inclusive_coverage")


def _card(body: str, code: str) -> str:
    match = re.search(rf'data-testid="kpi-{re.escape(code)}" data-value="([^"]*)"', body)
    assert match, code
    return match.group(1)


@pytest.mark.parametrize(("who", "scope"), [("city_admin", "city"), ("donghu_officer", "donghu")])
def test_the_home_page_shows_the_work_plans_kpi_on_the_same_data(
    cast, kindergartens, client_for, who, scope
):
    # The kindergartens' Unit.enrolment (800 each, one public Unit of four) says 25 %;
    # the approved statistics through the indicator engine say 60 % for the city.
    body = client_for(getattr(cast, who)).get(reverse("core:home")).content.decode()
    for code in CODES:
        work_plan = kpi_compute(code, year=2023, scope=getattr(cast, scope))
        assert work_plan is not None and _card(body, code) == str(work_plan)
    assert "2023" in body


def test_the_city_figure_is_the_pooled_share_not_the_enrolment_count(
    cast, kindergartens, client_for
):
    body = client_for(cast.city_admin).get(reverse("core:home")).content.decode()
    assert _card(body, CODES[0]) == "60.00" and ">60%<" in body.replace(".00", "")


def test_a_user_who_may_not_read_the_statistics_sees_no_figure(cast, kindergartens, client_for):
    body = client_for(cast.sysadmin).get(reverse("core:home")).content.decode()
    assert _card(body, CODES[0]) == "" and "60" not in _card(body, CODES[1])


def test_a_selector_without_a_user_raises(cast):
    with pytest.raises(TypeError):
        approved_statistics(cast.city, None)
    with pytest.raises(TypeError):
        load_area(cast.city, None)
    with pytest.raises(TypeError):
        load_area(cast.city)  # type: ignore[call-arg]


def test_the_unscoped_reads_see_every_approved_row_under_the_scope(cast, kindergartens):
    assert approved_statistics_unscoped(cast.city).count() == 4
    assert approved_statistics(cast.city, cast.jinxian_principal).count() == 0
    assert len(load_area_unscoped(cast.donghu).kindergartens) == 3


# Modules allowed to read the registry unscoped: computations that are no one's view.
UNSCOPED_CALLERS = {
    "registry/selectors.py": "defines them",
    "registry/kpis.py": "the work plan's KPI sources, computed over a unit's scope",
    "training/selectors.py": "defines the 课后服务 KPI reads and the public lookup",
    "fitness/selectors.py": "defines the 体质健康 优良率 KPI reads (counts over a unit)",
    "fitness/kpis.py": "the 优良率 work-plan KPI source over a unit's scope",
    "training/views/public.py": "the public lookup page: no user, the public columns only",
    "private/kpis.py": "民办义务教育在校生占比, a work-plan KPI source over a unit's scope",
    "projects/selectors.py": "defines added_places_unscoped: the places brought into use "
    "(投用) under a unit for a school year, the capacity the registry and enrolment add",
    "teachers/selectors.py": "defines the 交流轮岗, 继续教育 and 生师比 KPI reads over a unit",
    "teachers/kpis.py": "the teachers' work-plan KPI sources over a unit's scope",
    "portfolio/selectors.py": "defines zhongkao_flags_unscoped: the 综评达标 flag an "
    "admission run derives for its own candidates (admissions/flag_sources.py)",
    "programmes/selectors.py": "defines the party organizations' coverage KPI reads (counts "
    "of schools over a unit); the page's ``coverage(user)`` reads the reader's scope root",
}


def test_the_unscoped_selectors_are_called_only_from_kpi_computation():
    root = Path(__file__).resolve().parents[2]
    callers = {
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "tests" not in p.parts and re.search(r"\w+_unscoped\(", p.read_text("utf-8"))
    }
    assert callers <= set(UNSCOPED_CALLERS), callers - set(UNSCOPED_CALLERS)


@pytest.mark.parametrize(("who", "scope"), [("city_admin", "city"), ("donghu_officer", "donghu")])
def test_the_kindergarten_evaluation_and_the_work_plan_show_one_figure(
    cast, kindergartens, client_for, who, scope
):
    # Issue 15, defect 4: the home page said 51 % and the evaluation page 56.0 % for the
    # same city and year. One figure, one source: the page, the card and the plan agree.
    from edugov.registry.evaluations import percent

    unit = getattr(cast, scope)
    page = client_for(getattr(cast, who)).get(
        reverse("registry:kindergarten", args=[unit.pk]), {"year": 2023}
    )
    assert page.status_code == 200
    shown = page.context["area"]["indicators"]
    home = client_for(getattr(cast, who)).get(reverse("core:home")).content.decode()
    for code in CODES:
        indicator = code.split(".", 1)[1].replace("public_kg_share", "kg_public_share")
        indicator = indicator.replace("inclusive_coverage", "kg_inclusive_coverage")
        value = percent(shown[indicator]["value"])
        assert value == kpi_compute(code, year=2023, scope=unit)
        assert _card(home, code) == str(value)


def test_the_home_pages_figure_follows_a_write_that_left_no_audit_event(
    cast, kindergartens, client_for, settings
):
    # The figure used to be cached under the audit chain's head (EDUGOV_FIGURE_CACHE, on
    # outside the tests): a write that passes no audited service (a bulk fix, a restore,
    # a migration) left the home page on the old figure. It is now computed per request.
    from edugov.registry.models import AnnualStatistics

    settings.EDUGOV_FIGURE_CACHE = True  # as production ran
    client = client_for(cast.city_admin)
    assert _card(client.get(reverse("core:home")).content.decode(), CODES[0]) == "60.00"
    private = AnnualStatistics.objects.filter(
        year=2023, school__ownership="private", school__inclusive=False, school__parent=cast.donghu
    )
    assert private.update(k1=0, k2=0, k3=0) == 1  # 100 private children fewer: 300 of 400
    assert _card(client.get(reverse("core:home")).content.decode(), CODES[0]) == "75.00"
