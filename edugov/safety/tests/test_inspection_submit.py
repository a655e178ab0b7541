"""The inspection service: every failed item becomes a hazard with its case, the deadline
follows the level, a 重大 hazard reaches the district and the city the same day, and the
same form submitted twice stores one inspection."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from edugov.casework.models import Case, Notification
from edugov.core.context import acting

from ..models import Hazard, Inspection, InspectionResult
from ..services import Answer, inspection_submit
from .world import NOW, inspect

pytestmark = pytest.mark.django_db


def test_each_failed_item_opens_a_hazard_case_led_by_the_school_and_supervised_by_the_district(
    cast, items
):
    inspection = inspect(
        cast.donghu_principal, cast.donghu_school, items, failed=("XF-01", "XF-02")
    )
    assert (inspection.items, inspection.failed) == (3, 2)
    assert InspectionResult.objects.filter(inspection=inspection).count() == 3
    hazards = {h.result.item.code: h for h in Hazard.objects.select_related("case", "result__item")}
    assert set(hazards) == {"XF-01", "XF-02"}
    case = hazards["XF-01"].case
    assert case.case_type == "safety_hazard" and case.state == "rectifying"
    assert (case.lead_unit, case.supervising_unit, case.unit) == (
        cast.donghu_school,
        cast.donghu,
        cast.donghu_school,
    )
    assert case.subject == hazards["XF-01"]
    assert case.number.startswith("隐患〔2023〕")


@pytest.mark.parametrize(
    ("level", "due"),
    # Monday 2023-09-25 + N working days (中秋/国庆: 9-29 … 10-6 off, 10-7 and 10-8 worked).
    [("general", "2023-10-08"), ("serious", "2023-10-13"), ("major", "2023-10-27")],
)
def test_the_deadline_follows_the_level(cast, items, level, due):
    inspect(cast.donghu_principal, cast.donghu_school, items, failed=("XF-01",), level=level)
    hazard = Hazard.objects.select_related("case").get()
    assert hazard.level == level
    assert hazard.case.due_at.astimezone(NOW.tzinfo).date().isoformat() == due


def test_the_deadlines_are_configuration(cast, items, settings):
    settings.EDUGOV_SAFETY_HAZARD_DEADLINES = {"general": "1 个工作日"}
    inspect(cast.donghu_principal, cast.donghu_school, items, failed=("XF-02",))
    assert Case.objects.get().due_at.date().isoformat() == "2023-09-26"


def test_a_major_hazard_is_told_to_the_district_and_the_city_the_same_day(cast, items):
    inspect(cast.donghu_principal, cast.donghu_school, items, failed=("XF-03",), level="major")
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert {"donghu_admin", "city_admin"} <= told
    assert "jinxian_principal" not in told


def test_a_general_hazard_is_not_sent_to_the_city(cast, items):
    inspect(cast.donghu_principal, cast.donghu_school, items, failed=("XF-02",), level="general")
    assert not Notification.objects.filter(recipient=cast.city_admin).exists()


def test_the_same_form_submitted_twice_stores_one_inspection(cast, items):
    key = uuid.uuid4()
    first = inspect(cast.donghu_principal, cast.donghu_school, items, failed=("XF-01",), key=key)
    again = inspect(cast.donghu_principal, cast.donghu_school, items, failed=("XF-01",), key=key)
    assert again.pk == first.pk
    assert Inspection.objects.count() == 1
    assert Hazard.objects.count() == 1 and Case.objects.count() == 1


def test_a_resubmitted_key_of_another_school_is_not_revealed(cast, items):
    key = uuid.uuid4()
    inspect(cast.donghu_principal, cast.donghu_school, items, key=key)
    with pytest.raises(PermissionDenied):
        inspect(cast.jinxian_principal, cast.jinxian_school, items, key=key)


def _submit(user, school, answers):
    with acting(user):
        return inspection_submit(
            user=user,
            inspection=Inspection(
                key=uuid.uuid4(), school=school, checklist="XF", version=1, date=NOW.date()
            ),
            answers=answers,
            now=NOW,
        )


def test_every_item_must_be_answered_and_a_failure_described(cast, items):
    with pytest.raises(ValidationError, match="XF-03"):
        _submit(
            cast.donghu_principal,
            cast.donghu_school,
            {items[0].pk: Answer(True), items[1].pk: Answer(True)},
        )
    with pytest.raises(ValidationError, match="XF-02"):
        _submit(
            cast.donghu_principal,
            cast.donghu_school,
            {items[0].pk: Answer(True), items[1].pk: Answer(False), items[2].pk: Answer(True)},
        )
    assert not Inspection.objects.exists()


def test_a_principal_cannot_record_an_inspection_of_another_school(cast, items):
    with pytest.raises(PermissionDenied):
        _submit(
            cast.donghu_principal,
            cast.jinxian_school,
            {i.pk: Answer(True) for i in items},
        )
    assert not Inspection.objects.exists()


def test_a_district_spot_check_is_owned_by_the_district(cast, items):
    inspect(cast.donghu_officer, cast.donghu_school, items, failed=("XF-01",))
    case = Case.objects.get()
    assert (case.unit, case.lead_unit) == (cast.donghu, cast.donghu_school)
