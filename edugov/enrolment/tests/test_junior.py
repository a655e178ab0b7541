"""Junior grade 1 (小升初): the age rule (12 by 31 August), the 对口直升 category from
the plan's paired primary schools, its place first in the placement order, and the
configuration that ranks feeders by their catchment facts instead."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from edugov.core.context import acting
from edugov.enrolment import rules
from edugov.enrolment.models import Application, Catchment, Community, SchoolPlan, Status
from edugov.enrolment.services import application_submit, placement_prepare

from . import world

CATS = ("home_and_household", "household_only", "home_only", "migrant")


def test_the_order_puts_feeders_first_for_junior_only():
    assert rules.order("junior", CATS, feeder_first=True) == ["feeder", *CATS, "none"]
    assert rules.order("primary", CATS, feeder_first=True) == [*CATS, "none"]
    assert rules.order("junior", CATS, feeder_first=False) == [*CATS, "none"]


def test_the_junior_category():
    assert rules.junior_category("migrant", from_feeder=True, feeder_first=True) == "feeder"
    assert rules.junior_category("migrant", from_feeder=False, feeder_first=True) == "migrant"
    assert rules.junior_category("none", from_feeder=True, feeder_first=False) == "none"


@pytest.fixture
def junior(cast, db):
    c = Catchment.objects.create(
        district=cast.donghu,
        year=2026,
        name="一中学区",
        published_at=world.NOW - dt.timedelta(days=30),
    )
    c.schools.add(cast.donghu_junior)
    Community.objects.create(catchment=c, name="一中小区")
    plan = SchoolPlan.objects.create(school=cast.donghu_junior, year=2026, stage="junior", seats=1)
    plan.feeders.add(cast.donghu_school)
    cast.junior_plan = plan
    return cast


def submit(cast, serial, *, birth=dt.date(2014, 3, 1), from_school=None, facts=world.HOME):
    user = world.parent(f"1390000030{serial}")
    with acting(user):
        return application_submit(
            user=user,
            idempotency_key=f"j{serial}",
            school=cast.donghu_junior,
            stage="junior",
            child_name=f"少年{serial}",
            child_id=world.child_id(birth, serial),
            birth_date=birth,
            community="一中小区",
            facts=facts,
            from_school=from_school,
            now=world.NOW,
        )


@pytest.mark.django_db
def test_a_feeder_pupil_is_placed_before_a_catchment_child(junior):
    feeder = submit(junior, 1, from_school=junior.donghu_school, facts=world.HOME)
    other = submit(junior, 2, facts=world.HOME)  # 房户一致, from no paired school
    elsewhere = submit(junior, 3, from_school=junior.jinxian_school)
    assert (feeder.category, other.category) == ("feeder", "home_and_household")
    assert elsewhere.category == "home_and_household"  # not a paired primary school
    assert feeder.from_school == junior.donghu_school
    Application.objects.filter(pk__in=[feeder.pk, other.pk]).update(status=Status.APPROVED)
    with acting(junior.donghu_officer):
        draw = placement_prepare(
            user=junior.donghu_officer, plan=junior.junior_plan, public_number_rule="x"
        )
    assert draw is None  # one seat, one feeder: no lottery
    feeder.refresh_from_db()
    other.refresh_from_db()
    assert (feeder.status, feeder.placed_school) == (Status.PLACED, junior.donghu_junior)
    assert other.status == Status.UNPLACED


@pytest.mark.django_db
@override_settings(EDUGOV_ENROLMENT={"junior_feeder_first": False})
def test_feeders_rank_by_their_facts_when_the_city_says_so(junior):
    app = submit(junior, 4, from_school=junior.donghu_school, facts=world.HOME)
    assert app.category == "home_and_household"


@pytest.mark.django_db
def test_the_junior_age_is_twelve_by_the_cut_off(junior):
    assert submit(junior, 5, birth=dt.date(2014, 8, 31)).category == "home_and_household"
    with pytest.raises(ValidationError) as err:
        submit(junior, 6, birth=dt.date(2014, 9, 1))
    assert "2026-08-31" in str(err.value) and "12" in str(err.value)


@pytest.mark.django_db
def test_the_form_takes_the_stage_and_the_primary_school_attended(junior, client_for):
    from django.urls import reverse

    user = world.parent("13900000399")
    client = client_for(user)
    url = reverse("enrolment:application_new")
    page = client.get(url).content.decode()
    assert 'name="stage"' in page and junior.donghu_school.name in page  # a feeder offered
    birth = dt.date(2014, 3, 1)
    response = client.post(
        url,
        {
            "school": junior.donghu_junior.pk,
            "stage": "junior",
            "from_school": junior.donghu_school.pk,
            "child_name": "少年九",
            "child_id": world.child_id(birth, 9),
            "birth_date": birth.isoformat(),
            "community": "一中小区",
            "household_in_catchment": "on",
            "property_in_catchment": "on",
            "property_since": "2020-01-01",
            "key": "form-junior",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    app = Application.objects.get(parent=user)
    assert (app.stage, app.category, app.from_school) == ("junior", "feeder", junior.donghu_school)
